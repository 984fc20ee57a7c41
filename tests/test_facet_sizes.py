"""Facets sized for people: a long facet shows the choices with the most results and the chosen ones, and
links to all of them (`all`, docs/contracts.md); the page never renders hundreds of checkboxes."""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from directory.facets import FACET_SIZE, FACET_SLACK
from directory.models import Place

from .factories import ChinesePlaceFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("directory:partnership-list")
EVERY_FACET_IN_FULL = "all=place-no&all=place-cn&all=topic"


@pytest.fixture
def large_directory():
    """A synthetic directory of 200 partnerships (28 places on each side, 23 topics), and a province of its own
    with one city and one partnership: the fewest results, so never among the ten. Committed, as a deployment's
    data is (the data version that keys the page cache counts on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("generate_synthetic", partnerships=200, seed=7, verbosity=0)
        province = ChinesePlaceFactory(slug="lonely-province", name="Aaa Lonely Province", level=Place.Level.PROVINCE)
        city = ChinesePlaceFactory(slug="lonely-city", name="Lonely City", parent=province)
        PartnershipFactory(chinese_party=city)


def sized_facets(client, query=""):
    """{key: facet} of the list's place and topic facets for this query string (rendered now: not the page
    cache's copy, which has no context)."""
    cache.clear()
    facets = client.get(f"{LIST}?{query}").context["filter"].facets
    return {facet.key: facet for facet in [*facets["places"], facets["topics"]]}


def values(facet):
    return [choice.value for choice in facet.choices]


@pytest.mark.usefixtures("large_directory")
def test_a_long_facet_shows_the_choices_with_the_most_results_in_the_page_order_with_their_counts(client):
    short = sized_facets(client)
    full = sized_facets(client, EVERY_FACET_IN_FULL)

    for key in ("place-no", "place-cn", "topic"):
        assert full[key].total > FACET_SIZE + FACET_SLACK, key  # the directory is large enough to cut each
        assert len(full[key].choices) == full[key].total
        assert full[key].left_out == 0
        assert short[key].total == full[key].total
        assert len(short[key].choices) == FACET_SIZE
        assert short[key].left_out == full[key].total - FACET_SIZE
        # The ten with the most results: none left out gives more than one shown.
        counts = {choice.value: choice.count for choice in full[key].choices}
        left_out = set(counts) - set(values(short[key]))
        assert min(choice.count for choice in short[key].choices) >= max(counts[value] for value in left_out)
        # The counts shown are those of the full facet, in its order (a child under its parent).
        assert [(choice.value, choice.count, choice.depth) for choice in short[key].choices] == [
            (choice.value, choice.count, choice.depth)
            for choice in full[key].choices
            if choice.value in values(short[key])
        ]


@pytest.mark.usefixtures("large_directory")
def test_a_chosen_place_shows_beyond_the_ten_under_the_place_it_lies_in(client):
    assert "lonely-city" not in values(sized_facets(client)["place-cn"])

    facet = sized_facets(client, "place=lonely-city")["place-cn"]

    shown = values(facet)
    assert len(shown) == FACET_SIZE + 2  # the city chosen, and the province it lies in
    at = shown.index("lonely-province")
    assert shown[at + 1] == "lonely-city"
    province, city = facet.choices[at], facet.choices[at + 1]
    assert (province.selected, province.count, province.depth) == (False, 1, 0)
    assert (city.selected, city.count, city.depth) == (True, 1, 1)
    assert facet.left_out == facet.total - FACET_SIZE - 2


def checkboxes(html, name):
    return re.findall(rf'<input class="ds-input" type="checkbox" id="{name}-[^"]*" name="{name}"', html)


def link_to(html, text):
    """The address of the link with this text (as the page writes it, & as &amp;)."""
    found = re.search(rf'<a class="ds-link" href="([^"]*)">{re.escape(text)}</a>', html)
    assert found, text
    return found[1].replace("&amp;", "&")


