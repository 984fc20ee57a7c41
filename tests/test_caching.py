"""The page cache: anonymous pages from the cache, fresh at once after an edit, never for sessions."""

import json
import logging
import re
import socket
from http import HTTPStatus

import pytest
from django.conf import settings as settings_module
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import caching
from directory.models import Partnership

from .factories import MilestoneFactory, PartnershipFactory, TopicFactory

# Every test here commits, as a site does: the data version counts a change when its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.fixture
def partnership():
    return PartnershipFactory(summary="The first summary.")


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, partnership):
    first, queries_first = queries_for(client, partnership.get_absolute_url())
    second, queries_second = queries_for(client, partnership.get_absolute_url())

    assert second.content == first.content
    assert queries_first > 1
    assert queries_second == 1  # the data version, nothing else


def test_a_cached_page_tells_browsers_and_proxies_to_revalidate(client, partnership):
    client.get(partnership.get_absolute_url())
    response = client.get(partnership.get_absolute_url())

    assert response.headers["ETag"].startswith('"')
    assert "Last-Modified" in response.headers
    assert set(response.headers["Cache-Control"].split(", ")) == {"public", "no-cache"}
    assert {"Cookie", "Accept-Language"} <= {value.strip() for value in response.headers["Vary"].split(",")}
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Length"] == str(len(response.content))


def test_an_edit_shows_at_once_after_a_cached_view(client, partnership):
    url = partnership.get_absolute_url()
    assert "The first summary." in client.get(url).text

    partnership.summary = "A corrected summary."
    partnership.save()

    assert "A corrected summary." in client.get(url).text


def add_topic(partnership):
    partnership.topics.add(TopicFactory(name="Fisheries", slug="fisheries"))


def add_milestone(partnership):
    MilestoneFactory(partnership=partnership, text="Fisheries conference.")


def rename_place(partnership):
    place = partnership.norwegian_party
    place.name = "Fisheries"
    place.save()


@pytest.mark.parametrize("edit", [add_topic, add_milestone, rename_place])
def test_any_change_to_directory_data_shows_at_once(client, partnership, edit):
    url = reverse("directory:partnership-detail-json", args=[partnership.slug])
    assert "fisheries" not in client.get(url).text.lower()

    edit(partnership)

    assert "fisheries" in client.get(url).text.lower()


def test_publishing_and_deleting_show_at_once_in_the_list(client, partnership):
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)
    url = reverse("directory:partnership-list")
    assert draft.title not in client.get(url).text

    draft.status = Partnership.Status.PUBLISHED
    draft.save()
    assert draft.title in client.get(url).text

    draft.delete()
    assert draft.title not in client.get(url).text


def test_a_conditional_request_gets_a_304_until_the_data_changes(client, partnership):
    url = partnership.get_absolute_url()
    first = client.get(url)

    by_etag = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert by_etag.status_code == HTTPStatus.NOT_MODIFIED
    assert by_etag.content == b""
    assert by_date.status_code == HTTPStatus.NOT_MODIFIED

    partnership.summary = "A corrected summary."
    partnership.save()
    after_edit = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert after_edit.status_code == HTTPStatus.OK
    assert "A corrected summary." in after_edit.text


def test_a_request_with_a_session_is_never_served_from_or_stored_in_the_cache(client, admin_client, partnership):
    url = partnership.get_absolute_url()

    _, staff_first = queries_for(admin_client, url)
    staff_second, staff_again = queries_for(admin_client, url)
    _, anonymous_first = queries_for(client, url)

    assert staff_again == staff_first > 1
    assert anonymous_first > 1
    assert "private" in staff_second.headers["Cache-Control"]


def test_each_host_gets_its_own_cached_data(client, partnership):
    url = reverse("directory:partnership-list-json")

    on_localhost = client.get(url, HTTP_HOST="localhost").json()
    on_loopback = client.get(url, HTTP_HOST="127.0.0.1").json()

    assert on_localhost["results"][0]["url"].startswith("http://localhost/")
    assert on_loopback["results"][0]["url"].startswith("http://127.0.0.1/")


