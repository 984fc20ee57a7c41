"""The closure tables of the place and topic trees (`PlaceAncestry`, `TopicAncestry`), kept true: the one
place they are written.

Why a closure table, and not django-tree-queries' recursive CTE: the trees are small (hundreds of places, a
few dozen topics) and change rarely, while their counts are read on every page of the list and on the home
page. A closure table turns "this place and every place inside it" into a plain join on an index, which
both SQLite and PostgreSQL plan well inside a GROUP BY, where a recursive CTE would walk the tree again on
every request. Its cost is this module: after any write of a tree, the rows must be put right.

`sync(model)` puts every row of one tree right: it reads the tree's (node, parent) pairs and the stored
rows, and inserts and deletes the difference (a handful of queries, whatever moved: a new node, a node
moved under another parent with everything beneath it, a node whose parent was loaded after it). The
signals (directory/signals.py) call `node_saved` after every save, raw ones included (`loaddata`,
django-reversion's restores), so the admin, the CSV import, `load_directory`, a shell and fixtures all go
through it, in the transaction of the write. A deleted node's rows go with it (`on_delete=CASCADE`).
Writes that send no signals (`bulk_create`, `QuerySet.update`) call `sync` themselves
(directory/synthetic.py); `release` calls it too, for what a previous release's edits left.
"""

from .models import Place, PlaceAncestry, Topic, TopicAncestry
from .trees import closure

CLOSURES = {Place: (PlaceAncestry, "place"), Topic: (TopicAncestry, "topic")}


def sync(model):
    """Put the closure table of `model`'s tree (Place or Topic) right; returns (rows added, rows removed)."""
    table, node = CLOSURES[model]
    parents = dict(model._base_manager.values_list("pk", "parent_id"))
    wanted = {(pk, ancestor): depth for pk, ancestor, depth in closure(parents)}
    stored = {
        (pk, ancestor): (row_pk, depth)
        for row_pk, pk, ancestor, depth in table.objects.values_list("pk", f"{node}_id", "ancestor_id", "depth")
    }
    stale = [row_pk for key, (row_pk, depth) in stored.items() if wanted.get(key) != depth]
    if stale:
        table.objects.filter(pk__in=stale).delete()
    missing = [key for key, depth in wanted.items() if key not in stored or stored[key][1] != depth]
    table.objects.bulk_create(
        [
            table(**{f"{node}_id": pk, "ancestor_id": ancestor, "depth": wanted[pk, ancestor]})
            for pk, ancestor in missing
        ],
        batch_size=1000,
    )
    return len(missing), len(stale)


def node_saved(sender, instance, **kwargs):
    """After any save of a place or topic: nothing to do when its place in the tree is as stored (a new name,
    say), else `sync`."""
    table, node = CLOSURES[sender]
    stored = set(table.objects.filter(**{node: instance.pk, "depth__lte": 1}).values_list("ancestor_id", "depth"))
    expected = {(instance.pk, 0)}
    if instance.parent_id is not None and instance.parent_id != instance.pk:
        expected.add((instance.parent_id, 1))
    # The rest of the table was right before this save, so if this node's own two rows are, so is the table.
    if stored != expected:
        sync(sender)
