"""The addresses browsers, crawlers and the servers' operators ask for: the icons, robots.txt, and whether
the site is healthy (`/healthz`) and ready for traffic (`/readyz`)."""

from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from ..pictures import icons

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
