"""Every public page makes a fixed number of queries, however large the directory: at most 8."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Partnership

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


def synthetic_directory(partnerships):
    # The command's transaction commits (the test's never does): what waits for the commit runs here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("generate_synthetic", partnerships=partnerships, seed=7, verbosity=0)
    return Partnership.objects.published().order_by("slug")


def urls():
    """One address of each public page, chosen from the directory as it is now.

    The detail page is of a partnership with topics, milestones and a date, in a city inside a province;
    the place page and the filters use that province, its broad topic and years around its date, so that
    every page has rows to show.
    """
    partnership = (
        Partnership.objects.published()
        .filter(chinese_party__parent__isnull=False, topics__isnull=False, milestones__isnull=False)
        .exclude(signed="")
        .order_by("slug")
        .first()
    )
    province = partnership.chinese_party.parent
    topic = partnership.topics.first()
    broad_topic = topic.parent or topic
    year = partnership.signed_date.year
    filtered = f"?place={province.slug}&topic={broad_topic.slug}&signed_from={year - 10}&signed_to={year + 10}"
    return {
        "home": reverse("directory:home"),
        "list": reverse("directory:partnership-list"),
        "filtered list": reverse("directory:partnership-list") + filtered,
        "list with every facet in full": reverse("directory:partnership-list") + "?all=place-no&all=place-cn&all=topic",
        "list by name, one kind": reverse("directory:partnership-list") + "?sort=name&kind=friendship-agreement",
        "list searched by a province's name": reverse("directory:partnership-list") + f"?q={province.name}",
        "detail": partnership.get_absolute_url(),
        "place": province.get_absolute_url(),
        "JSON list": reverse("directory:partnership-list-json") + "?page_size=500",
        "JSON filtered list": reverse("directory:partnership-list-json") + filtered,
        "JSON detail": reverse("directory:partnership-detail-json", args=[partnership.slug]),
        "privacy": reverse("directory:privacy"),
        "about": reverse("directory:about"),
        "accessibility statement": reverse("directory:accessibility"),
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


# Each page's count, pinned: a change here is a change in what the page costs. One query of each is the
# page cache's data version (directory.caching); the filtered pages check their place and topic slugs.
# The detail and the JSON read a partnership's sources too; the JSON list reads its count with its rows
# and looks up places and topics only when the query string names some. The home page and the list with no
# filter read the directory's counts from its tallies (one row, directory/tallies.py) instead of counting.
EXPECTED = {
    "home": 6,
    "list": 6,
    "filtered list": 8,
    "list with every facet in full": 6,
    "list by name, one kind": 8,
    "list searched by a province's name": 8,
    "detail": 7,
    "place": 8,
    "JSON list": 6,
    "JSON filtered list": 8,
    "JSON detail": 6,
    "privacy": 2,
    "about": 3,
    "accessibility statement": 2,
}


def test_every_public_page_makes_the_same_few_queries_for_10_and_1000_partnerships(client):
    synthetic_directory(10)
    small = {page: count_queries(client, url) for page, url in urls().items()}

    synthetic_directory(1000)
    large = {page: count_queries(client, url) for page, url in urls().items()}

    assert large == small
    assert small == EXPECTED
    assert max(small.values()) <= MAX_QUERIES


def test_every_public_page_makes_as_many_queries_in_norwegian_and_chinese(client):
    synthetic_directory(10)
    pages = {page: url for page, url in urls().items() if not page.startswith("JSON")}

    english = {page: count_queries(client, url) for page, url in pages.items()}
    for prefix in ("/nb", "/zh-hans"):
        assert {page: count_queries(client, prefix + url) for page, url in pages.items()} == english, prefix


def test_the_pages_measured_show_many_rows_when_the_directory_is_large(client):
    synthetic_directory(1000)
    pages = urls()

    assert client.get(pages["JSON list"]).json()["count"] > 900
    assert client.get(pages["place"]).context["page_obj"].paginator.count > 25
    assert client.get(pages["filtered list"]).context["paginator"].count > 0


def test_a_page_served_from_the_cache_makes_one_query(client):
    synthetic_directory(10)
    for url in urls().values():
        client.get(url)

        assert count_queries(client, url) == 1


def test_a_large_place_page_shows_its_partnerships_a_page_at_a_time(client):
    synthetic_directory(1000)
    place = urls()["place"]

    first = client.get(place)
    second = client.get(place + "?page=2")

    assert len(first.context["page_obj"]) == 25
    assert 'rel="next"' in first.text
    assert set(first.context["page_obj"]).isdisjoint(second.context["page_obj"])
