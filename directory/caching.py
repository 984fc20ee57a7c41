"""The page cache: anonymous pages from the configured cache, fresh the moment directory data changes.

`PageCacheMiddleware` sits right after WhiteNoise and the request limits, so a cached page skips the
security headers' and content security policy's middlewares (the page keeps the headers they gave it,
the same for every answer), sessions, authentication, CSRF and the view: it costs one small query (the
data version) and one cache read, beside what a static file costs. It caches GET and HEAD requests
without a session cookie (staff always see the live site) whose response is a plain 200 that sets no
cookie and says nothing of caching itself (`never_cache` views such as the admin's and `/healthz` opt
out that way).

Every save or delete of a place, topic, partnership, milestone, contact or source (or
of the publisher, which the about, accessibility and privacy pages show)
bumps the data version (`directory_changed`) once per transaction, when it commits: an editor's save
of a partnership with its milestones and topics is one change, a rolled-back one none, and the row
is not held locked while the rest of the save runs. The version is part of every
cache key, so old pages are simply never read again. So is the release
(`settings.RELEASE_ID`): after a release, no page made by the previous one is served. Writes that send no
signals (`QuerySet.update()`, `bulk_create()`) must call `directory_changed()`
themselves (or run inside `one_change()`); `PAGE_CACHE_SECONDS` bounds how long a page they miss can live.

Each page carries an ETag (a hash of its content) and a Last-Modified (when the
data last changed), with `Cache-Control: public, no-cache` so that browsers and
proxies keep it but ask again each time; a conditional request answers 304.
A cache that fails (Redis down) is logged and skipped: pages are slower, never broken.
"""

import datetime
import hashlib
import logging
import threading
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import tallies, writes
from .models import Contact, DataVersion, Milestone, Partnership, Place, Publisher, Source, Topic

logger = logging.getLogger(__name__)

# The publisher too: the pages that name it (about, accessibility, privacy) show a change at once.
DIRECTORY_MODELS = (Place, Topic, Partnership, Milestone, Contact, Source, Publisher)
# Headers recomputed for each answer from the cache; a page keeps every other header it was made with.
_RECOMPUTED_HEADERS = {"content-length", "date", "etag", "last-modified", "expires", "cache-control"}


def current_version():
    """(number, changed) of the directory's data; (0, None) before the first change.

    Every cached page asks, so this is one plain SQL statement: the ORM would cost more than the rest
    of serving the page from the cache.
    """
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return 0, None
    number, changed = row
    if isinstance(changed, str):  # SQLite keeps datetimes as text, in UTC.
        changed = datetime.datetime.fromisoformat(changed).replace(tzinfo=datetime.UTC)
    return number, changed


# The change not yet counted on this thread: every write of a transaction registers a callback for after
# the commit with the same token, and the first of them to run counts the change and retires the token. A
# rolled-back transaction's callbacks never run; its token is then simply used by the next transaction.
_uncounted = threading.local()


def directory_changed(**kwargs):
    """Mark the directory's data as changed, so that no page cached before is served again.

    Counted once per transaction, after it commits (at once outside a transaction).
    """
    token = getattr(_uncounted, "token", None)
    if token is None:
        token = _uncounted.token = object()
    transaction.on_commit(partial(_count_change, token))


def _count_change(token):
    if getattr(_uncounted, "token", None) is not token:
        return  # this transaction's change is already counted
    _uncounted.token = None
    bump_version()


def bump_version():
    """Raise the data version by one, now."""
    now = timezone.now()
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed=now):
        DataVersion.objects.update_or_create(pk=1, defaults={"number": 1, "changed": now})


def connect_signals():
    writes.connect(directory_changed, DIRECTORY_MODELS, "page-cache")


def disconnect_signals():
    writes.disconnect(DIRECTORY_MODELS, "page-cache")


@contextmanager
def one_change():
    """Many writes counted as one change: the version is bumped once at the end, not once a row.

    For commands that write thousands of rows in one go (without receivers, Django deletes in bulk
    too). Not for request handling: it disconnects the receivers for the whole process. The tallies'
    receivers too: the block counts them again itself (`tallies.recount()`).
    """
    disconnect_signals()
    tallies.disconnect_signals()
    try:
        yield
    finally:
        tallies.connect_signals()
        connect_signals()
        directory_changed()


def _safely(operation, *args):
    """Run a cache operation; on failure log it and carry on without the cache."""
    try:
        return operation(*args)
    except Exception:  # Any backend error (Redis down, a timeout, a bad pickle) must not break a page.
        logger.warning("The page cache failed; serving without it.", exc_info=True)
        return None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response

        try:
            number, changed = current_version()
        except DatabaseError:
            # Without the database there is no knowing which pages are current: let the view answer
            # (the 503 page of twinning.middleware.DatabaseUnavailableMiddleware).
            return self.get_response(request)
        key = self.key(request, number, changed)
        stored = _safely(cache.get, key)
        if stored is None:
            response = self.get_response(request)
            if not self.storable(response):
                return response
            stored = self.store(key, response, seconds, changed)
        return self.answer(request, stored, changed)

    def key(self, request, number, changed):
        """The page's key: the release that made it, the data's version (with the time of the change, so
        that two databases sharing one Redis, say staging and production, never share pages), language
        and absolute address.

        The release keeps app servers of two releases, which share one Redis during a rolling restart,
        from serving each other's pages: a page links the static files of the release that made it.
        """
        version = f"{number}.{int(changed.timestamp() * 1_000_000)}" if changed else "0"
        # As LocaleMiddleware (after this one) will decide: from the address's prefix, English without one.
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
        return f"page:{settings.RELEASE_ID}:{version}:{language}:{address}"

    def storable(self, response):
        return (
            response.status_code == HTTPStatus.OK
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    def store(self, key, response, seconds, changed):
        """Keep the page with the headers every answer from the cache sends, worked out once."""
        response = HttpResponse(
            response.content,
            headers={name: value for name, value in response.items() if name.lower() not in _RECOMPUTED_HEADERS},
        )
        response["Content-Length"] = str(len(response.content))
        response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        stored = (response.content, dict(response.items()))
        _safely(cache.set, key, stored, seconds)
        return stored

    def answer(self, request, stored, changed):
        content, headers = stored
        response = HttpResponse(content, headers=headers)
        last_modified = int(changed.timestamp()) if changed is not None else None
        return get_conditional_response(request, etag=headers["ETag"], last_modified=last_modified, response=response)
