import csv
import datetime
import io
import itertools
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, Count, Exists, F, Q, When, Window
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView, View

from .anniversaries import anniversaries_calendar, upcoming
from .data import (
    PUBLIC_CSV_COLUMNS,
    CSVRows,
    licence_data,
    partnership_data,
    with_csv_related,
)
from .facets import place_and_topic_counts
from .filters import MAX_QUERY_LENGTH, PartnershipFilter
from .models import REVIEW_EVERY_YEARS, Contact, Country, Partnership, Place, Publisher, Topic
from .pictures import agreement_timeline, icons, share
from .suggestions import close_matches
from .translations import in_name_order


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
    newest_shown = 5

    def get_context_data(self, **kwargs):
        published = Partnership.objects.published()
        with_parties = published.select_related("norwegian_party", "chinese_party")
        timeline = agreement_timeline(published)
        newest = self.newest(with_parties)
        places, topics = list(Place.objects.all()), list(Topic.objects.all())
        place_counts, topic_counts = place_and_topic_counts(published, places, topics)
        return super().get_context_data(
            count=timeline.dated + timeline.undated,
            any_listed_contact=bool(newest) and newest[0].any_listed_contact,
            timeline=timeline,
            newest=newest,
            anniversaries=upcoming(with_parties, timezone.localdate(), limit=self.anniversaries_shown),
            region_lists=self.region_lists(places, place_counts),
            topics=counted(in_name_order(topic for topic in topics if topic.parent_id is None), topic_counts),
            **kwargs,
        )

    def newest(self, partnerships):
        """The partnerships added last, by the day each was published and, within a day, by name: an order the
        page shows and says (the rows of one load or import were published within the same second).

        Each row also says whether any published partnership has a contact listed publicly, so that the page
        promises "whom to write to" only when it can, without a query of its own.
        """
        listed_contacts = Contact.objects.filter(is_public=True, partnership__status=Partnership.Status.PUBLISHED)
        return list(
            partnerships.annotate(added=TruncDate("published_at"), any_listed_contact=Exists(listed_contacts)).by_name(
                F("added").desc(nulls_last=True)
            )[: self.newest_shown]
        )

    def region_lists(self, places, counts):
        """Counties and provinces with partnerships, each with how many involve it or a place inside it."""
        regions = counted(in_name_order(place for place in places if place.parent_id is None), counts)
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


class CountedPaginator(Paginator):
    """A paginator told its count, where the page has worked it out already (the list's facets)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its value


def paginate(request, queryset, page_size, count=None):
    """ListView's paging, forgiving: a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(queryset, page_size) if count is None else CountedPaginator(queryset, page_size, count)
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
    paginate_by = 20

    def get_queryset(self):
        return Place.objects.select_related("parent", "successor")

    paginate_by = 25

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


def whole_number(text, max_digits=9):
    """The number written in ASCII digits, or None (not "²", not "٣", not ten thousand digits)."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None


class DataTwinMixin(FilteredPartnershipsMixin):
    """The list's filters for a data twin, which refuses (400) what the page would leave out."""

    max_page_size = 500

    def file_language(self, problems):
        """The language of a file's texts, from `lang` (English without one); a problem when it is unknown.

        The files keep their one address in every language (docs/contracts.md): `lang` asks for another.
        """
        asked = self.request.GET.get("lang")
        if asked is None:
            return settings.LANGUAGE_CODE
        codes = {code.lower(): code for code, _name in settings.LANGUAGES}
        if asked.lower() not in codes:
            problems["lang"] = ["Give one of " + ", ".join(codes) + "."]
            return settings.LANGUAGE_CODE
        return codes[asked.lower()]

    def accepted(self):
        """What each parameter accepts, in words a script's author can act on."""
        return {
            "lang": "the language of the texts: one of " + ", ".join(code for code, _name in settings.LANGUAGES),
            "format": "csv (the default: UTF-8, commas) or excel (UTF-16 with a byte-order mark, tabs)",
            "q": f"free text of at most {MAX_QUERY_LENGTH} characters",
            "place": "a place slug as in /places/<slug>/ (zhejiang, stavanger); repeat for several",
            "topic": "a topic slug (energy, schools); repeat for several",
            "kind": "one of " + ", ".join(Partnership.Kind.values) + "; repeat for several",
            "signed_from": "a year, a whole number from 1 to 9999",
            "signed_to": "a year, a whole number from 1 to 9999",
            "sort": "one of " + ", ".join(PartnershipFilter.SORTS),
            "page": "a page number, a whole number from 1",
            "page_size": f"a whole number from 1 to {self.max_page_size}",
        }

    def bad_request(self, problems):
        """400, naming each parameter that could not be used and what it accepts."""
        accepted = self.accepted()
        return JsonResponse(
            {"errors": problems, "accepted": {name: accepted[name] for name in problems if name in accepted}},
            status=HTTPStatus.BAD_REQUEST,
            json_dumps_params={"ensure_ascii": False},
        )