def test_errors_and_the_health_check_are_not_cached(client):
    missing = reverse("directory:partnership-detail", args=["nowhere-nothing"])
    client.get(missing)
    client.get(reverse("directory:healthz"))

    _, missing_again = queries_for(client, missing)
    health, health_again = queries_for(client, reverse("directory:healthz"))

    assert missing_again > 1
    assert health_again >= 1
    assert "no-cache" in health.headers["Cache-Control"]


def test_the_page_cache_can_be_turned_off(client, settings, partnership):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(partnership.get_absolute_url())

    response, queries = queries_for(client, partnership.get_absolute_url())

    assert queries > 1
    assert "ETag" not in response.headers


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_are_still_served_when_the_redis_cache_is_unreachable(client, settings, partnership, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    with caplog.at_level(logging.WARNING, logger="directory.caching"):
        pages = [
            client.get(partnership.get_absolute_url()),
            client.get(partnership.get_absolute_url()),
            client.get(reverse("directory:partnership-list")),
            client.get(reverse("directory:partnership-list-json")),
        ]

    assert [page.status_code for page in pages] == [HTTPStatus.OK] * 4
    assert "The first summary." in pages[1].text
    assert "The page cache failed" in caplog.text


def test_one_change_bumps_the_data_version_once(partnership):
    before, _ = caching.current_version()

    with caching.one_change():
        for number in range(3):
            partnership.summary = f"Summary {number}."
            partnership.save()

    assert caching.current_version()[0] == before + 1


def collect_static(root, overrides=None):
    """A release's static folder, as `manage.py release` lays it out (hashed names and a manifest)."""
    dirs = [*([overrides] if overrides else []), *settings_module.STATICFILES_DIRS]
    with override_settings(STATIC_ROOT=root, STATICFILES_DIRS=dirs, STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return {f"/static/{name}" for name in json.loads((root / "staticfiles.json").read_text())["paths"].values()}


def static_links(response):
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', response.content.decode()))


def test_after_a_release_no_cached_page_links_a_static_file_the_release_does_not_serve(
    client, settings, tmp_path, partnership
):
    """App servers of two releases share one Redis: a page the previous release cached (linking its
    stylesheet) is not served by the new one, whose fresh static folder has another stylesheet."""
    settings.STORAGES = MANIFEST_STORAGES
    changed = tmp_path / "changed"
    (changed / "css").mkdir(parents=True)
    (changed / "css" / "site.css").write_text(
        (settings_module.BASE_DIR / "static" / "css" / "site.css").read_text() + "\n/* the next release */\n"
    )
    served_before = collect_static(tmp_path / "before")
    served_after = collect_static(tmp_path / "after", overrides=changed)
    url = partnership.get_absolute_url()

    settings.STATIC_ROOT, settings.RELEASE_ID = tmp_path / "before", "before"
    before = client.get(url)
    settings.STATIC_ROOT, settings.STATICFILES_DIRS = tmp_path / "after", [changed, *settings.STATICFILES_DIRS]
    settings.RELEASE_ID = "after"
    after = client.get(url)

    assert static_links(before) <= served_before
    assert static_links(before) - served_after, "the previous release's page links a file the new one lacks"
    assert static_links(after)
    assert static_links(after) <= served_after


def test_the_same_release_serves_its_pages_from_the_cache(client, settings, partnership):
    settings.RELEASE_ID = "one"
    client.get(partnership.get_absolute_url())

    _, queries = queries_for(client, partnership.get_absolute_url())

    assert queries == 1


def test_an_edit_of_several_rows_is_one_change_counted_when_it_commits(partnership):
    before, _ = caching.current_version()

    with transaction.atomic():
        partnership.summary = "A corrected summary."
        partnership.save()
        MilestoneFactory(partnership=partnership, text="Fisheries conference.")
        partnership.topics.add(TopicFactory())
        assert caching.current_version()[0] == before  # nothing is counted before the commit

    assert caching.current_version()[0] == before + 1


def test_a_rolled_back_edit_is_not_counted_and_the_next_edit_is(partnership):
    before, _ = caching.current_version()

    def edit_then_fail():
        with transaction.atomic():
            partnership.summary = "A summary never saved."
            partnership.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert caching.current_version()[0] == before

    partnership.refresh_from_db()
    partnership.summary = "A corrected summary."
    partnership.save()
    assert caching.current_version()[0] == before + 1
