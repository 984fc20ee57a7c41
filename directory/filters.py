from dataclasses import dataclass

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from . import facets
from .models import Partnership, Place, Topic
from .search import named_places

MAX_QUERY_LENGTH = 200

# What the facets and the search's place suggestions never show of a place.
PLACE_FIELDS_NOT_LISTED = ("latitude", "longitude", "history", "dissolved", "successor")

REPEATABLE = ("place", "topic", "kind")

# The parameter that shows a facet in full (docs/contracts.md): not a filter, it changes no result.
ALL = "all"


class SlugsField(forms.MultipleChoiceField):
    """Repeated slugs, kept as text: `PartnershipFilter` looks them up and names the unknown ones."""

    def clean(self, value):
        return [slug for slug in value or [] if isinstance(slug, str) and "\x00" not in slug]


class KnownChoicesField(forms.MultipleChoiceField):
    """Repeatable choices: the known ones are kept, the others left for `PartnershipFilter.problems`."""

    def clean(self, value):
        return [choice for choice in value or [] if self.valid_value(choice)]


class SlugsFilter(django_filters.MultipleChoiceFilter):
    field_class = SlugsField


class KnownChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = KnownChoicesField


class YearField(forms.IntegerField):
    # In the visitor's words rather than Django's ("Ensure this value is greater than or equal to 1").
    default_error_messages = {
        "invalid": _("Give a year as a number, such as 2005."),
        "min_value": _("Give a year from 1 to 9999."),
        "max_value": _("Give a year from 1 to 9999."),
    }


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


@dataclass
class ActiveFilter:
    """A filter in use, and the query string without it."""

    label: str
    value: object  # a str, or a place's or topic's `Translated` name
    query: object


@dataclass
class NamedPlace:
    """A place the search's words name, and the query string that filters by it instead of searching."""

    place: Place
    query: object