class PartnershipListJSONView(DataTwinMixin, View):
    """`/partnerships.json`: the list's partnerships as data, page by page."""

    default_page_size = 50

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
            return self.bad_request(problems)
        # The page's rows carry the total (COUNT(*) OVER ()), so that a page needs no COUNT query of its own;
        # only a page past the end asks for the count.
        start = (number - 1) * page_size
        rows = list(filterset.qs.annotate(total=Window(Count("pk")))[start : start + page_size])
        paginator = CountedPaginator(filterset.qs, page_size, rows[0].total if rows else filterset.qs.count())
        if number > paginator.num_pages:
            return JsonResponse(
                {"errors": {"page": [f"There are {paginator.num_pages} pages."]}}, status=HTTPStatus.NOT_FOUND
            )
        page = Page(rows, number, paginator)
        return JsonResponse(
            {
                "count": paginator.count,
                "next": self.page_url(page.next_page_number()) if page.has_next() else None,
                "previous": self.page_url(page.previous_page_number()) if page.has_previous() else None,
                "results": [partnership_data(p, request) for p in page.object_list],
                "licence": licence_data(request),
            },
            json_dumps_params={"ensure_ascii": False},
        )

    def page_url(self, number):
        query = self.request.GET.copy()
        query["page"] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")


class PartnershipListCSVView(DataTwinMixin, View):
    """`/partnerships.csv`: every partnership the list selects, streamed row by row.

    `page` and `page_size` do not apply: the file holds every matching row. The
    rows are read `chunk_size` at a time (through a server-side cursor on
    PostgreSQL), with one query for each chunk's topics and one for its sources,
    and sent as they are written, so memory stays flat however many rows there are.

    `lang` writes the texts meant for people in Norwegian or Chinese. `format=excel` writes what
    Microsoft Excel opens by double-click whatever the computer's language: UTF-16 with a byte-order
    mark, columns separated by tabs. (Excel reads a UTF-8 file without a byte-order mark as the
    computer's own code page, and splits a comma-separated file on semicolons where the decimal mark
    is a comma, as in Norway; this one it reads as Excel's own "Unicode text".) The default file is
    plain UTF-8 with commas, for LibreOffice, Numbers and programs.
    """

    chunk_size = 500
    FORMATS = {"csv", "excel"}

    def get(self, request):
        filterset = self.get_filterset()
        problems = filterset.problems
        language = self.file_language(problems)
        file_format = request.GET.get("format", "csv")
        if file_format not in self.FORMATS:
            problems["format"] = ["Give csv or excel."]
        if problems:
            return self.bad_request(problems)
        for_excel = file_format == "excel"
        lines = self.lines(with_csv_related(filterset.qs), CSVRows(request), language, for_excel)
        # Read the first rows before answering, so that a lost database still gets its 503 page
        # rather than a download cut off after a 200.
        first = next(lines)
        if for_excel:
            chunks = (chunk.encode("utf-16-le") for chunk in itertools.chain(["\ufeff" + first], lines))
            response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-16")
        else:
            response = StreamingHttpResponse(itertools.chain([first], lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=self.file_name(filterset.form.cleaned_data, language, for_excel)
        )
        return response

    def lines(self, partnerships, rows, language, for_excel=False):
        """The file's text, a chunk of rows at a time, each written in `language` (the view has returned
        before the rows are written, so each chunk sets the language it is written in)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if for_excel else ",", lineterminator="\r\n")
        writer.writerow(PUBLIC_CSV_COLUMNS)
        partnerships = partnerships.iterator(chunk_size=self.chunk_size)
        while True:
            with translation.override(language):
                chunk = list(itertools.islice(partnerships, self.chunk_size))
                for partnership in chunk:
                    writer.writerow(rows.row(partnership))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if len(chunk) < self.chunk_size:
                return

    @staticmethod
    def file_name(filters, language=settings.LANGUAGE_CODE, for_excel=False):
        """Name the download after its filters: partnerships-zhejiang-energy-2001-2010.csv."""
        parts = ["partnerships"]
        parts += filters.get("place") or []
        parts += filters.get("topic") or []
        parts += filters.get("kind") or []
        if words := slugify(filters.get("q") or ""):
            parts.append(words[:40].strip("-"))
        first, last = filters.get("signed_from"), filters.get("signed_to")
        if first is not None and last is not None:
            parts.append(f"{int(first)}-{int(last)}")
        elif first is not None:
            parts.append(f"from-{int(first)}")
        elif last is not None:
            parts.append(f"to-{int(last)}")
        name = "-".join(parts)
        if len(name) > 150:
            name = name[:150].rsplit("-", 1)[0]
        if language != settings.LANGUAGE_CODE:
            name += f"-{language}"
        if for_excel:
            name += "-excel"
        return f"{name}.csv"


class PartnershipDetailJSONView(View):
    """`/partnerships/<slug>.json`: one partnership as data."""

    def get(self, request, slug):
        partnership = Partnership.objects.published().with_related().filter(slug=slug).first()
        if partnership is None:
            return JsonResponse(
                {"errors": {"slug": ["No published partnership has this slug."]}}, status=HTTPStatus.NOT_FOUND
            )
        return JsonResponse(
            {**partnership_data(partnership, request), "licence": licence_data(request)},
            json_dumps_params={"ensure_ascii": False},
        )


class ShareImageView(View):
    """A page's share image (Open Graph's `og:image`), a PNG in the page's language: directory/pictures/share.py.

    It depends on the data and the language only, as a page does, so the page cache keeps it (keyed by the
    data version, the language and the address) and answers a crawler's second request with a 304.
    """

    def get(self, request, **kwargs):
        return HttpResponse(self.card(**kwargs).draw(), content_type="image/png")


class HomeImageView(ShareImageView):
    def card(self):
        return share.home_card(Partnership.objects.published())


class PartnershipImageView(ShareImageView):
    def card(self, slug):
        partnerships = Partnership.objects.published().select_related("norwegian_party", "chinese_party")
        return share.partnership_card(get_object_or_404(partnerships, slug=slug))


class PlaceImageView(ShareImageView):
    def card(self, slug):
        place = get_object_or_404(Place, slug=slug)
        return share.place_card(place, Partnership.objects.published().involving([place]))


class AnniversariesView(DataTwinMixin, View):
    """`/anniversaries.ics`: each published signing the list's filters select, as a yearly all-day event.

    One address in every language: `lang` (as on the CSV) asks for the texts in Norwegian or Chinese,
    and the pages in each language link their own. A filter it cannot use is refused as the other data
    twins refuse it, rather than answered with every event.
    """

    def get_base_queryset(self):
        return Partnership.objects.published().select_related("norwegian_party", "chinese_party")

    def get(self, request):
        filterset = self.get_filterset()
        problems = filterset.problems
        language = self.file_language(problems)
        if problems:
            return self.bad_request(problems)
        with translation.override(language):
            calendar = anniversaries_calendar(filterset.qs, request, filters=filterset.active)
        return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


class OpenDataView(TemplateView):
    """What can be downloaded, subscribed to and cited, under which licence, and what each CSV column holds."""

    template_name = "directory/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=PUBLIC_CSV_COLUMNS, **kwargs)


# The icon never changes between releases: browsers may keep it a week without asking again.
ICON_SECONDS = 7 * 24 * 60 * 60


@cache_control(public=True, max_age=ICON_SECONDS)
def favicon(request):
    """`/favicon.ico`, where every browser looks for a site's icon whether or not a page names it."""
    return HttpResponse(icons.favicon_ico(), content_type="image/vnd.microsoft.icon")


