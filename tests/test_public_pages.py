from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Partnership

from .bulk import make_partnerships
from .factories import ContactFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


PAGES = [
    ("home", lambda first: reverse("directory:home")),
    ("list", lambda first: reverse("directory:partnership-list")),
    (
        "filtered list",
        lambda first: (
            reverse("directory:partnership-list")
            + "?q=bulk+energy&place=bulk-county&place=bulk-province&topic=bulk-energy&kind=friendship-agreement"
            + "&signed_from=1990&signed_to=2100&sort=-signed&page=2"
        ),
    ),
    ("json list", lambda first: reverse("directory:partnership-list-json") + "?place=bulk-county"),
    ("detail", lambda first: first.get_absolute_url()),
    ("county", lambda first: reverse("directory:place-detail", args=["bulk-county"])),
    ("municipality", lambda first: first.norwegian_party.get_absolute_url()),
]


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _url in PAGES])
def test_every_public_page_makes_the_same_few_queries_for_10_and_1000_partnerships(client, name, url):
    first = make_partnerships(10)[0]
    with_ten = queries_for(client, url(first))

    make_partnerships(990)

    assert queries_for(client, url(first)) == with_ten
    assert with_ten <= 8


def test_the_list_shows_published_partnerships_only(client):
    published = PartnershipFactory()
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)

    response = client.get(reverse("directory:partnership-list"))

    assert published.title in response.text
    assert draft.title not in response.text


def test_a_draft_is_not_found_at_its_public_addresses(client):
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(reverse("directory:partnership-detail-json", args=[draft.slug])).status_code == HTTPStatus.NOT_FOUND
    )


def test_a_private_contact_and_staff_notes_never_reach_a_page_or_the_data(client):
    partnership = PartnershipFactory()
    ContactFactory(partnership=partnership, name="Public Person", notes="staff-note-4f1c")
    ContactFactory(
        partnership=partnership, name="Private Person 9d2e", email="private-9d2e@example.no", is_public=False
    )

    pages = [
        client.get(partnership.get_absolute_url()).text,
        client.get(reverse("directory:partnership-detail-json", args=[partnership.slug])).text,
        client.get(reverse("directory:partnership-list-json")).text,
        client.get(reverse("directory:partnership-list")).text,
    ]

    assert "Public Person" in pages[0]
    assert "Public Person" in pages[1]
    for page in pages:
        assert "9d2e" not in page
        assert "staff-note-4f1c" not in page


@pytest.mark.usefixtures("listed_agreements")
def test_every_published_partnership_and_place_page_answers(client):
    for partnership in Partnership.objects.published().select_related("norwegian_party", "chinese_party"):
        assert client.get(partnership.get_absolute_url()).status_code == HTTPStatus.OK
        for place in (partnership.norwegian_party, partnership.chinese_party):
            assert client.get(place.get_absolute_url()).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("listed_agreements")
def test_the_detail_page_marks_native_names_with_their_language(client):
    response = client.get(reverse("directory:partnership-detail", args=["stavanger-ningbo"]))

    assert '<span lang="zh-Hans">宁波市</span>' in response.text
    assert '<span lang="nb">Stavanger kommune</span>' in response.text
    assert "Summer 2004" in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_a_place_page_lists_the_partnerships_of_places_inside_it(client):
    response = client.get(reverse("directory:place-detail", args=["zhejiang"]))

    assert "Stavanger – Ningbo" in response.text
    assert "Sandefjord – Jiaxing" in response.text
    assert "Bergen – Dalian" not in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_a_former_place_names_its_successor(client):
    response = client.get(reverse("directory:place-detail", args=["sor-trondelag"]))

    assert "was succeeded by" in response.text
    assert reverse("directory:place-detail", args=["trondelag"]) in response.text


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "problem"),
    [("signed_from=abc", "signed_from"), ("place=atlantis", "place"), ("sort=sideways", "sort")],
)
def test_the_list_says_what_it_could_not_use_and_keeps_the_other_filters(client, query, problem):
    response = client.get(reverse("directory:partnership-list") + f"?{query}&kind=twin-town-agreement")

    assert response.status_code == HTTPStatus.OK
    assert problem in response.context["filter"].problems
    assert [p.slug for p in response.context["page_obj"]] == ["fredrikstad-zhuzhou"]
    assert "could not be used" in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_a_page_past_the_end_shows_the_last_page_and_says_so(client):
    response = client.get(reverse("directory:partnership-list") + "?page=999999")

    assert response.status_code == HTTPStatus.OK
    assert response.context["page_obj"].number == 1
    assert "There is no page “999999”; this is page 1 of 1." in response.text
