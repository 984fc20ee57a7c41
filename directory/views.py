from http import HTTPStatus

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView, View

from .data import partnership_data
from .filters import PartnershipFilter
from .models import Partnership, Place


class FilteredPartnershipsMixin:
    """The published partnerships the query string selects."""

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = PartnershipFilter(
                self.request.GET, queryset=Partnership.objects.published().with_related()
            )
        return self.filterset


class HomeView(TemplateView):
    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        published = Partnership.objects.published().select_related("norwegian_party", "chinese_party")
        return super().get_context_data(
            newest=published.order_by("-published_at", "slug")[:5],
            count=published.count(),
            **kwargs,
        )


class PartnershipListView(FilteredPartnershipsMixin, ListView):
    paginate_by = 25
    template_name = "directory/partnership_list.html"

    def get_queryset(self):
        # A card shows the parties only, not the topics, milestones and contacts the data twins need.
        return self.get_filterset().qs.prefetch_related(None)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.get_filterset(), **kwargs)


class PartnershipDetailView(DetailView):
    template_name = "directory/partnership_detail.html"

    def get_queryset(self):
        return Partnership.objects.published().with_related()


class PlaceDetailView(DetailView):
    model = Place
    template_name = "directory/place_detail.html"

    def get_queryset(self):
        return Place.objects.select_related("parent", "successor")

    paginate_by = 25

    def get_context_data(self, **kwargs):
        # Cards show the parties only: no topics, milestones or contacts to fetch. A province can hold
        # hundreds of partnerships, so they come a page at a time, as on the list.
        partnerships = Partnership.objects.published().with_related().prefetch_related(None).involving([self.object])
        page = Paginator(partnerships, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            partnerships=page.object_list, page_obj=page, is_paginated=page.has_other_pages(), **kwargs
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


@never_cache
def healthz(request):
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": type(error).__name__}, status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return JsonResponse({"status": "ok", "database": "ok"})
