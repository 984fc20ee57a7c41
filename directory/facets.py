"""The facet engine: how many partnerships each place, topic and kind would give, and the choices that show it.

The list's filters (`directory.filters.PartnershipFilter`) say which partnerships each facet counts from;
this module counts them and builds the choices, in a few queries whatever the number of partnerships. The
counts are worked out up the place and topic trees in Python (`directory.trees.Tree`): a place counts the
partnerships of every place inside it, a topic those of its subtopics. The home page counts its regions
and broad topics here too, so that a number on it is the number the list's facets give.

A facet is sized for people: a long one shows the `FACET_SIZE` choices with the most results and every
chosen one, and says how many it left out; the list shows one in full when its query string asks
(`all`, docs/contracts.md).
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Country, Partnership
from .translations import in_name_order
from .trees import Tree


@dataclass
class Choice:
    value: str
    label: object  # a str, or a place's or topic's `Translated` name
    count: int
    selected: bool
    obj: object = None
    depth: int = 0


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


def build_facets(without, places, topics, kind_counts, chosen, in_full=()):
    """Each choice of place, topic and kind with how many results it would give.

    `without(name)` gives the partnerships every filter but `name` selects: a choice's count applies every
    other filter, what ticking it alone would give. `places` and `topics` are every place and topic (read
    once, and shared with the filters), `kind_counts` what `kind_counts` gives, and `chosen` {parameter:
    the slugs or kinds chosen}. Two queries: the parties and the topics of the partnerships the other
    filters select (`place_counts`, `topic_counts`); the caller has read the kind counts.

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
    for place, choice in tree_choices(tree, place_counts(without("place"), tree), chosen.get("place", ())):
        by_country[place.country].choices.append(choice)
    for facet in by_country.values():
        facet.size(tree, facet.key in in_full)

    tree = Tree(in_name_order(topics))
    counts = topic_counts(without("topic"), tree)
    topic_facet = Facet(
        "topic", _("Topics"), TOPICS, ngettext_lazy("All %(count)s topic", "All %(count)s topics", "count")
    )
    topic_facet.choices = [choice for _topic, choice in tree_choices(tree, counts, chosen.get("topic", ()))]
    topic_facet.size(tree, TOPICS in in_full)

    kind_facet = Facet("kind", _("Kind of agreement"), "kind")
    chosen_kinds = set(chosen.get("kind", ()))
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
            yield node, Choice(node.slug, node.local_name, counts[node.pk], selected, node, tree.depth(node.pk))


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


def place_counts(partnerships, tree):
    """{place pk: how many of these partnerships involve it or a place inside it}, in one query.

    `tree` is the `Tree` of every place. The query reads each partnership's two parties (counting them here
    is cheaper than a GROUP BY, which makes the database scan every partnership in party order).
    """
    return count_places(partnerships.order_by().values_list("norwegian_party", "chinese_party"), tree)


def topic_counts(partnerships, tree):
    """{topic pk: how many of these partnerships are about it or one of its subtopics}, in one query.

    `tree` is the `Tree` of every topic. The query reads each partnership's topics (a few each) from the
    table that tags them.
    """
    pairs = Partnership.topics.through.objects.filter(partnership__in=partnerships.order_by().values("pk"))
    rows = pairs.order_by("partnership", "topic").values_list("partnership", "topic")
    tagged = ([topic for _pk, topic in one] for _pk, one in groupby(rows, itemgetter(0)))
    return count_topics(tagged, tree)


def place_and_topic_counts(partnerships, places, topics):
    """`place_counts` and `topic_counts` of the same partnerships, in one query rather than two: for a page
    that shows both (the home page's regions and broad topics). `places` and `topics` are every place and
    every topic.

    The query reads each partnership's parties with each of its topics (a row for each topic, one row
    without a topic where it has none).
    """
    parties = {}
    tagged = {}
    rows = partnerships.order_by().values_list("pk", "norwegian_party", "chinese_party", "topics")
    for pk, norwegian, chinese, topic in rows:
        parties[pk] = (norwegian, chinese)
        if topic is not None:
            tagged.setdefault(pk, []).append(topic)
    return count_places(parties.values(), Tree(places)), count_topics(tagged.values(), Tree(topics))


def count_places(parties, tree):
    """{place pk: how many of the partnerships involve it or a place inside it}, from each one's (Norwegian
    party, Chinese party).

    Each party counts for itself and the places above it. A chain of places above a party holds each place
    at most once and the two parties are in different countries, so no partnership counts twice for a place.
    """
    direct = Counter()
    for norwegian, chinese in parties:
        direct[(norwegian,)] += 1
        direct[(chinese,)] += 1
    return tree.totals(direct)


def count_topics(tagged, tree):
    """{topic pk: how many of the partnerships are about it or one of its subtopics}, from each one's topics.

    Partnerships with the same topics are counted together, and each such group counts once for every topic
    it has and every broader topic above them, however many of its topics share one.
    """
    return tree.totals(Counter(tuple(sorted(topics)) for topics in tagged))
