"""The data twins of the pages, for programs: the list as JSON and CSV, one partnership as JSON, and the
anniversaries calendar (docs/contracts.md). One address each, whatever the language."""

import csv
import io
import itertools
from http import HTTPStatus

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Window
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.generic import View

from ..anniversaries import anniversaries_calendar
from ..data import PUBLIC_CSV_COLUMNS, CSVRows, licence_data, partnership_data, with_csv_related
from ..facets import SIZED
from ..filters import ALL, MAX_QUERY_LENGTH, PartnershipFilter
from ..models import Partnership
from .listing import CountedPaginator, FilteredPartnershipsMixin, whole_number


class DataTwinMixin(FilteredPartnershipsMixin):
    """The list's filters for a data twin, which refuses (400) what the page would leave out.

    `all` (which facets the page shows in full) changes no result: a twin takes a known value and ignores
    it, so that the page's query string reads the same rows, and refuses an unknown one as the page names it."""

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
            ALL: "one of " + ", ".join(SIZED) + " (the page's facet shown in full; the data ignore it)",
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