@pytest.mark.usefixtures("large_directory")
def test_the_page_links_to_a_facet_in_full_and_back_keeping_the_rest_of_the_query_string(client):
    page = client.get(f"{LIST}?sort=name&page=2&all=topic").content.decode()
    total = sized_facets(client)["place-cn"].total
    assert len(checkboxes(page, "place")) == 2 * FACET_SIZE
    assert len(checkboxes(page, "topic")) == sized_facets(client)["topic"].total  # topic is in full

    address = link_to(page, f"All {total} Chinese provinces and cities")

    path, query, fragment = urlsplit(address).path, parse_qs(urlsplit(address).query), urlsplit(address).fragment
    assert (path, fragment) == ("", "facet-place-cn")
    assert query == {"sort": ["name"], "page": ["2"], "all": ["topic", "place-cn"]}
    full = client.get(f"{LIST}{address}").content.decode()
    assert len(checkboxes(full, "place")) == FACET_SIZE + total
    assert '<details class="ds-details facet" id="facet-place-cn" open>' in full
    # The form keeps the facets in full when it is sent again.
    assert '<input type="hidden" name="all" value="place-cn">' in full

    back = link_to(full, f"Only the {FACET_SIZE} with the most results")
    assert urlsplit(back).fragment in {"facet-place-cn", "facet-topic"}
    backs = re.findall(r'<a class="ds-link" href="([^"]*)">Only the', full)
    assert len(backs) == 2  # place-cn and topic are both in full
    to_short_places = next(link for link in backs if link.endswith("#facet-place-cn")).replace("&amp;", "&")
    assert parse_qs(urlsplit(to_short_places).query)["all"] == ["topic"]


@pytest.mark.usefixtures("large_directory")
def test_the_link_is_in_norwegian_and_chinese(client):
    facets = sized_facets(client)

    norwegian = client.get(f"/nb{LIST}").content.decode()
    chinese = client.get(f"/zh-hans{LIST}").content.decode()

    assert f"Alle {facets['place-no'].total} norske fylker og kommuner" in norwegian
    assert f"全部{facets['place-cn'].total}个中国省市" in chinese
    assert f"全部{facets['topic'].total}个主题" in chinese


@pytest.mark.usefixtures("listed_agreements")
def test_a_facet_of_a_few_more_than_ten_choices_shows_them_all_and_no_link(client):
    facets = sized_facets(client)
    page = client.get(LIST).content.decode()

    # The listed agreements' places: 13 Norwegian and 11 Chinese choices; their 18 topics are cut.
    for key in ("place-no", "place-cn"):
        assert FACET_SIZE < facets[key].total <= FACET_SIZE + FACET_SLACK
        assert facets[key].left_out == 0
    assert facets["topic"].left_out == facets["topic"].total - FACET_SIZE > FACET_SLACK
    assert page.count('class="ds-paragraph facet-size"') == 1
    assert f"All {facets['topic'].total} topics" in page


@pytest.mark.usefixtures("listed_agreements")
def test_an_unknown_facet_to_show_in_full_is_named_and_every_filter_kept(client):
    response = client.get(f"{LIST}?all=everything&all=place-cn&place=rogaland")

    assert response.status_code == HTTPStatus.OK
    assert [str(message) for message in response.context["problems"]["all"]] == [
        "There is no list of choices “everything” to show in full; it was left out."
    ]
    assert response.context["filter"].in_full == ["place-cn"]
    assert {p.slug for p in response.context["page_obj"]} == {"rogaland-guangdong", "stavanger-ningbo"}
    assert "Choices shown in full: There is no list of choices" in response.content.decode()


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("twin", ["directory:partnership-list-json", "directory:partnership-list-csv"])
def test_the_data_twins_take_and_ignore_a_facet_in_full_and_refuse_an_unknown_one(client, twin):
    url = reverse(twin)
    plain = client.get(f"{url}?place=rogaland")

    with_all = client.get(f"{url}?place=rogaland&{EVERY_FACET_IN_FULL}")
    refused = client.get(f"{url}?place=rogaland&all=everything")

    assert with_all.status_code == HTTPStatus.OK
    assert b"".join(with_all) == b"".join(plain)
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert set(refused.json()["errors"]) == {"all"}
    assert "place-cn" in refused.json()["accepted"]["all"]


@pytest.mark.usefixtures("listed_agreements")
def test_the_data_links_leave_the_facets_in_full_out(client):
    page = client.get(f"{LIST}?place=rogaland&all=topic").content.decode()

    links = re.findall(r'href="(/partnerships\.(?:json|csv)[^"]*)"', page)
    assert links
    assert all("place=rogaland" in link and "all=" not in link for link in links)


@pytest.mark.usefixtures("listed_agreements")
def test_the_calendar_takes_a_facet_in_full_and_refuses_an_unknown_one(client):
    url = reverse("directory:anniversaries")

    assert client.get(f"{url}?all=topic").status_code == HTTPStatus.OK
    assert client.get(f"{url}?all=kind").json()["errors"].keys() == {"all"}