class PartnershipFilter(django_filters.FilterSet):
    """The list's query parameters, shared by the page and its data twins.

    A value the form cannot use is left out and reported in `problems`; every
    other filter still applies (an unknown place among known ones leaves the
    known ones in use).
    """

    SORTS = {
        "signed": [F("signed_earliest").asc(nulls_last=True), "signed_latest", "slug"],
        "-signed": [F("signed_latest").desc(nulls_last=True), "-signed_earliest", "slug"],
        "name": None,  # by the names in the page's language: `PartnershipQuerySet.by_name`
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A place in English, Norwegian, Chinese or pinyin, a topic or a word from a summary."),
        error_messages={
            "max_length": _(
                "A search may be at most %(limit_value)d characters long (this one has %(show_value)d); "
                "use fewer words."
            ),
            "null_characters_not_allowed": _("A search cannot hold the character NUL; type it again."),
        },
    )
    place = SlugsFilter(label=_("Place"), method="filter_place")
    topic = SlugsFilter(label=_("Topic"), method="filter_topic")
    kind = KnownChoicesFilter(label=_("Kind"), choices=Partnership.Kind.choices)
    signed_from = YearFilter(label=_("Signed from (year)"), method="filter_signed_from", min_value=1, max_value=9999)
    signed_to = YearFilter(label=_("Signed to (year)"), method="filter_signed_to", min_value=1, max_value=9999)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        error_messages={
            "invalid_choice": _(
                "The list can be sorted by the date signed (oldest or newest first) or by name, not "
                "“%(value)s”; it is sorted by the date signed, oldest first."
            )
        },
        choices=[
            ("signed", _("Date signed, oldest first")),
            ("-signed", _("Date signed, newest first")),
            ("name", _("Name")),
        ],
    )

    class Meta:
        model = Partnership
        fields = ["q", "place", "topic", "kind", "signed_from", "signed_to", "sort"]

    def __init__(self, *args, counts_of_whole=None, **kwargs):
        """`counts_of_whole`, if given, gives the counts of the whole queryset (`tallies.read` for the
        published directory): the facets and the count use them while no other filter narrows it."""
        super().__init__(*args, **kwargs)
        self.counts_of_whole = counts_of_whole

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_place(self, queryset, name, value):
        places = self.chosen("place", value)
        return queryset.involving(places) if places else queryset

    def filter_topic(self, queryset, name, value):
        topics = self.chosen("topic", value)
        return queryset.about(topics) if topics else queryset

    @cached_property
    def places(self):
        """Every place by slug, in one query: to look up the chosen ones and to list the choices (their names
        and places in the tree; not their coordinates or history, which a list of hundreds need not read)."""
        return {place.slug: place for place in Place.objects.defer(*PLACE_FIELDS_NOT_LISTED)}

    @cached_property
    def topics(self):
        """Every topic by slug, in one query."""
        return {topic.slug: topic for topic in Topic.objects.all()}

    def chosen(self, name, slugs):
        """The known places or topics among these slugs (reading them all only when some are asked for)."""
        if not slugs:
            return []
        known = self.places if name == "place" else self.topics
        return [known[slug] for slug in slugs if slug in known]

    def filter_signed_from(self, queryset, name, value):
        return queryset.signed_between(first_year=int(value))

    def filter_signed_to(self, queryset, name, value):
        return queryset.signed_between(last_year=int(value))

    def sort_by(self, queryset, name, value):
        return queryset.by_name() if value == "name" else queryset.order_by(*self.SORTS[value])

    @cached_property
    def problems(self):
        """What the query string asked for that could not be used, as {parameter: [message, ...]}."""
        problems = {name: list(messages) for name, messages in self.errors.items()}
        cleaned = self.form.cleaned_data
        for name in REPEATABLE:
            if name not in cleaned or not hasattr(self.data, "getlist"):
                continue
            known = cleaned[name] if name == "kind" else [item.slug for item in self.chosen(name, cleaned[name])]
            unknown = [value for value in self.data.getlist(name) if value not in known]
            if unknown:
                problems[name] = [
                    format_lazy(
                        _("There is no {name} “{values}”; it was left out."),
                        name=self.filters[name].label.lower(),
                        values="”, “".join(value.replace("\x00", "") for value in unknown),
                    )
                ]
        if hasattr(self.data, "getlist"):
            unknown = [value for value in self.data.getlist(ALL) if value not in facets.SIZED]
            if unknown:
                problems[ALL] = [
                    format_lazy(
                        # In the visitor's words: the page links to each list in full, by its heading.
                        _("There is no list of choices “{values}” to show in full; it was left out."),
                        values="”, “".join(value.replace("\x00", "") for value in unknown),
                    )
                ]
        return problems

    def without(self, name):
        """The partnerships every filter but `name` (and the sort) selects: what a facet counts from."""
        queryset = self.queryset.all()
        self.errors  # noqa: B018  (validates the form)
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name not in {name, "sort"}:
                queryset = self.filters[filter_name].filter(queryset, value)
        return queryset.order_by()

    def narrows(self, name=None):
        """Whether any filter but `name` (and the sort) leaves out some partnerships: a search, a years
        window, a kind, or a place or topic the directory has."""
        self.errors  # noqa: B018  (validates the form)
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name in {name, "sort"} or value in EMPTY_VALUES:
                continue
            if filter_name in {"place", "topic"} and not self.chosen(filter_name, value):
                continue
            return True
        return False

    def counts(self, name):
        """The counts facet `name` shows ("place", "topic" or "kind"): of the partnerships every other filter
        selects, counted now, or the directory's tallies when no other filter narrows them (one row, read
        once: directory/tallies.py)."""
        if self.counts_of_whole is not None and not self.narrows(name):
            return getattr(self.whole_counts, name)
        count = {"place": facets.place_counts, "topic": facets.topic_counts, "kind": facets.kind_counts}[name]
        return count(self.without(name))

    @cached_property
    def whole_counts(self):
        return self.counts_of_whole()

    @cached_property
    def facets(self):
        """Each choice of place, topic and kind with how many results it would give (`directory.facets`).

        At most five queries whatever the number of partnerships: all places, all topics (shared with the
        filters), the parties and the topics of the partnerships the other filters select, and a grouped
        count of kinds; without filters, the directory's tallies in their place.
        Each place and topic facet carries the query string that shows it in full, or short again (`all`).
        """
        self.errors  # noqa: B018  (validates the form)
        cleaned = self.form.cleaned_data
        chosen = {name: cleaned.get(name, []) for name in REPEATABLE}
        built = facets.build_facets(
            lambda name: self.kind_counts if name == "kind" else self.counts(name),
            self.places.values(),
            self.topics.values(),
            chosen,
            self.in_full,
        )
        for facet in [*built["places"], built["topics"]]:
            query = self.data.copy()
            keys = [key for key in self.in_full if key != facet.key]
            query.setlist(ALL, keys if facet.in_full else [*keys, facet.key])
            facet.query = query
        return built

    @cached_property
    def in_full(self):
        """The keys of the facets the query string asks to show in full (`all=place-cn`), known ones only."""
        asked = self.data.getlist(ALL) if hasattr(self.data, "getlist") else []
        return [key for key in facets.SIZED if key in asked]

    @cached_property
    def kind_counts(self):
        """{kind: how many partnerships every other filter selects}, in one query (or from the tallies)."""
        return self.counts("kind")

    @property
    def result_count(self):
        """How many partnerships the filters select, from the kind counts (`directory.facets.result_count`)."""
        counts = self.kind_counts  # validates the form first
        return facets.result_count(counts, self.form.cleaned_data.get("kind"))

    @cached_property
    def active(self):
        """The filters in use, each with the query string that removes it (and goes back to page one)."""
        self.errors  # noqa: B018  (validates the form)
        cleaned = self.form.cleaned_data
        active = []
        if cleaned.get("q"):
            active.append(ActiveFilter(_("Search"), cleaned["q"], self.query_without("q")))
        for place in self.chosen("place", cleaned.get("place", [])):
            active.append(ActiveFilter(_("Place"), place.local_name, self.query_without("place", place.slug)))
        for topic in self.chosen("topic", cleaned.get("topic", [])):
            active.append(ActiveFilter(_("Topic"), topic.local_name, self.query_without("topic", topic.slug)))
        kinds = dict(Partnership.Kind.choices)
        for kind in cleaned.get("kind", []):
            active.append(ActiveFilter(_("Kind"), kinds[kind], self.query_without("kind", kind)))
        if cleaned.get("signed_from") is not None:
            active.append(
                ActiveFilter(_("Signed from"), str(int(cleaned["signed_from"])), self.query_without("signed_from"))
            )
        if cleaned.get("signed_to") is not None:
            active.append(ActiveFilter(_("Signed to"), str(int(cleaned["signed_to"])), self.query_without("signed_to")))
        return active

    @property
    def description(self):
        """The filters in use in words, for the page's title and its shared card: "Place: Rogaland; Topic: Energy"."""
        return pgettext("between the filters of a title", "; ").join(
            pgettext("a filter and its value", "%(label)s: %(value)s")
            % {"label": active.label, "value": Truncator(str(active.value)).chars(40)}
            for active in self.active
        )

    @property
    def title(self):
        """The list's title: "Partnerships", or which filters it shows ("Partnerships (Place: Rogaland)")."""
        if not self.active:
            return gettext("Partnerships")
        return gettext("Partnerships (%(filters)s)") % {"filters": self.description}

    @cached_property
    def only_place(self):
        """The place, when the filters in use are one place and nothing else: its share image shows this list."""
        places = self.chosen("place", self.form.cleaned_data.get("place", [])) if len(self.active) == 1 else []
        return places[0] if len(places) == 1 else None

    @cached_property
    def named_places(self):
        """The places the search's words name ("Did you mean Zhejiang province?"), each with the query string
        that filters by that place instead: its partnerships and those of every place inside it, without the
        partnerships that merely mention it. Places already chosen in the filter are left out."""
        self.errors  # noqa: B018  (validates the form)
        query = self.form.cleaned_data.get("q")
        if not query:
            return []
        chosen = set(self.form.cleaned_data.get("place", []))
        found = []
        for place in named_places(query, self.places.values()):
            if place.slug not in chosen:
                filtered = self.query_without("q")
                filtered.setlist("place", [*filtered.getlist("place"), place.slug])
                found.append(NamedPlace(place, filtered))
        return found

    def query_without(self, name, value=None):
        """The query string without parameter `name` (or only its `value`), for `{% querystring %}`."""
        query = self.data.copy()
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [item for item in query.getlist(name) if item != value])
        return query
