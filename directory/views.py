from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
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
        return self.get_filterset().qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.get_filterset(), **kwargs)


class PartnershipDetailView(DetailView):
    """One published partnership; staff who may view partnerships also see drafts, under a banner."""

    template_name = "directory/partnership_detail.html"

    def get_queryset(self):
        user = self.request.user
        if user.is_staff and user.has_perm("directory.view_partnership"):
            return Partnership.objects.with_related()
        return Partnership.objects.published().with_related()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class PlaceDetailView(DetailView):
    model = Place
    template_name = "directory/place_detail.html"

    def get_queryset(self):
        return Place.objects.select_related("parent", "successor")

    def get_context_data(self, **kwargs):
        partnerships = Partnership.objects.published().with_related().involving([self.object])
        return super().get_context_data(partnerships=partnerships, **kwargs)


def whole_number(text, max_digits=9):
    """The number written in ASCII digits, or None (not "²", not "٣", not ten thousand digits)."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None


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
            page_size = whole_number(raw_size)
            if page_size is None or not 1 <= page_size <= self.max_page_size:
                problems["page_size"] = [f"Give a whole number from 1 to {self.max_page_size}."]
        number = whole_number(request.GET.get("page", "1"))
        if number is None or number < 1:
            problems["page"] = ["Give a page number: a whole number from 1."]
        if problems:
            return JsonResponse({"errors": problems}, status=HTTPStatus.BAD_REQUEST)
        paginator = Paginator(filterset.qs, page_size)
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
        partnership = Partnership.objects.published().with_related().filter(slug=slug).first()
        if partnership is None:
            return JsonResponse(
                {"errors": {"slug": ["No published partnership has this slug."]}}, status=HTTPStatus.NOT_FOUND
            )
        return JsonResponse(partnership_data(partnership, request), json_dumps_params={"ensure_ascii": False})


def healthz(request):
    """503 when the database cannot be reached; a lost cache is reported but slows, not stops, the site."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        checks["database"] = f"unreachable ({type(error).__name__})"
    try:
        cache.get("healthz")
    except Exception as error:  # Any cache backend's failure means the same here.
        checks["cache"] = f"unreachable ({type(error).__name__})"
    if checks["database"] != "ok":
        response = JsonResponse({"status": "unavailable", **checks}, status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", **checks})
