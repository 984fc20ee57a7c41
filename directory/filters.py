import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import Milestone, Partnership, Place, Topic
from .widgets import LongSelectMultiple

MAX_QUERY_LENGTH = 200


class PartnershipFilter(django_filters.FilterSet):
    """The list's query parameters, shared by the page and its data twins.

    A value the form cannot use is left out and reported in `errors`; every
    other filter still applies.
    """

    SORTS = {
        "signed": [F("signed_earliest").asc(nulls_last=True), "signed_latest", "slug"],
        "-signed": [F("signed_latest").desc(nulls_last=True), "-signed_earliest", "slug"],
        "name": ["norwegian_party__name", "chinese_party__name", "slug"],
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A place in English, Norwegian, Chinese or pinyin, a topic or a word from a summary."),
    )
    place = django_filters.ModelMultipleChoiceFilter(
        label=_("Place"),
        queryset=Place.objects.only("slug", "name"),  # the choices show names only
        to_field_name="slug",
        method="filter_place",
        widget=LongSelectMultiple,
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        widget=LongSelectMultiple,
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Partnership.Kind.choices)
    signed_from = django_filters.NumberFilter(
        label=_("Signed from (year)"), method="filter_signed_from", min_value=1, max_value=9999
    )
    signed_to = django_filters.NumberFilter(
        label=_("Signed to (year)"), method="filter_signed_to", min_value=1, max_value=9999
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("signed", _("Date signed, oldest first")),
            ("-signed", _("Date signed, newest first")),
            ("name", _("Name")),
        ],
    )

    class Meta:
        model = Partnership
        fields = ["q", "place", "topic", "kind", "signed_from", "signed_to", "sort"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            milestone = Milestone.objects.filter(partnership=OuterRef("pk"), text__icontains=word)
            topic = Topic.objects.filter(partnerships=OuterRef("pk"), name__icontains=word)
            condition = Q(summary__icontains=word) | Exists(milestone) | Exists(topic)
            for party in ("norwegian_party", "chinese_party"):
                for field in ("name", "native_name", "pinyin"):
                    condition |= Q(**{f"{party}__{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def filter_place(self, queryset, name, value):
        return queryset.involving(value) if value else queryset

    def filter_topic(self, queryset, name, value):
        return queryset.about(value) if value else queryset

    def filter_signed_from(self, queryset, name, value):
        return queryset.signed_between(first_year=int(value))

    def filter_signed_to(self, queryset, name, value):
        return queryset.signed_between(last_year=int(value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])

    @property
    def problems(self):
        """What the query string asked for that could not be used, as {parameter: [message, ...]}."""
        return {field: list(messages) for field, messages in self.errors.items()}
