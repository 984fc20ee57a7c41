"""The site's own middleware: request ids and logs, request limits, headers, a lost database.

Each answers for the whole site, so routes added later are covered without
being listed here.
"""

import contextvars
import functools
import logging
import os
import re
import time
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("twinning.requests")

_request_id = contextvars.ContextVar("request_id", default="-")

# An incoming X-Request-ID is kept only when it looks like an id, so a log line cannot be forged with it.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# Query parameters whose values never reach a log line.
_SENSITIVE_KEY = re.compile(r"pass|secret|token|key|auth|session|csrf|signature|email|phone", re.IGNORECASE)


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request being answered ("-" outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


@functools.lru_cache(maxsize=512)
def loggable_query(query_string, limit=300, redact_all=False):
    """The query string with sensitive-looking keys' values replaced by [redacted], cut at `limit` characters.

    With `redact_all`, every value: the admin's searches and filters may name a person (a contact being
    erased must not live on in the log).
    Remembered for the last few hundred query strings: the same pages are asked for again and again.
    """
    pairs = parse_qsl(query_string, keep_blank_values=True)
    query = urlencode(
        [(key, "[redacted]" if redact_all or _SENSITIVE_KEY.search(key) else value) for key, value in pairs]
    )
    return query if len(query) <= limit else query[:limit] + "…"


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration and request id; the id is echoed back.

    First in MIDDLEWARE, so it times everything and sees the final status.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META rather than request.headers, and random bytes rather than a UUID object: this runs for every
        # request, a page from the cache included, where they were a fair part of the cost.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else os.urandom(16).hex()
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            query = loggable_query(
                request.META.get("QUERY_STRING", ""), redact_all=request.path_info.startswith(ADMIN_PATH)
            )
            logger.info(
                "%s %s%s %s %.1fms",
                request.method,
                request.path,
                f"?{query}" if query else "",
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            return response
        finally:
            _request_id.reset(token)


def is_data_path(path):
    """The data twins (.json, .csv) and the calendar (.ics) answer errors as JSON."""
    return path.endswith((".json", ".csv", ".ics"))


def refusal(request, status, heading, message):
    """A short answer that says why a request was refused: JSON for the data twins, a page otherwise.

    It comes before LocaleMiddleware has read the address's language, so the page takes it from the
    address itself; the data twins answer in English, as all their errors do.
    """
    if is_data_path(request.path):
        with translation.override(settings.LANGUAGE_CODE):
            return JsonResponse({"errors": {"request": [str(message)]}}, status=status)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        page = render_to_string("refused.html", {"status": status, "phrase": heading, "message": message})
    return HttpResponse(page, status=status)


class RequestLimitsMiddleware:
    """Refuses an oversized query string (414) or request body (413) before any view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return refusal(
                request,
                HTTPStatus.REQUEST_URI_TOO_LONG,
                _("Address too long"),
                format_lazy(
                    _(
                        "The address is too long: keep its query string under {limit} characters, "
                        "for example by choosing fewer filters."
                    ),
                    limit=settings.MAX_QUERY_STRING_LENGTH,
                ),
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            megabytes = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
            return refusal(
                request,
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                _("Too large"),
                format_lazy(
                    _("What you sent is too large: the limit is {megabytes} MB. Split a large file into smaller ones."),
                    megabytes=megabytes,
                ),
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The security headers Django does not set itself: Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, a view answers 503 with a Retry-After, not a traceback.

    Only connection failures count (OperationalError, InterfaceError); Django
    reconnects on the next request, so the site recovers by itself. The page
    renders without a request context, so nothing on it can touch the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        if is_data_path(request.path):
            response = JsonResponse(
                {"errors": {"database": ["The directory's database cannot be reached; try again shortly."]}},
                status=HTTPStatus.SERVICE_UNAVAILABLE,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response


# Where twinning/urls.py mounts the admin.
ADMIN_PATH = "/admin/"


class AdminLanguageMiddleware:
    """The admin speaks the editor's language: the one chosen in its header, or else the browser's.

    The public pages carry their language in the address (/nb/, /zh-hans/, English unprefixed), so
    LocaleMiddleware gives every unprefixed address English. The admin has one address for everyone;
    here it follows the language cookie that Django's set_language view writes, then Accept-Language.
    After LocaleMiddleware in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ADMIN_PATH):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
