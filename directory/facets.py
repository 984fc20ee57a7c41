"""The facet engine: how many partnerships each place, topic and kind would give, and the choices that show it.

The list's filters (`directory.filters.PartnershipFilter`) say which partnerships each facet counts from;
this module counts them and builds the choices, in a few queries whatever the number of partnerships. The
database counts up the place and topic trees, with a GROUP BY over their closure tables
(directory/ancestry.py): a place counts the partnerships of every place inside it, a topic those of its
subtopics. The home page counts its regions
and broad topics here too, so that a number on it is the number the list's facets give.

A facet is sized for people: a long one shows the `FACET_SIZE` choices with the most results and every
chosen one, and says how many it left out; the list shows one in full when its query string asks
(`all`, docs/contracts.md).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Country, Partnership, PlaceAncestry, TopicAncestry
from .translations import in_name_order
from .trees import Tree


@dataclass
class Choice:
    value: str
    name: object  # a kind's label; None for a place or a topic, whose `local_name` is read when it is shown
    count: int
    selected: bool
    obj: object = None
    depth: int = 0

    @property
    def label(self):
        """A str, or a place's or topic's `Translated` name: only for the choices a page shows (a facet has
        hundreds, and shows ten)."""
        return self.obj.local_name if self.name is None else self.name


# How many choices a long facet shows (besides the chosen ones): the ten with the most results. Ten
# checkboxes fit on a phone's screen beside the facet's heading, and a reader takes them in at a glance;
# the county and province facets of a large directory have hundreds. A facet of at most FACET_SIZE +
# FACET_SLACK choices shows them all: a link that hid one to five of them would cost as much as they do.
# (The listed agreements' place facets, of 11 and 13 choices, show in full; their 18 topics are cut.)
FACET_SIZE = 10
FACET_SLACK = 5

# The facets that may be cut, as `all` names them (docs/contracts.md): each a list of choices of its own.
# The kinds are few and never cut.
NORWEGIAN_PLACES, CHINESE_PLACES, TOPICS = "place-no", "place-cn", "topic"
SIZED = (NORWEGIAN_PLACES, CHINESE_PLACES, TOPICS)


@dataclass
class Facet:
    """One parameter's choices, as a group of checkboxes.

    `key` tells the facets apart (the two place facets are both `place`); `total` is how many choices the
    facet has in full, `choices` those it shows, in the page's order; `in_full` whether the query string
    asked for every choice; `all_label` the link to them all ("All 312 Chinese provinces and cities").
    """

    name: str
    label: str
    key: str = ""
    all_label: object = None  # a lazy plural with a `count`
    choices: list = field(default_factory=list)
    total: int = 0
    in_full: bool = False
    query: object = None  # the query string that shows this facet in full, or short again (`filters`)

    @property
    def any_selected(self):
        return any(choice.selected for choice in self.choices)

    @property
    def left_out(self):
        """How many choices the facet does not show."""
        return self.total - len(self.choices)

    @property
    def shortens(self):
        """Whether the facet is shown in full and would be cut without `all`: the page links to the short form."""
        return self.in_full and self.total > FACET_SIZE + FACET_SLACK

    @property
    def short_size(self):
        """How many choices the facet shows when it is cut (besides the chosen ones)."""
        return FACET_SIZE

    @property
    def all_text(self):
        return self.all_label % {"count": self.total} if self.all_label is not None else ""

    def size(self, tree, in_full):
        """Show every choice (`in_full`), or at most `FACET_SIZE` of the choices with the most results, with
        every chosen one; in the page's order either way.

        A place or topic counts every partnership of those beneath it, so it never gives fewer results than
        one of them: the choices with the most results come with the places or topics above them (where
        counts tie, the one above comes first in the page's order). A chosen one beyond them brings the
        places or topics it lies in along, so that it shows under its own as in the full facet.
        """
        self.total = len(self.choices)
        self.in_full = in_full
        if in_full or self.total <= FACET_SIZE + FACET_SLACK:
            return
        ranked = sorted(range(self.total), key=lambda index: -self.choices[index].count)  # stable: page order
        shown = set(ranked[:FACET_SIZE])
        at = {choice.obj.pk: index for index, choice in enumerate(self.choices)}
        for choice in self.choices:
            if choice.selected:
                shown.update(at[pk] for pk in tree.upward(choice.obj.pk) if pk in at)
        self.choices = [choice for index, choice in enumerate(self.choices) if index in shown]


def build_facets(counts, places, topics, chosen, in_full=()):
    """Each choice of place, topic and kind with how many results it would give.

    `counts(name)` gives the counts of the partnerships every filter but `name` selects (`place_counts`,
    `topic_counts` or `kind_counts` of them, or the tallies': directory/tallies.py): a choice's count applies
    every other filter, what ticking it alone would give. `places` and `topics` are every place and topic
    (read once, and shared with the filters), and `chosen` {parameter: the slugs or kinds chosen}.

    A choice shows when it counts some partnerships or is chosen; places and topics come in the page's name
    order, each followed by the places or topics inside it. A long place or topic facet shows only the
    choices with the most results and the chosen ones (`Facet.size`) unless `in_full` holds its key.
    """
    by_country = {
        Country.NORWAY: Facet(
            "place",
            _("Norwegian counties and municipalities"),
            NORWEGIAN_PLACES,
            ngettext_lazy(
                "All %(count)s Norwegian county and municipality",
                "All %(count)s Norwegian counties and municipalities",
                "count",
            ),
        ),
        Country.CHINA: Facet(
            "place",
            _("Chinese provinces and cities"),
            CHINESE_PLACES,
            ngettext_lazy(
                "All %(count)s Chinese province and city", "All %(count)s Chinese provinces and cities", "count"
            ),
        ),
    }
    tree = Tree(in_name_order(places))
    for place, choice in tree_choices(tree, counts("place"), chosen.get("place", ())):
        by_country[place.country].choices.append(choice)
    for facet in by_country.values():
        facet.size(tree, facet.key in in_full)

    tree = Tree(in_name_order(topics))
    topic_facet = Facet(
        "topic", _("Topics"), TOPICS, ngettext_lazy("All %(count)s topic", "All %(count)s topics", "count")
    )
    topic_facet.choices = [choice for _topic, choice in tree_choices(tree, counts("topic"), chosen.get("topic", ()))]
    topic_facet.size(tree, TOPICS in in_full)

    kind_facet = Facet("kind", _("Kind of agreement"), "kind")
    chosen_kinds = set(chosen.get("kind", ()))
    kind_counts = counts("kind")
    for value, label in Partnership.Kind.choices:
        count = kind_counts.get(value, 0)
        if count or value in chosen_kinds:
            kind_facet.choices.append(Choice(value, label, count, value in chosen_kinds))
    kind_facet.total = len(kind_facet.choices)
    return {"places": list(by_country.values()), "topics": topic_facet, "kinds": kind_facet}


def tree_choices(tree, counts, chosen):
    """(node, its `Choice`) for each place or topic of the tree that counts some partnerships or whose slug is
    chosen, in the tree's order (`Tree.depth_first`), each with its depth for the indent."""
    chosen = set(chosen)
    for node in tree.depth_first():
        selected = node.slug in chosen
        if counts[node.pk] or selected:
            yield node, Choice(node.slug, None, counts[node.pk], selected, node, tree.depth(node.pk))


def kind_counts(partnerships):
    """{kind: how many of these partnerships are of it}, in one query."""
    return dict(partnerships.order_by().values_list("kind").annotate(count=Count("pk")))


def result_count(kind_counts, chosen_kinds):
    """How many partnerships the filters select, from the kind counts of the partnerships every other filter
    selects: a partnership has one kind, so the chosen kinds' counts (or all of them) add up to the result,
    and the list needs no COUNT."""
    if chosen_kinds:
        return sum(kind_counts.get(kind, 0) for kind in chosen_kinds)
    return sum(kind_counts.values())


def place_counts(partnerships):
    """{place pk: how many of these partnerships involve it or a place inside it}, in one query: the
    database counts them (`_place_sql`)."""
    return _counts(partnerships.db, [_place_sql(partnerships)])["place"]


def topic_counts(partnerships):
    """{topic pk: how many of these partnerships are about it or one of its subtopics}, in one query: the
    database counts them (`_topic_sql`)."""
    return _counts(partnerships.db, [_topic_sql(partnerships)])["topic"]


def place_and_topic_counts(partnerships):
    """`place_counts` and `topic_counts` of the same partnerships, in one query rather than two: for a page
    that shows both (the home page's regions and broad topics)."""
    counts = _counts(partnerships.db, [_place_sql(partnerships), _topic_sql(partnerships)])
    return counts["place"], counts["topic"]


# The counts are GROUP BYs over the closure tables of the two trees (directory/ancestry.py), one row for
# each node and each node above it. Written as SQL around the filtered partnerships' own query (which the
# ORM compiles), since the ORM cannot group the rows of a subquery: the same SQL on SQLite and PostgreSQL.


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _place_sql(partnerships):
    """(SQL, params) of ('place', place, how many partnerships involve it or a place inside it).

    The filtered partnerships' parties are read in one pass (a subquery of the filtered set: its filters
    narrow it with subqueries of their own, never with a join that repeats a partnership), each row twice
    over (once for each party), counted by party, and each party's count added to every place it lies in: a
    join of a few hundred rows to the closure table, grouped. A place lies in one country and the places
    above a party are each there once, so no partnership counts twice for a place.
    """
    parties, params = _sql(partnerships.order_by().values(norwegian=F("norwegian_party"), chinese=F("chinese_party")))
    by_party = (
        "SELECT CASE s.side WHEN 1 THEN p.norwegian ELSE p.chinese END AS node, COUNT(*) AS n "
        f"FROM ({parties}) p CROSS JOIN (SELECT 1 AS side UNION ALL SELECT 2) s GROUP BY 1"
    )
    return _up_the_tree(PlaceAncestry, "place", by_party, "SUM(c.n)"), params


def _topic_sql(partnerships):
    """(SQL, params) of ('topic', topic, how many partnerships are about it or one of its subtopics): each
    partnership's topics joined to the topics above them, each partnership once however many of its topics
    lie under a topic."""
    tagged = Partnership.topics.through.objects.filter(partnership__in=partnerships.order_by().values("pk"))
    sql, params = _sql(tagged.order_by().values(node=F("topic"), n=F("partnership")))
    return _up_the_tree(TopicAncestry, "topic", sql, "COUNT(DISTINCT c.n)"), params


def _up_the_tree(closure, tree, rows_sql, aggregate):
    """Rows (node, n) of `rows_sql` (its columns named so), added up to each node above them through the
    closure table."""
    quote = connection.ops.quote_name
    table = quote(closure._meta.db_table)
    node = quote(closure._meta.get_field(tree).column)
    ancestor = quote(closure._meta.get_field("ancestor").column)
    return (
        f"SELECT '{tree}', a.{ancestor}, {aggregate} FROM ({rows_sql}) c "
        f"INNER JOIN {table} a ON a.{node} = c.node GROUP BY a.{ancestor}"
    )


def _counts(db, queries):
    """{'place' or 'topic': Counter {node: count}} from the queries of `_place_sql` and `_topic_sql`, run as one."""
    sql = " UNION ALL ".join(query for query, _params in queries)
    params = [param for _query, query_params in queries for param in query_params]
    counts = {"place": Counter(), "topic": Counter()}
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        for tree, node, count in cursor.fetchall():
            counts[tree][node] += int(count)
    return counts
