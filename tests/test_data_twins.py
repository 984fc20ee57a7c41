import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.models import Partnership

from .test_fixtures import AGREEMENTS

pytestmark = pytest.mark.usefixtures("listed_agreements")

PLACE_KEYS = {"slug", "name", "native_name", "pinyin", "country", "level", "parent", "latitude", "longitude", "names"}
PARTNERSHIP_KEYS = {
    "slug",
    "url",
    "title",
    "kind",
    "signed",
    "signed_at",
    "norwegian_party",
    "chinese_party",
    "topics",
    "summary",
    "summaries",
    "milestones",
    "contacts",
    "sources",
    "updated",
}
SOURCE_KEYS = {"title", "url", "publisher", "published", "accessed", "language"}
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_the_json_list_has_the_designed_shape(client):
    data = client.get(reverse("directory:partnership-list-json")).json()

    assert set(data) == {"count", "next", "previous", "results", "licence"}
    assert data["count"] == 8
    assert (data["next"], data["previous"]) == (None, None)
    for partnership in data["results"]:
        assert set(partnership) == PARTNERSHIP_KEYS
        assert set(partnership["norwegian_party"]) == PLACE_KEYS
        assert set(partnership["chinese_party"]) == PLACE_KEYS
        assert set(partnership["signed"]) == {"edtf", "display"}
        assert partnership["sources"]
        for source in partnership["sources"]:
            assert set(source) == SOURCE_KEYS


def test_the_json_twin_states_every_agreement_as_the_source_does(client):
    results = client.get(reverse("directory:partnership-list-json")).json()["results"]

    stated = {
        p["slug"]: (
            p["norwegian_party"]["slug"],
            p["chinese_party"]["slug"],
            p["kind"],
            p["signed"]["edtf"],
            p["signed"]["display"],
        )
        for p in results
    }
    assert stated == AGREEMENTS


def test_one_partnership_as_json(client):
    data = client.get(reverse("directory:partnership-detail-json", args=["oslo-shanghai"])).json()

    assert data["signed"] == {"edtf": "2001-11-08", "display": "8 November 2001"}
    assert data["signed_at"] == "Shanghai"
    assert data["chinese_party"]["native_name"] == "上海市"
    assert data["chinese_party"]["level"] == "direct-administered-municipality"
    assert data["url"] == "http://testserver/partnerships/oslo-shanghai/"
    assert data["topics"] == ["culture", "environment", "schools"]


def test_the_json_cites_each_partnerships_sources_as_objects_the_embassys_list_first(client):
    data = client.get(reverse("directory:partnership-detail-json", args=["telemark-hubei"])).json()

    sources = data["sources"]
    assert sources[0] == {
        "title": "Friendship Cities and Provinces",
        "url": "http://www.norway.cn/News_and_events/Bilateral-cooperation/Friendship-cooperation/friendship/",
        "publisher": "Royal Norwegian Embassy in Beijing",
        "published": {"edtf": None, "display": None},
        "accessed": None,
        "language": "en",
    }
    assert sources[3]["publisher"] == "湖北日报（荆楚网）"
    assert sources[3]["published"] == {"edtf": "2006-09-13", "display": "13 September 2006"}
    assert [source["language"] for source in sources] == ["en", "nb", "nb", "zh-Hans"]


def test_a_source_an_editor_read_on_a_day_says_so(client):
    partnership = Partnership.objects.get(slug="bergen-dalian")
    partnership.sources.create(order=3, title="Vennskapsbyer", accessed=datetime.date(2026, 3, 14), language="nb")

    sources = client.get(reverse("directory:partnership-detail-json", args=["bergen-dalian"])).json()["sources"]

    assert [source["accessed"] for source in sources] == [None, None, "2026-03-14"]
    assert sources[2]["url"] is None
    assert sources[2]["publisher"] is None


@pytest.mark.parametrize(
    "url",
    [reverse("directory:partnership-list-json"), reverse("directory:partnership-detail-json", args=["oslo-shanghai"])],
)
def test_the_json_names_the_datas_licence_and_how_to_attribute_it(client, url):
    licence = client.get(url).json()["licence"]

    assert licence["name"] == "CC BY 4.0"
    assert licence["url"] == CC_BY
    assert "http://testserver/" in licence["attribution"]
    assert "GeoNames" in licence["attribution"]


def test_the_json_list_pages_with_links_that_keep_the_filters(client):
    data = client.get(reverse("directory:partnership-list-json") + "?kind=friendship-agreement&page_size=2").json()

    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert "kind=friendship-agreement" in data["next"]
    assert "page=2" in data["next"]
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 1
    assert second["previous"] is not None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("signed_from=abc", "signed_from"),
        ("signed_to=1e9", "signed_to"),
        ("place=atlantis", "place"),
        ("topic=nothing", "topic"),
        ("kind=marriage", "kind"),
        ("sort=sideways", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=100000", "page_size"),
        ("q=" + "x" * 5000, "q"),
    ],
)
def test_a_malformed_parameter_answers_400_naming_it(client, query, parameter):
    response = client.get(reverse("directory:partnership-list-json") + "?" + query)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert parameter in response.json()["errors"]
