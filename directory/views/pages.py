"""The HTML pages people read: home, the list, a partnership, a place, about, accessibility, privacy,
open data, and "not found"."""

import datetime
from http import HTTPStatus

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, Exists, Q, When
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from .. import tallies
from ..anniversaries import Anniversary
from ..data import PUBLIC_CSV_COLUMNS
from ..dates import PartialDate
from ..models import REVIEW_EVERY_YEARS, Contact, Country, Partnership, Place, Publisher, Topic
from ..pictures import agreement_timeline
from ..suggestions import close_matches
from ..translations import current_language, in_name_order
from .listing import FilteredPartnershipsMixin, page_problem, page_range, paginate


def for_cards(partnerships):
    """What a list of partnership cards shows, in a fixed number of queries."""
    return partnerships.select_related("norwegian_party__parent", "chinese_party__parent").prefetch_related("topics")


class HomeView(TemplateView):
    """The directory at a glance: how many partnerships, where and about what, when they were signed, the
    newest and the coming anniversaries. What it counts and lists of the whole directory is kept as data
    (directory/tallies.py): the page reads one row, then the partnerships it names."""

    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        published = Partnership.objects.published()
        counts = tallies.read()
        timeline = agreement_timeline(counts.timeline)
        newest, anniversaries = self.listed(published, counts)
        regions, broad_topics = Place.objects.filter(parent=None), Topic.objects.filter(parent=None)
        return super().get_context_data(
            count=timeline.dated + timeline.undated,
            any_listed_contact=bool(newest) and newest[0].any_listed_contact,
            timeline=timeline,
            published=published,  # for the map, which reads it in one query of its own
            newest=newest,
            anniversaries=anniversaries,
            region_lists=self.region_lists(regions, counts.place),
            topics=counted(in_name_order(broad_topics), counts.topic),
            **kwargs,
        )

    def listed(self, published, counts):
        """The partnerships added last, in the page's language, and the coming anniversaries, as the tallies
        name them, read in one query with their parties.

        Each row also says whether any published partnership has a contact listed publicly, so that the page
        promises "whom to write to" only when it can, without a query of its own.
        """
        newest_pks = counts.newest.get(current_language(), [])
        listed_contacts = Contact.objects.filter(is_public=True, partnership__status=Partnership.Status.PUBLISHED)
        rows = published.filter(pk__in={*newest_pks, *(pk for pk, _years, _date in counts.anniversaries)})
        rows = rows.select_related("norwegian_party", "chinese_party").annotate(
            any_listed_contact=Exists(listed_contacts)
        )
        by_pk = {partnership.pk: partnership for partnership in rows}
        newest = [by_pk[pk] for pk in newest_pks if pk in by_pk]
        anniversaries = [
            Anniversary(by_pk[pk], years, PartialDate.parse(date))
            for pk, years, date in counts.anniversaries
            if pk in by_pk
        ]
        return newest, anniversaries

    def region_lists(self, regions, counts):
        """Counties and provinces with partnerships, each with how many involve it or a place inside it."""
        regions = counted(in_name_order(regions), counts)
        by_country = {country: [region for region in regions if region.country == country] for country in Country}
        return [
            (_("Norwegian counties"), by_country[Country.NORWAY]),
            (_("Chinese provinces and municipalities"), by_country[Country.CHINA]),
        ]


def counted(nodes, counts):
    """The nodes that count some partnerships, each with its `result_count`."""
    found = []
    for node in nodes:
        node.result_count = counts[node.pk]
        if node.result_count:
            found.append(node)
    return found


class PrivacyView(TemplateView):
    """What the directory holds about people, why, for how long, and how to ask for it (docs/contracts.md).

    The contact point is the publisher, which staff edit in the admin.
    """

    template_name = "directory/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            publisher=Publisher.load(),
            review_years=REVIEW_EVERY_YEARS,
            sign_in_record_days=settings.SIGN_IN_RECORD_DAYS,
            **kwargs,
        )


class PartnershipListView(FilteredPartnershipsMixin, ListView):
    paginate_by = 20
    template_name = "directory/partnership_list.html"

    def get_base_queryset(self):
        return for_cards(Partnership.objects.published())

    def get_queryset(self):
        # The list's cards show the parties, not the topics, milestones and contacts the data twins need
        # (topics are in the facets beside them).
        return self.get_filterset().qs.prefetch_related(None)

    def paginate_queryset(self, queryset, page_size):
        return paginate(self.request, queryset, page_size, count=self.get_filterset().result_count)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.get_filterset(), **kwargs)
        page = context["page_obj"]
        context["problems"] = {**self.get_filterset().problems, **page_problem(self.request, page)}
        context["page_range"] = page_range(page)
        return context


