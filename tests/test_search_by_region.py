"""A region's name finds the partnerships of every place inside it, and the list offers the place it names."""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.models import Partnership, Place

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory

LIST = reverse("directory:partnership-list")


def found(client, prefix, query):
    response = client.get(f"{prefix}{LIST}", {"q": query})
    assert response.status_code == HTTPStatus.OK
    return {partnership.slug for partnership in response.context["page_obj"]}


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "query", "expected"),
    [
        # The journalist in Ningbo, reading Chinese.
        ("/zh-hans", "浙江", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("/zh-hans", "浙江省", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("/zh-hans", "湖南", {"fredrikstad-zhuzhou"}),
        ("/zh-hans", "罗加兰", {"stavanger-ningbo", "rogaland-guangdong"}),
        # The municipal officer in Stavanger, reading Norwegian.
        ("/nb", "Rogaland", {"stavanger-ningbo", "rogaland-guangdong"}),
        ("/nb", "Østfold", {"fredrikstad-zhuzhou"}),
        ("/nb", "ostfold", {"fredrikstad-zhuzhou"}),
        ("/nb", "Vestfold", {"sandefjord-jiaxing"}),
        # The English-speaking researcher.
        ("", "Zhejiang", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("", "Zhèjiāng", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("", "zhejiang sheng", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("", "Hunan", {"fredrikstad-zhuzhou"}),
        ("", "Húnán", {"fredrikstad-zhuzhou"}),
        ("", "Liaoning", {"bergen-dalian"}),
        ("", "Vestland", {"bergen-dalian"}),
        # A region's name with another word: both must match, as for any two words.
        ("", "zhejiang friendship", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("", "zhejiang stavanger", {"stavanger-ningbo"}),
        ("", "hunan stavanger", set()),
    ],
)
def test_a_regions_name_in_any_language_finds_the_partnerships_of_the_places_inside_it(client, prefix, query, expected):
    assert found(client, prefix, query) == expected


@pytest.mark.usefixtures("listed_agreements")
def test_the_search_finds_what_the_place_filter_finds_for_every_county_and_province(client):
    for region in Place.objects.filter(parent=None):
        filtered = set(Partnership.objects.published().involving([region]).values_list("slug", flat=True))
        for name in {region.name, region.native_name, region.pinyin, region.name_zh_hans} - {""}:
            assert filtered <= found(client, "", name), (region.slug, name)


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_renaming_or_moving_a_region_refreshes_the_search_of_the_partnerships_inside_it(client):
    county = NorwegianPlaceFactory(name="Agder", native_name="Agder fylke", slug="agder", level=Place.Level.COUNTY)
    town = NorwegianPlaceFactory(name="Arendal", slug="arendal", parent=county)
    partnership = PartnershipFactory(norwegian_party=town, chinese_party=ChinesePlaceFactory())

    assert found(client, "", "agder") == {partnership.slug}
    county.name = "Sørlandet"
    county.save()
    assert found(client, "", "agder fylke") == {partnership.slug}  # its native name is still Agder fylke
    assert found(client, "", "sorlandet") == {partnership.slug}
    other = NorwegianPlaceFactory(name="Telemark", slug="telemark", level=Place.Level.COUNTY)
    town.parent = other
    town.save()
    assert found(client, "", "sorlandet") == set()
    assert found(client, "", "telemark") == {partnership.slug}


def named(response):
    return [(named.place.slug, named.query.urlencode()) for named in response.context["filter"].named_places]


def heading_texts(response):
    return [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<h2[^>]*>(.*?)</h2>", response.text, re.DOTALL)]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "query", "heading"),
    [
        ("", "Zhejiang", "Did you mean Zhejiang province?"),
        ("", "Zhèjiāng Shěng", "Did you mean Zhejiang province?"),
        ("", "zhejiang province", "Did you mean Zhejiang province?"),
        ("/nb", "Zhejiang", "Mente du provinsen Zhejiang?"),
        ("/zh-hans", "浙江", "您要找的是浙江省吗？"),
        ("/zh-hans", "浙江省", "您要找的是浙江省吗？"),
    ],
)
def test_a_search_that_names_a_place_offers_its_filter_and_its_page_in_the_pages_language(
    client, prefix, query, heading
):
    response = client.get(f"{prefix}{LIST}", {"q": query, "kind": "friendship-agreement", "page": "1"})

    assert named(response) == [("zhejiang", "kind=friendship-agreement&page=1&place=zhejiang")]
    assert heading in heading_texts(response)
    links = re.findall(r'<div class="ds-alert named-places".*?</div>', response.text, re.DOTALL)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    assert f"{prefix}/places/zhejiang/" in hrefs
    filter_link = next(href for href in hrefs if href.startswith("?"))
    assert parse_qs(urlsplit(filter_link.replace("&amp;", "&")).query) == {
        "kind": ["friendship-agreement"],
        "place": ["zhejiang"],
    }


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "query", "slug", "heading"),
    [
        ("/nb", "Rogaland", "rogaland", "Mente du Rogaland fylke?"),
        ("/nb", "Ostfold", "ostfold", "Mente du Østfold fylke?"),
        ("/nb", "stavanger kommune", "stavanger", "Mente du Stavanger kommune?"),
        ("", "Hunan", "hunan", "Did you mean Hunan province?"),
        ("", "sor-trondelag", "sor-trondelag", "Did you mean Sør-Trøndelag county?"),
        ("/zh-hans", "宁波", "ningbo", "您要找的是宁波市吗？"),
        ("/zh-hans", "Níngbō", "ningbo", "您要找的是宁波市吗？"),
    ],
)
def test_the_offer_names_counties_municipalities_and_cities_too(client, prefix, query, slug, heading):
    response = client.get(f"{prefix}{LIST}", {"q": query})

    assert [place for place, _query in named(response)] == [slug]
    assert heading in heading_texts(response)


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    "query",
    ["harbour", "zhejiang harbour", "trondelag stavanger", "zhe", "浙", "fylke", "省", "province"],
)
def test_words_that_name_no_place_offer_none(client, query):
    response = client.get(LIST, {"q": query})

    assert named(response) == []
    assert "named-places" not in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_the_offer_is_left_out_when_that_place_is_already_chosen(client):
    response = client.get(LIST, {"q": "Zhejiang", "place": "zhejiang"})

    assert named(response) == []


@pytest.mark.usefixtures("listed_agreements")
def test_the_migration_writes_the_regions_into_every_partnerships_search_text(client):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("directory.migrations.0012_version_and_search_text_in_every_language")
    Partnership.objects.update(search_text="")
    assert found(client, "", "zhejiang") == set()

    migration.search_text_in_every_language(apps, None)
    cache.clear()  # a migration runs in a release, whose new id keys the page cache afresh

    assert found(client, "", "zhejiang") == {"stavanger-ningbo", "sandefjord-jiaxing"}
