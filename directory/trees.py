"""The place and topic trees: how deep they nest, how to walk up them, and how to read them.

Every walk of the two trees is here, so that each is written once: up from a node (`upward`, for a model's
`ancestors()` and for the places a party lies in), in a query (`TreeQuerySet`: the rows beneath some rows,
or above them, in one query each), in memory over rows already read (`Tree`: the facets' depths and order),
and as the rows of a closure table (`closure`). Nothing of the project is imported here: the models, the
search and the facets all build on it.
"""

from django.db import models
from django.db.models import Q

# How deep places and topics may nest: a province, a city inside it, a county
# inside the city, a town inside the county. Deeper trees are refused in
# validation, so that "this place and everything inside it" stays one query.
MAX_DEPTH = 4


def upward(node, parent_of):
    """`node` and the nodes above it, nearest first; stops at a loop rather than spin.

    `parent_of(node)` gives a node's parent, or None at the top: a model's `parent`, or a primary key's
    parent's key from a dictionary. Nodes are told apart by their `pk` where they have one (model
    instances, of which one row may have several) and by themselves otherwise (primary keys).
    """
    seen = set()
    while node is not None:
        key = getattr(node, "pk", node)
        if key in seen:
            return
        seen.add(key)
        yield node
        node = parent_of(node)


def reaching(step, nodes):
    """The condition "one of these nodes, or `step` leads to one of them in at most MAX_DEPTH - 1 steps".

    With `step` "parent", the nodes and those beneath them; with "children", the nodes and those above them.
    The nodes are instances, primary keys or a queryset (then read in a subquery).
    """
    if not isinstance(nodes, models.QuerySet):
        nodes = [getattr(node, "pk", node) for node in nodes]
    condition = Q(pk__in=nodes)
    lookup = step
    for _depth in range(MAX_DEPTH - 1):
        condition |= Q(**{f"{lookup}__in": nodes})
        lookup += f"__{step}"
    return condition


def closure(parents):
    """Every (node, ancestor, depth) of a tree given as {node: its parent, or None}: each node with itself at
    depth 0 and each node above it at its distance, up to the top or to a loop. A parent that is not a node
    of the tree (a row not yet saved) ends the walk: the rows of a closure table (directory/ancestry.py).
    """
    for node in parents:
        for depth, ancestor in enumerate(upward(node, parents.get)):
            if ancestor not in parents:
                break
            yield node, ancestor, depth


class TreeQuerySet(models.QuerySet):
    """Places and topics: trees of rows with a slug and a parent."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_descendants(self, nodes):
        """These rows (instances, primary keys or a queryset) and every row beneath them, in one query."""
        return self.filter(reaching("parent", nodes))

    def with_ancestors(self, nodes):
        """These rows (instances, primary keys or a queryset) and every row they lie in, in one query."""
        return self.filter(reaching("children", nodes)).distinct()


class Tree:
    """Nodes already read (each with its `pk` and `parent_id`), walked in memory: no query.

    The facets read every place or topic once and then need each one's depth and the nodes in the order of a
    tree (the database adds the counts up the tree: directory/ancestry.py); a tree that validation would
    refuse (a loop) still gives each node once.
    """

    def __init__(self, nodes):
        self.nodes = list(nodes)
        self.parents = {node.pk: node.parent_id for node in self.nodes}

    def upward(self, pk):
        """This node's pk and its ancestors', nearest first."""
        return upward(pk, self.parents.get)

    def depth(self, pk):
        """How many nodes lie above this one: 0 for a county, a province or a broad topic."""
        return sum(1 for _node in self.upward(pk)) - 1

    def depth_first(self):
        """The nodes from the top down, each followed by the nodes beneath it; nodes with the same parent in
        the order they were given (give them in the page's name order)."""
        children = {}
        for node in self.nodes:
            children.setdefault(node.parent_id, []).append(node)

        def walk(parent_id):
            for node in children.get(parent_id, []):
                yield node
                yield from walk(node.pk)

        return list(walk(None))