class CorrectedAddressMixin:
    """An address that is one the site knows, written another way, is sent on to it for good (301).

    `/places/Rogaland/` goes to `/places/rogaland/` (slugs are lower case), and a partnership's parties
    the other way round, `/partnerships/ningbo-stavanger/`, to `/partnerships/stavanger-ningbo/`; the
    language and the query string are kept. Anything else is still "not found".
    """

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            corrected = self.corrected_object(kwargs["slug"])
            if corrected is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(corrected.get_absolute_url() + (f"?{query}" if query else ""))

    def corrected_object(self, slug):
        lower = slug.lower()
        return self.get_queryset().filter(slug=lower).first() if lower != slug else None


class PartnershipDetailView(CorrectedAddressMixin, DetailView):
    """One published partnership; staff who may view partnerships also see drafts, under a banner."""

    template_name = "directory/partnership_detail.html"
    # A slug is two place slugs (each with hyphens of its own); more parts than this is no partnership's.
    max_slug_parts = 12

    def get_queryset(self):
        user = self.request.user
        if user.is_staff and user.has_perm("directory.view_partnership"):
            return Partnership.objects.with_related()
        return Partnership.objects.published().with_related()

    def corrected_object(self, slug):
        """The partnership at this address in lower case, or whose parties it names the other way round."""
        asked = slug.lower()
        parts = asked.split("-")
        if len(parts) > self.max_slug_parts:
            return None
        condition = Q(slug=asked) if asked != slug else Q(pk__in=[])
        for cut in range(1, len(parts)):
            chinese, norwegian = "-".join(parts[:cut]), "-".join(parts[cut:])
            condition |= Q(chinese_party__slug=chinese, norwegian_party__slug=norwegian)
        return self.get_queryset().filter(condition).first()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        partnership = self.object
        parties = [partnership.norwegian_party, partnership.chinese_party]
        regions = [[party, *party.ancestors()][-1] for party in parties]
        same_places = Q(norwegian_party=parties[0]) | Q(chinese_party=parties[1])
        related = (
            Partnership.objects.published()
            .exclude(pk=partnership.pk)
            .involving(regions)
            .select_related("norwegian_party", "chinese_party")
            .annotate(same_place=Case(When(same_places, then=0), default=1))
            .order_by("same_place", "-signed_latest", "slug")[:6]
        )
        return super().get_context_data(parties=list(zip(parties, regions, strict=True)), related=related, **kwargs)


class PlaceDetailView(CorrectedAddressMixin, DetailView):
    model = Place
    template_name = "directory/place_detail.html"
    paginate_by = 25

    def get_queryset(self):
        return Place.objects.select_related("parent", "successor")

    def get_context_data(self, **kwargs):
        place = self.object
        partnerships = for_cards(Partnership.objects.published().involving([place]))
        paginator, page, _object_list, is_paginated = paginate(self.request, partnerships, self.paginate_by)
        return super().get_context_data(
            partnerships=partnerships,
            children=in_name_order(place.children.all()),
            predecessors=place.predecessors.all(),
            paginator=paginator,
            page_obj=page,
            is_paginated=is_paginated,
            page_range=page_range(page),
            problems=page_problem(self.request, page),
            **kwargs,
        )


@requires_csrf_token
def page_not_found(request, exception):
    """The "not found" page, with the published partnerships and the places whose address or name is close to
    the one asked for, and a search for its words (`directory.suggestions`)."""
    try:
        suggestions = close_matches(request.path_info)
    except DatabaseError:
        suggestions = None  # the page still says "not found"; DatabaseUnavailableMiddleware answers the next one
    return render(request, "404.html", {"suggestions": suggestions}, status=HTTPStatus.NOT_FOUND)


class AboutView(TemplateView):
    """What the directory is, who keeps it, and how to report an error or suggest a partnership.

    Who keeps it, and every address, comes from the publisher row editors keep in the admin.
    """

    template_name = "directory/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            publisher=Publisher.load(), count=Partnership.objects.published().count(), **kwargs
        )


class AccessibilityView(TemplateView):
    """The accessibility statement, in the parts the Norwegian Digitalisation Agency's form for public bodies
    has (uustatus.no): the site and who is responsible, how far it meets the requirements, the known breaches
    and what they mean, how it was tested, feedback, complaints, and the statement's dates.

    The contact is the publisher row's; the breaches and dates are the site's own, kept in the template and
    here, and reviewed whenever a change to the site touches them.
    """

    template_name = "directory/accessibility.html"
    made = datetime.date(2026, 11, 30)
    reviewed = datetime.date(2026, 11, 30)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            publisher=Publisher.load(),
            site_address=self.request.build_absolute_uri(reverse("directory:home")),
            made=self.made,
            reviewed=self.reviewed,
            **kwargs,
        )


class OpenDataView(TemplateView):
    """What can be downloaded, subscribed to and cited, under which licence, and what each CSV column holds."""

    template_name = "directory/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=PUBLIC_CSV_COLUMNS, **kwargs)
