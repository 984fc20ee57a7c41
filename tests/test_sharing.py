"""Shared links: Open Graph tags on every page, share images drawn for them in each language, and the icons."""

import io
import itertools
import re
from html import unescape
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from directory.models import Partnership, Place
from directory.pictures import share

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory
from .pages import PAGES

LANGUAGES = ["", "/nb", "/zh-hans"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def meta(response, name):
    """The content of each `<meta property=name>` (or `name=name`) of a page."""
    return [
        unescape(value)
        for value in re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', response.text)
    ]


def image_at(client, url):
    """The image an absolute address of this site answers with, opened."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == HTTPStatus.OK, url
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_page_has_open_graph_tags_and_a_share_image_in_its_language(client, settings, prefix):
    settings.DEBUG = False  # the 404 page in the site's look
    images = set()
    for name, path in PAGES.items():
        response = client.get(prefix + path)

        (image_url,) = meta(response, "og:image")
        (alt,) = meta(response, "og:image:alt")
        assert len(meta(response, "og:title")) == 1, name
        assert image_url.startswith(f"http://testserver{prefix}/"), name
        assert image_url.endswith("/share.png"), name
        assert meta(response, "og:image:width") == ["1200"]
        assert meta(response, "og:image:height") == ["630"]
        assert meta(response, "twitter:card") == ["summary_large_image"]
        assert meta(response, "og:url")[0].startswith(f"http://testserver{prefix}/"), name
        assert meta(response, "og:locale") == [{"": "en_GB", "/nb": "nb_NO", "/zh-hans": "zh_CN"}[prefix]]
        # In the page's language: the Norwegian words on the Norwegian pages, Chinese on the Chinese.
        if prefix == "/zh-hans":
            assert CJK.search(meta(response, "og:site_name")[0])
            assert CJK.search(alt), name
        elif prefix == "/nb":
            assert alt.startswith("Et kart over Norge og Kina"), name
        else:
            assert alt.startswith("A map of Norway and China"), name
        images.add(image_url)

    # Each image named answers, as large as the tags say.
    for image_url in images:
        image = image_at(client, image_url)
        assert (image.width, image.height) == (1200, 630)
    assert len(images) >= 5  # the home page's, two partnerships' and two places'


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_home_page_shares_its_title_description_and_map(client, prefix):
    response = client.get(f"{prefix}/")

    assert meta(response, "og:type") == ["website"]
    assert meta(response, "og:title") == [
        {"": "Norway–China friendship cities", "/nb": "Vennskapsbyer Norge–Kina", "/zh-hans": "挪威—中国友好城市"}[
            prefix
        ]
    ]
    assert meta(response, "og:description")[0] == meta(response, "description")[0]
    assert meta(response, "og:url") == [f"http://testserver{prefix}/"]
    assert meta(response, "og:image") == [f"http://testserver{prefix}/share.png"]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/partnerships/?place=rogaland&topic=energy", "Partnerships (Place: Rogaland; Topic: Energy)"),
        ("/nb/partnerships/?place=rogaland&signed_from=2000", "Samarbeid (Sted: Rogaland; Signert fra: 2000)"),
        ("/zh-hans/partnerships/?place=zhejiang&q=ningbo", "合作关系（搜索：ningbo；地点：浙江省）"),
        ("/partnerships/", "Partnerships"),
    ],
)
def test_a_filtered_list_says_in_its_title_which_filters_it_shows(client, url, title):
    response = client.get(url)

    assert meta(response, "og:title") == [title]
    assert unescape(re.search(r"<title>(.*?)</title>", response.text)[1]).startswith(f"{title} – ")


@pytest.mark.usefixtures("listed_agreements")
def test_a_list_of_one_place_shares_that_places_map_and_any_other_the_whole_map(client):
    one_place = client.get("/nb/partnerships/?place=rogaland")
    more = client.get("/nb/partnerships/?place=rogaland&topic=energy")

    assert meta(one_place, "og:image") == ["http://testserver/nb/places/rogaland/share.png"]
    assert meta(one_place, "og:image:alt") == [
        "Et kart over Norge og Kina med 2 samarbeid for Rogaland og stedene som ligger der"
    ]
    assert meta(more, "og:image") == ["http://testserver/nb/share.png"]


@pytest.mark.usefixtures("listed_agreements")
def test_a_partnership_and_a_place_share_their_own_images(client):
    partnership = client.get("/zh-hans/partnerships/stavanger-ningbo/")
    place = client.get("/places/zhejiang/")

    assert meta(partnership, "og:type") == ["article"]
    assert meta(partnership, "og:image") == ["http://testserver/zh-hans/partnerships/stavanger-ningbo/share.png"]
    assert meta(partnership, "og:image:alt") == ["挪威和中国地图，图中一条线连接斯塔万格和宁波市"]
    assert meta(place, "og:image") == ["http://testserver/places/zhejiang/share.png"]
    assert meta(place, "og:image:alt") == [
        "A map of Norway and China with the 2 partnerships of Zhejiang and the places inside it"
    ]


@pytest.mark.usefixtures("listed_agreements")
def test_the_share_images_differ_by_page_and_by_language(client):
    images = {
        url: client.get(url).content
        for url in [
            "/share.png",
            "/nb/share.png",
            "/zh-hans/share.png",
            "/partnerships/stavanger-ningbo/share.png",
            "/zh-hans/partnerships/stavanger-ningbo/share.png",
            "/places/rogaland/share.png",
        ]
    }

    assert len(set(images.values())) == len(images)
    # Light enough for a social site to fetch quickly.
    assert all(20_000 < len(png) < 150_000 for png in images.values())


def cards():
    """A card of every kind the site draws: the home page's, each listed partnership's and place's."""
    published = Partnership.objects.published()
    yield "home", share.home_card(published)
    for partnership in published.select_related("norwegian_party", "chinese_party"):
        yield partnership.slug, share.partnership_card(partnership)
    for place in Place.objects.all():
        yield place.slug, share.place_card(place, published.involving([place]))


def inside_panel(box):
    """Whether a text's box lies inside the panel, with at least half its padding around it."""
    left, top, right, bottom = box
    margin = share.PADDING / 2
    return margin <= left and right <= share.PANEL - margin and margin <= top and bottom <= share.HEIGHT - margin


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", ["en", "nb", "zh-hans"])
def test_every_text_of_every_share_image_lies_inside_its_panel_and_apart(language):
    with translation.override(language):
        drawn = 0
        for name, card in cards():
            assert [text for text, _box in card.texts][:1] == [card.kicker], name
            for text, box in card.texts:
                assert inside_panel(box), (name, text, box)
                drawn += 1
            for (text, box), (other, other_box) in itertools.combinations(card.texts, 2):
                assert not overlap(box, other_box), (name, text, other)

    assert drawn > 100


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_name_too_long_for_the_panel_is_drawn_smaller_then_cut_with_an_ellipsis(language):
    # As long as the fields take: 100 letters each.
    long_name = ("Aurskog-Høland og Nordre Follo og Lillestrøm og Lørenskog og Rælingen " * 2)[:100]
    partnership = PartnershipFactory(
        norwegian_party=NorwegianPlaceFactory(name=long_name, native_name=long_name),
        chinese_party=ChinesePlaceFactory(
            name=("Xinjiang Uygur Autonomous Region " * 4)[:100],
            name_zh_hans="",
            native_name=("新疆维吾尔自治区" * 13)[:100],
        ),
    )

    with translation.override(language):
        card = share.partnership_card(partnership)
        assert Image.open(io.BytesIO(card.draw())).size == (1200, 630)

    texts = [text for text, _box in card.texts]
    assert any(text.endswith("…") for text in texts)
    for text, box in card.texts:
        assert inside_panel(box), (text, box)


@pytest.mark.usefixtures("listed_agreements")
def test_the_share_image_draws_each_place_where_it_lies(client):
    image = Image.open(io.BytesIO(client.get("/partnerships/stavanger-ningbo/share.png").content)).convert("RGB")

    for slug, colour in [("stavanger", (0x1E, 0x4A, 0x8A)), ("ningbo", (0xB3, 0x26, 0x1E))]:
        place = Place.objects.get(slug=slug)
        x, y = share.MAP_FRAME.point(float(place.longitude), float(place.latitude))
        pixel = image.getpixel((round(x / share.SCALE + share.PANEL), round(y / share.SCALE)))
        assert all(abs(a - b) <= 24 for a, b in zip(pixel, colour, strict=True)), (slug, pixel)
    # The panel is on the left, white; the sea around the map is blue.
    assert min(image.getpixel((share.PANEL // 2, share.HEIGHT - 10))) >= 250


@pytest.mark.django_db
def test_drafts_unknown_partnerships_and_places_have_no_share_image(client):
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)

    assert client.get(f"/partnerships/{draft.slug}/share.png").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/partnerships/no-such-thing/share.png").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/zh-hans/places/no-such-place/share.png").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_a_share_image_is_kept_in_the_page_cache_until_the_data_changes(client):
    first = client.get("/nb/share.png")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/nb/share.png")
    made = len(queries)
    revalidated = client.get("/nb/share.png", HTTP_IF_NONE_MATCH=first["ETag"])
    PartnershipFactory()
    changed = client.get("/nb/share.png")

    assert made == 1  # the data version
    assert again.content == first.content
    assert again["Content-Type"] == "image/png"
    assert "no-cache" in first["Cache-Control"]
    assert revalidated.status_code == HTTPStatus.NOT_MODIFIED
    assert changed.content != first.content  # 9 partnerships now, and one more line


@pytest.mark.usefixtures("listed_agreements")
def test_without_its_fonts_a_share_image_is_still_drawn_and_the_checks_say_what_to_install(client, monkeypatch):
    missing = {weight: (share.Path("/nonexistent/NotoSansCJK.ttc"), 2) for weight in share.FONTS}
    monkeypatch.setattr(share, "FONTS", missing)
    share.font_of.cache_clear()
    try:
        response = client.get("/partnerships/stavanger-ningbo/share.png")
        warnings = [message for message in run_checks() if message.id == "directory.W001"]
    finally:
        share.font_of.cache_clear()

    assert response.status_code == HTTPStatus.OK
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    assert len(warnings) == 2
    assert "fonts-noto-cjk" in warnings[0].hint


def test_with_its_fonts_the_checks_are_content():
    assert [message for message in run_checks() if message.id == "directory.W001"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "sizes"),
    [
        ("/favicon.ico", {(16, 16), (32, 32), (48, 48)}),
        ("/apple-touch-icon.png", {(180, 180)}),
        ("/apple-touch-icon-precomposed.png", {(180, 180)}),
        ("/icon-192.png", {(192, 192)}),
    ],
)
def test_the_icons_are_where_browsers_and_phones_look_for_them(client, url, sizes):
    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    image = Image.open(io.BytesIO(response.content))
    assert image.info.get("sizes", {image.size}) == sizes
    assert "max-age=604800" in response["Cache-Control"]
    if url.endswith(".png"):
        assert image.mode == "RGB"  # no transparency: iOS would fill it with black
        # The Norwegian place above left, the Chinese below right.
        width, height = image.size
        blue, red = (
            image.getpixel((width * 27 // 100, height * 30 // 100)),
            image.getpixel((width * 73 // 100, height * 70 // 100)),
        )
        assert blue[2] > blue[0]
        assert red[0] > red[2]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_page_names_its_icons_and_each_answers(client, prefix):
    response = client.get(f"{prefix}/")

    icons = dict(re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', response.text))
    named = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', response.text)
    assert set(named) == {"/favicon.ico", "/icon-192.png", "/apple-touch-icon.png"}
    assert icons["apple-touch-icon"] == "/apple-touch-icon.png"
    for url in named:
        assert client.get(url).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_share_images_and_icons_make_a_fixed_few_queries(client):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured)

    before = {url: queries(url) for url in IMAGE_QUERIES}
    PartnershipFactory.create_batch(20, chinese_party=Place.objects.get(slug="ningbo"))
    after = {url: queries(url) for url in IMAGE_QUERIES}

    assert before == after == IMAGE_QUERIES


# Each image's queries, pinned: the data version (the page cache's), then what the image shows.
IMAGE_QUERIES = {
    reverse("directory:home-image"): 3,  # how many partnerships, their places
    reverse("directory:partnership-image", args=["stavanger-ningbo"]): 2,  # the partnership with its places
    reverse("directory:place-image", args=["zhejiang"]): 4,  # the place, how many partnerships, their places
    reverse("directory:favicon"): 1,
    reverse("directory:apple-touch-icon"): 1,
}
