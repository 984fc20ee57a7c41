"""What search engines and people sharing links find: sitemap, robots.txt, JSON-LD, Open Graph, data links."""

import json
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.models import Partnership, Place

from .factories import ChinesePlaceFactory, ContactFactory, NorwegianPlaceFactory, PartnershipFactory

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get(reverse("directory:sitemap"))
    assert response.status_code == HTTPStatus.OK
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta_property(response, name):
    match = re.search(rf'<meta property="{re.escape(name)}" content="([^"]*)">', response.text)
    assert match, name
    return match.group(1)


def alternates(response):
    return dict(re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', response.text))


@pytest.mark.usefixtures("listed_agreements")
def test_the_sitemap_lists_home_list_about_open_data_published_partnerships_and_their_places(client):
    draft = PartnershipFactory(
        norwegian_party=NorwegianPlaceFactory(slug="draftby-7c1f"),
        chinese_party=ChinesePlaceFactory(slug="draftcity-7c1f"),
        status=Partnership.Status.DRAFT,
    )
    published = Partnership.objects.published().select_related("norwegian_party__parent", "chinese_party__parent")
    places = set()
    for partnership in published:
        for party in (partnership.norwegian_party, partnership.chinese_party):
            places |= {party, *party.ancestors()}

    locations = sitemap_locations(client)

    paths = {"/", "/partnerships/", "/data/", "/about/", "/accessibility/"}
    paths |= {p.get_absolute_url() for p in published}
    paths |= {place.get_absolute_url() for place in places}
    # Every page in English (unprefixed), Norwegian and Chinese.
    expected = {f"http://testserver{prefix}{path}" for prefix in ("", "/nb", "/zh-hans") for path in paths}
    assert len(locations) == len(set(locations))
    assert set(locations) == expected
    assert "http://testserver/places/zhejiang/" in locations
    assert "http://testserver/zh-hans/places/zhejiang/" in locations
    assert "http://testserver/places/hordaland/" not in locations
    assert not [location for location in locations if "7c1f" in location or draft.slug in location]


def test_robots_txt_names_the_sitemap_by_its_full_address(client, settings, db):
    settings.ALLOWED_HOSTS = ["friendship.example.org"]

    response = client.get(reverse("directory:robots"), headers={"host": "friendship.example.org"}, secure=True)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: https://friendship.example.org/sitemap.xml" in response.text.splitlines()
    assert "Disallow: /admin/" in response.text.splitlines()


@pytest.mark.usefixtures("listed_agreements")
def test_a_partnership_page_describes_its_two_places_as_json_ld(client):
    response = client.get(reverse("directory:partnership-detail", args=["stavanger-ningbo"]))

    data = json_ld(response)

    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Stavanger – Ningbo"
    assert data["url"] == "http://testserver/partnerships/stavanger-ningbo/"
    stavanger, ningbo = data["about"]
    assert (stavanger["@type"], stavanger["name"]) == ("City", "Stavanger")
    assert (ningbo["@type"], ningbo["name"]) == ("City", "Ningbo")
    assert "宁波市" in ningbo["alternateName"]
    assert ningbo["containedInPlace"]["@type"] == "AdministrativeArea"
    place = Place.objects.get(slug="ningbo")
    assert ningbo["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": float(place.latitude),
        "longitude": float(place.longitude),
    }


@pytest.mark.usefixtures("listed_agreements")
def test_a_place_page_describes_the_place_as_json_ld(client):
    county = json_ld(client.get(reverse("directory:place-detail", args=["rogaland"])))
    city = json_ld(client.get(reverse("directory:place-detail", args=["jiaxing"])))

    assert (county["@type"], county["name"], county["address"]["addressCountry"]) == (
        "AdministrativeArea",
        "Rogaland",
        "NO",
    )
    assert county["geo"]["@type"] == "GeoCoordinates"
    assert (city["@type"], city["containedInPlace"]["name"]) == ("City", "Zhejiang")


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_what_editors_write(client):
    summary = 'Ends here </script><script>alert("x")</script> & <!-- more'
    partnership = PartnershipFactory(summary=summary)
    ContactFactory(partnership=partnership, name="private-5e2d", notes="staff-5e2d", is_public=False)

    response = client.get(partnership.get_absolute_url())

    assert "<script>alert" not in response.text
    assert json_ld(response)["description"] == summary
    assert "5e2d" not in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_shared_links_read_well_with_open_graph(client):
    partnership = client.get(reverse("directory:partnership-detail", args=["oslo-shanghai"]))
    place = client.get(reverse("directory:place-detail", args=["zhejiang"]))

    assert meta_property(partnership, "og:title") == "Oslo – Shanghai"
    assert meta_property(partnership, "og:url") == "http://testserver/partnerships/oslo-shanghai/"
    assert meta_property(partnership, "og:description").startswith("Oslo and Shanghai")
    assert meta_property(place, "og:title") == "Zhejiang (浙江省)"
    assert meta_property(place, "og:url") == "http://testserver/places/zhejiang/"


@pytest.mark.usefixtures("listed_agreements")
def test_each_page_links_its_data_twin(client):
    detail = alternates(client.get(reverse("directory:partnership-detail", args=["oslo-shanghai"])))
    place = alternates(client.get(reverse("directory:place-detail", args=["zhejiang"])))
    home = alternates(client.get(reverse("directory:home")))

    assert detail["application/json"] == "/partnerships/oslo-shanghai.json"
    assert place["application/json"] == "/partnerships.json?place=zhejiang"
    assert place["text/csv"] == "/partnerships.csv?place=zhejiang"
    assert home["application/atom+xml"] == "/feeds/partnerships.atom"
    assert home["text/calendar"] == "/anniversaries.ics"
    for url in [*detail.values(), *place.values(), *home.values()]:
        assert client.get(url).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("listed_agreements")
def test_the_list_offers_its_filtered_partnerships_for_download(client):
    response = client.get(reverse("directory:partnership-list") + "?place=zhejiang&sort=-signed&page=1")

    assert "Download these 2 partnerships as" in response.text
    links = alternates(response)
    assert links["application/json"] == "/partnerships.json?place=zhejiang&amp;sort=-signed"
    assert links["text/csv"] == "/partnerships.csv?place=zhejiang&amp;sort=-signed"
    csv_link = re.search(r'<a class="ds-link" href="([^"]+)" type="text/csv" download>CSV</a>', response.text).group(1)
    json_link = re.search(r'<a class="ds-link" href="([^"]+)" type="application/json">JSON</a>', response.text).group(1)
    csv_text = b"".join(client.get(csv_link.replace("&amp;", "&")).streaming_content).decode()
    json_data = client.get(json_link.replace("&amp;", "&")).json()
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["stavanger-ningbo", "sandefjord-jiaxing"]
    assert [p["slug"] for p in json_data["results"]] == ["stavanger-ningbo", "sandefjord-jiaxing"]


@pytest.mark.usefixtures("listed_agreements")
def test_the_download_links_leave_out_the_filters_the_list_could_not_use(client):
    response = client.get(reverse("directory:partnership-list") + "?kind=twin-town-agreement&signed_from=abc")

    assert "Download this partnership as" in response.text
    links = alternates(response)
    assert links["text/csv"] == "/partnerships.csv?kind=twin-town-agreement"
    assert client.get(links["application/json"]).json()["count"] == 1
    assert client.get(links["text/csv"]).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_an_empty_list_offers_no_download(client):
    response = client.get(reverse("directory:partnership-list"))

    assert response.status_code == HTTPStatus.OK
    assert "Download" not in response.text