@cache_control(public=True, max_age=ICON_SECONDS)
def touch_icon(request, size):
    """`/apple-touch-icon.png` (where iOS looks, as for its older `-precomposed` name) and `/icon-192.png`."""
    return HttpResponse(icons.icon_png(size), content_type="image/png")


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("directory:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
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
        return unavailable({"status": "unavailable", **checks})
    return JsonResponse({"status": "ok", **checks})


@never_cache
def readyz(request):
    """Whether this app server may take traffic: 503 while the database is unreachable or lacks a migration.

    During a release the new code starts before, or while, `manage.py release` migrates: it says it is not
    ready until the database holds every migration it knows. The previous release's servers stay ready,
    since the new schema holds all of theirs (see "The rule for migrations" in the README).
    """
    try:
        executor = MigrationExecutor(connection)
        pending = [
            f"{migration.app_label}.{migration.name}"
            for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())
        ]
    except DatabaseError as error:
        return unavailable({"status": "unavailable", "database": f"unreachable ({type(error).__name__})"})
    if pending:
        return unavailable({"status": "migrations pending", "pending": pending, "release": settings.RELEASE_ID})
    return JsonResponse({"status": "ready", "release": settings.RELEASE_ID})


def unavailable(status):
    """503 for /healthz and /readyz, with when to ask again."""
    response = JsonResponse(status, status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response
