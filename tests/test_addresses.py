"""Addresses people mistype: capital letters and reversed parties are sent on, and "not found" suggests."""

import re
from http import HTTPStatus

import pytest

from directory.models import Partnership

from .factories import PartnershipFactory

pytestmark = pytest.mark.usefixtures("listed_agreements")


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/partnerships/ningbo-stavanger/", "/partnerships/stavanger-ningbo/"),
        ("/partnerships/chongqing-sor-trondelag/", "/partnerships/sor-trondelag-chongqing/"),
        ("/partnerships/Stavanger-Ningbo/", "/partnerships/stavanger-ningbo/"),
        ("/partnerships/NINGBO-STAVANGER/", "/partnerships/stavanger-ningbo/"),
        ("/places/Rogaland/", "/places/rogaland/"),
        ("/places/SOR-TRONDELAG/", "/places/sor-trondelag/"),
        ("/nb/partnerships/ningbo-stavanger/", "/nb/partnerships/stavanger-ningbo/"),
        ("/zh-hans/places/Zhejiang/", "/zh-hans/places/zhejiang/"),
        ("/places/Rogaland/?page=2", "/places/rogaland/?page=2"),
    ],
)
def test_capital_letters_and_reversed_parties_are_sent_on_for_good(client, asked, sent_to):
    response = client.get(asked)

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == sent_to
    assert client.get(sent_to).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "asked",
    ["/partnerships/ningbo-oslo/", "/partnerships/stavanger/", "/places/atlantis/", "/places/Atlantis/"],
)
def test_what_no_published_page_answers_stays_not_found(client, asked):
    assert client.get(asked).status_code == HTTPStatus.NOT_FOUND


def test_a_draft_is_not_revealed_by_its_reversed_address(client):
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)
    chinese, norwegian = draft.chinese_party.slug, draft.norwegian_party.slug

    assert client.get(f"/partnerships/{chinese}-{norwegian}/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/partnerships/{draft.slug.upper()}/").status_code == HTTPStatus.NOT_FOUND


def suggestion_links(response):
    block = re.search(r'<ul class="ds-list link-list suggestions">(.*?)</ul>', response.text, re.DOTALL)
    if block is None:
        return []
    return [(href, re.sub(r"<[^>]+>", "", text)) for href, text in re.findall(r'href="([^"]+)">(.*?)</a>', block[1])]


@pytest.fixture
def site_404(settings):
    settings.DEBUG = False  # the site's own "not found" page


@pytest.mark.usefixtures("site_404")
@pytest.mark.parametrize(
    ("asked", "first"),
    [
        ("/partnerships/stavanger-ningb/", ("/partnerships/stavanger-ningbo/", "Stavanger – Ningbo")),
        ("/partnerships/stavangr-ningbo/", ("/partnerships/stavanger-ningbo/", "Stavanger – Ningbo")),
        ("/partnerships/oslo-shanghia/", ("/partnerships/oslo-shanghai/", "Oslo – Shanghai")),
        ("/partnership/bergen-dalian/", ("/partnerships/bergen-dalian/", "Bergen – Dalian")),
        ("/places/rogalan/", ("/places/rogaland/", "Rogaland county")),
        ("/places/zhejang/", ("/places/zhejiang/", "Zhejiang province")),
        ("/places/ostfold-fylke/", ("/places/ostfold/", "Østfold county")),
        ("/nb/places/rogalan/", ("/nb/places/rogaland/", "Rogaland fylke")),
        ("/zh-hans/places/浙江/", ("/zh-hans/places/zhejiang/", "浙江省")),
        ("/zh-hans/partnerships/stavanger-ningb/", ("/zh-hans/partnerships/stavanger-ningbo/", "斯塔万格 – 宁波市")),
    ],
)
def test_not_found_suggests_the_closest_partnership_or_place_in_the_pages_language(client, asked, first):
    response = client.get(asked)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert suggestion_links(response)[0] == first


@pytest.mark.usefixtures("site_404")
@pytest.mark.parametrize("language", ["", "/nb", "/zh-hans"])
def test_not_found_offers_a_search_for_the_words_of_the_address(client, language):
    response = client.get(f"{language}/partnerships/stavanger-ningb/")

    assert f'href="{language}/partnerships/?q=stavanger%20ningb"' in response.text


@pytest.mark.usefixtures("site_404")
@pytest.mark.parametrize(
    "asked", ["/partnerships/xyzzy-plugh/", "/wp-login.php", "/", "/partnerships/sor-trondelag-ningbo/"]
)
def test_not_found_suggests_nothing_it_cannot_stand_behind(client, asked):
    PartnershipFactory(status=Partnership.Status.DRAFT, slug="sor-trondelag-ningbo", summary="Secret draft.")
    response = client.get(f"/zz{asked}" if asked == "/" else asked)

    assert response.status_code == HTTPStatus.NOT_FOUND
    published = set(Partnership.objects.published().values_list("slug", flat=True))
    for href, _text in suggestion_links(response):
        if href.startswith("/partnerships/"):
            assert href.split("/")[2] in published
    assert "sor-trondelag-ningbo/" not in "".join(href for href, _text in suggestion_links(response))
    if asked in {"/partnerships/xyzzy-plugh/", "/wp-login.php"}:
        assert suggestion_links(response) == []
