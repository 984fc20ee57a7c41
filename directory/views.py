from http import HTTPStatus

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Case, Q, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from .anniversaries import upcoming
from .data import partnership_data
from .filters import PartnershipFilter, place_counts, topic_counts
from .models import Country, Partnership, Place, Topic


class FilteredPartnershipsMixin:
    """The published partnerships the query string selects."""

    def get_base_queryset(self):
        return Partnership.objects.published().with_related()

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = PartnershipFilter(self.request.GET, queryset=self.get_base_queryset())
        return self.filterset


def for_cards(partnerships):
    """What a list of partnership cards shows, in a fixed number of queries."""
    return partnerships.select_related("norwegian_party__parent", "chinese_party__parent").prefetch_related("topics")


class HomeView(TemplateView):
    template_name = "directory/home.html"
    anniversaries_shown = 10

    def get_context_data(self, **kwargs):
        published = Partnership.objects.published()
        with_parties = published.select_related("norwegian_party", "chinese_party")
        return super().get_context_data(
            count=published.count(),
            newest=with_parties.order_by("-published_at", "slug")[:5],
            anniversaries=upcoming(with_parties, timezone.localdate())[: self.anniversaries_shown],
            region_lists=self.region_lists(published),
            topics=counted(Topic.objects.filter(parent=None), topic_counts(published)),
            **kwargs,
        )

    def region_lists(self, published):
        """Counties and provinces with partnerships, each with how many involve it or a place inside it."""
        regions = counted(Place.objects.filter(parent=None), place_counts(published))
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


class PartnershipListView(FilteredPartnershipsMixin, ListView):
    paginate_by = 20
    template_name = "directory/partnership_list.html"

    def get_base_queryset(self):
        return for_cards(Partnership.objects.published())

    def get_queryset(self):
        return self.get_filterset().qs

    def paginate_queryset(self, queryset, page_size):
        return paginate(self.request, queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.get_filterset(), **kwargs)
        page = context["page_obj"]
        context["problems"] = {**self.get_filterset().problems, **page_problem(self.request, page)}
        context["page_range"] = page_range(page)
        return context


def paginate(request, queryset, page_size):
    """ListView's paging, forgiving: a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(queryset, page_size)
    page = paginator.get_page(request.GET.get("page"))
    return paginator, page, page.object_list, page.has_other_pages()


def page_range(page):
    """The page numbers to link to: the first, the last and those around this one."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def page_problem(request, page):
    """What to say when the page asked for is not the page shown."""
    asked = request.GET.get("page")
    if asked is None or asked == str(page.number):
        return {}
    shown = {"asked": asked[:20], "number": page.number, "total": page.paginator.num_pages}
    return {"page": [_("There is no page “%(asked)s”; this is page %(number)d of %(total)d.") % shown]}


class PartnershipDetailView(DetailView):
    template_name = "directory/partnership_detail.html"

    def get_queryset(self):
        return Partnership.objects.published().with_related()

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


class PlaceDetailView(DetailView):
    model = Place
    template_name = "directory/place_detail.html"
    paginate_by = 20

    def get_queryset(self):
        return Place.objects.select_related("parent", "successor")

    def get_context_data(self, **kwargs):
        place = self.object
        partnerships = for_cards(Partnership.objects.published().involving([place]))
        paginator, page, _object_list, is_paginated = paginate(self.request, partnerships, self.paginate_by)
        return super().get_context_data(
            children=place.children.all(),
            predecessors=place.predecessors.all(),
            paginator=paginator,
            page_obj=page,
            is_paginated=is_paginated,
            page_range=page_range(page),
            problems=page_problem(self.request, page),
            **kwargs,
        )


class PartnershipListJSONView(FilteredPartnershipsMixin, View):
    """`/partnerships.json`: the list's partnerships as data, page by page."""

    default_page_size = 50
    max_page_size = 500

    def get(self, request):
        filterset = self.get_filterset()
        problems = filterset.problems
        page_size = self.default_page_size
        raw_size = request.GET.get("page_size")
        if raw_size is not None:
            if raw_size.isdigit() and 1 <= int(raw_size) <= self.max_page_size:
                page_size = int(raw_size)
            else:
                problems["page_size"] = [f"Give a whole number from 1 to {self.max_page_size}."]
        raw_page = request.GET.get("page", "1")
        if not raw_page.isdigit() or int(raw_page) < 1:
            problems["page"] = ["Give a page number: a whole number from 1."]
        if problems:
            return JsonResponse({"errors": problems}, status=HTTPStatus.BAD_REQUEST)
        paginator = Paginator(filterset.qs, page_size)
        number = int(raw_page)
        if number > paginator.num_pages:
            return JsonResponse(
                {"errors": {"page": [f"There are {paginator.num_pages} pages."]}}, status=HTTPStatus.NOT_FOUND
            )
        page = paginator.page(number)
        return JsonResponse(
            {
                "count": paginator.count,
                "next": self.page_url(page.next_page_number()) if page.has_next() else None,
                "previous": self.page_url(page.previous_page_number()) if page.has_previous() else None,
                "results": [partnership_data(p, request) for p in page.object_list],
            },
            json_dumps_params={"ensure_ascii": False},
        )

    def page_url(self, number):
        query = self.request.GET.copy()
        query["page"] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")


class PartnershipDetailJSONView(View):
    """`/partnerships/<slug>.json`: one partnership as data."""

    def get(self, request, slug):
        partnership = get_object_or_404(Partnership.objects.published().with_related(), slug=slug)
        return JsonResponse(partnership_data(partnership, request), json_dumps_params={"ensure_ascii": False})


def healthz(request):
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": type(error).__name__}, status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return JsonResponse({"status": "ok", "database": "ok"})
