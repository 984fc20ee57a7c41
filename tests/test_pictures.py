import math
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from directory.models import Partnership, Place
from directory.pictures import agreement_timeline
from directory.pictures.geo import Frame, Mercator, clip, decode_topology, simplify
from directory.views import PartnershipListView

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory

SVG = "{http://www.w3.org/2000/svg}"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# The map's frame, written out again here: Mercator from 50°W to 150°E, 72.5°N to 15°S, 800 units wide.
WEST, EAST, NORTH, WIDTH = -50, 165, 72.5, 800


def expected_point(latitude, longitude):
    scale = WIDTH / math.radians(EAST - WEST)

    def mercator_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    return math.radians(longitude - WEST) * scale, (mercator_y(NORTH) - mercator_y(latitude)) * scale


def pictures_in(html):
    """Each <svg> of a page, parsed, with its source text."""
    return [(ET.fromstring(source), source) for source in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)]


def picture(html, css_class):
    found = [(tree, source) for tree, source in pictures_in(html) if tree.get("class") == css_class]
    assert len(found) == 1, f"expected one {css_class} picture, found {len(found)}"
    return found[0]


def links(tree):
    return list(tree.iter(f"{SVG}a"))


def markers(tree):
    """{place slug: (x, y)} for each place marker of a map."""
    found = {}
    for link in links(tree):
        circle = link.find(f"{SVG}circle")
        if circle is not None:
            slug = link.get("href").rstrip("/").rsplit("/", 1)[-1]
            found[slug] = (float(circle.get("cx")), float(circle.get("cy")))
    return found


def partnership_lines(tree):
    """{partnership slug: ((x1, y1), (x2, y2))} for each partnership drawn on a map."""
    found = {}
    for link in links(tree):
        line = link.find(f"{SVG}line")
        if line is not None and line.get("class") == "leader":
            continue
        if line is not None:
            slug = link.get("href").rstrip("/").rsplit("/", 1)[-1]
            found[slug] = tuple((float(line.get(f"x{i}")), float(line.get(f"y{i}"))) for i in (1, 2))
    return found


def test_mercator_matches_snyders_worked_example():
    # Snyder, Map Projections: A Working Manual (1987), p. 266: R = 1, central meridian 180°W.
    x, y = Mercator(central_meridian=-180)(-75, 35)

    assert x == pytest.approx(1.8325957, abs=1e-7)
    assert y == pytest.approx(-0.6528366, abs=1e-7)


def test_the_frame_puts_its_corners_at_the_corners_of_the_picture():
    frame = Frame.around(west=-50, north=72.5, east=150, south=15, width=800)

    assert frame.point(-50, 72.5) == pytest.approx((0, 0), abs=1e-9)
    assert frame.point(150, 15) == pytest.approx((800, frame.height), abs=0.5)


def test_topojson_arcs_are_decoded_delta_by_delta_and_reversed_by_negative_index():
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[0, 0], [2, 1]]],
        "objects": {
            "shapes": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "id": "1", "arcs": [[0, ~1]]}]}
        },
    }

    ((identifier, polygons),) = decode_topology(topology)["shapes"]

    assert identifier == "1"
    # Arc 0: (0,0) (2,0) (2,1); arc ~1 is arc 1, (0,0) (2,1), backwards, its first point shared.
    assert polygons == [[[(10, 20), (11, 20), (11, 22), (10, 20)]]]


def test_clipping_keeps_the_part_of_a_ring_inside_the_rectangle():
    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]

    clipped = clip(square, 0, 0, 10, 10)

    assert sorted(clipped) == sorted([(0, 0), (5, 0), (5, 5), (0, 5)])
    assert clip([(20, 20), (30, 20), (30, 30)], 0, 0, 10, 10) == []


def test_simplifying_drops_points_closer_than_the_tolerance_and_keeps_corners():
    points = [(0, 0), (5, 0.2), (10, 0), (10, 10)]

    assert simplify(points, tolerance=0.5) == [(0, 0), (10, 0), (10, 10)]
    assert simplify(points, tolerance=0.1) == points


@pytest.mark.django_db
def test_the_map_of_the_eight_agreements_has_eight_lines_and_sixteen_markers_where_the_places_are(
    client, listed_agreements
):
    response = client.get(reverse("directory:home"))
    tree, _source = picture(response.text, "map")

    lines = partnership_lines(tree)
    places = markers(tree)
    assert len(lines) == 8
    assert len(places) == 16
    for slug, (x, y) in places.items():
        place = Place.objects.get(slug=slug)
        assert (x, y) == pytest.approx(expected_point(float(place.latitude), float(place.longitude)), abs=0.2), slug
    for partnership in Partnership.objects.select_related("norwegian_party", "chinese_party"):
        start, end = lines[partnership.slug]
        assert start == places[partnership.norwegian_party.slug]
        assert end == places[partnership.chinese_party.slug]


@pytest.mark.django_db
def test_the_map_puts_bergen_west_of_oslo_and_dalian_north_of_shanghai(client, listed_agreements):
    places = markers(picture(client.get(reverse("directory:home")).text, "map")[0])

    assert places["bergen"][0] < places["oslo"][0]
    assert places["dalian"][1] < places["shanghai"][1]
    assert max(x for slug, (x, y) in places.items() if slug in {"bergen", "oslo", "sor-trondelag"}) < min(
        x for slug, (x, y) in places.items() if slug in {"chongqing", "guangdong", "dalian"}
    )


@pytest.mark.django_db
def test_each_marker_and_line_links_to_its_page_with_a_title(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    stavanger = Place.objects.get(slug="stavanger")
    ningbo = Partnership.objects.get(slug="stavanger-ningbo")
    by_href = {link.get("href"): link for link in links(tree)}
    assert by_href[stavanger.get_absolute_url()].find(f"{SVG}title").text == "Stavanger"
    assert by_href[ningbo.get_absolute_url()].find(f"{SVG}title").text == "Stavanger – Ningbo"
    assert all(link.find(f"{SVG}title") is not None for link in links(tree))


@pytest.mark.django_db
def test_the_map_names_places_in_their_own_language_and_script(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    labels = {text.text: text.get("lang") for text in tree.iter(f"{SVG}text")}
    assert labels["宁波市"] == "zh-Hans"
    assert labels["广东省"] == "zh-Hans"
    assert labels["Stavanger kommune"] == "nb"
    assert labels["Sør-Trøndelag fylke"] == "nb"


@pytest.mark.django_db
def test_a_filter_changes_the_map_on_the_list(client, listed_agreements):
    everything = picture(client.get(reverse("directory:partnership-list")).text, "map")[0]
    zhejiang = picture(client.get(reverse("directory:partnership-list") + "?place=zhejiang").text, "map")[0]

    assert len(partnership_lines(everything)) == 8
    assert set(partnership_lines(zhejiang)) == {"stavanger-ningbo", "sandefjord-jiaxing"}
    assert set(markers(zhejiang)) == {"stavanger", "ningbo", "sandefjord", "jiaxing"}


@pytest.mark.django_db
def test_the_list_map_shows_every_partnership_the_filters_select_not_only_this_page(client):
    PartnershipFactory.create_batch(30)

    response = client.get(reverse("directory:partnership-list"))

    assert len(response.context["page_obj"]) == PartnershipListView.paginate_by < 30
    assert len(partnership_lines(picture(response.text, "map")[0])) == 30


@pytest.mark.django_db
def test_drafts_are_on_no_picture(client):
    PartnershipFactory(signed="2003")
    draft = PartnershipFactory(status=Partnership.Status.DRAFT, signed="1990")

    response = client.get(reverse("directory:home"))

    assert draft.get_absolute_url() not in response.text
    assert "1990" not in response.text
    assert len(partnership_lines(picture(response.text, "map")[0])) == 1


@pytest.mark.django_db
def test_a_partnership_page_has_a_small_map_of_its_two_places(client, listed_agreements):
    partnership = Partnership.objects.get(slug="oslo-shanghai")

    response = client.get(partnership.get_absolute_url())

    tree, _source = picture(response.text, "map")
    assert set(partnership_lines(tree)) == {"oslo-shanghai"}
    assert set(markers(tree)) == {"oslo", "shanghai"}
    assert 'class="picture picture-map picture-small"' in response.text


@pytest.mark.django_db
def test_a_place_page_maps_the_partnerships_of_the_places_inside_it(client, listed_agreements):
    response = client.get(Place.objects.get(slug="zhejiang").get_absolute_url())

    tree, _source = picture(response.text, "map")
    assert set(partnership_lines(tree)) == {"stavanger-ningbo", "sandefjord-jiaxing"}


@pytest.mark.django_db
def test_a_place_without_coordinates_is_named_beside_the_map_not_drawn(client):
    nowhere = ChinesePlaceFactory(name="Nowhere", latitude=None, longitude=None)
    PartnershipFactory(chinese_party=nowhere)
    PartnershipFactory()

    response = client.get(reverse("directory:home"))

    assert len(partnership_lines(picture(response.text, "map")[0])) == 1
    assert "Not on the map, for want of coordinates:" in response.text


@pytest.mark.django_db
def test_names_on_the_map_are_escaped(client):
    PartnershipFactory(norwegian_party=NorwegianPlaceFactory(name="<b>Evil</b>", native_name="<script>x</script>"))

    response = client.get(reverse("directory:home"))

    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text
    picture(response.text, "map")  # still well-formed XML


def timeline_bars(tree):
    """{year: (count shown, {precision: blocks' count})} from a timeline's bars."""
    bars = {}
    for link in links(tree):
        year = int(re.fullmatch(r"/partnerships/\?signed_from=(\d+)&signed_to=\1", link.get("href"))[1])
        count = int(link.find(f"{SVG}text").text)
        blocks = [block.get("data-precision") for block in link.iter(f"{SVG}rect")]
        bars[year] = (count, blocks)
    return bars


@pytest.mark.django_db
def test_the_timeline_bars_count_the_agreements_of_each_year_and_show_their_precision(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "timeline")

    assert timeline_bars(tree) == {
        1999: (1, ["year"]),
        2001: (2, ["day", "month"]),
        2004: (1, ["season"]),
        2005: (2, ["year"]),
        2010: (2, ["day"]),
    }


@pytest.mark.django_db
def test_each_timeline_bar_links_to_the_list_of_that_year(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "timeline")

    for year, (count, _blocks) in timeline_bars(tree).items():
        response = client.get(reverse("directory:partnership-list"), {"signed_from": year, "signed_to": year})
        assert response.context["paginator"].count == count, year


@pytest.mark.django_db
def test_a_winter_counts_in_both_years_it_spans_and_an_unknown_date_in_none(client):
    PartnershipFactory(signed="2004-24")
    PartnershipFactory(signed="")

    response = client.get(reverse("directory:home"))

    assert timeline_bars(picture(response.text, "timeline")[0]) == {2004: (1, ["season"]), 2005: (1, ["season"])}
    assert "1 agreement has no known date and is not on the timeline." in response.text


@pytest.mark.django_db
def test_the_timeline_counts_only_the_partnerships_it_is_given(listed_agreements):
    timeline = agreement_timeline(Partnership.objects.published().filter(kind="friendship-agreement"))

    assert {bar.year: bar.count for bar in timeline.bars} == {2001: 2, 2004: 1}
    assert (timeline.dated, timeline.undated) == (3, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["home", "list", "partnership", "place"])
def test_pictures_are_accessible_images_small_and_self_contained(client, listed_agreements, slug):
    url = {
        "home": reverse("directory:home"),
        "list": reverse("directory:partnership-list"),
        "partnership": Partnership.objects.get(slug="bergen-dalian").get_absolute_url(),
        "place": Place.objects.get(slug="zhejiang").get_absolute_url(),
    }[slug]

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    found = pictures_in(response.text)
    assert found
    for tree, source in found:
        # One image to assistive technology, named, and described by the list or table beside it.
        (image,) = [element for element in tree.iter() if element.get("role") == "img"]
        title = image.find(f"{SVG}title")
        assert image.get("aria-labelledby") == title.get("id")
        assert title.text.strip()
        assert f'id="{image.get("aria-describedby")}"' in response.text
        # Its links are for the mouse, out of the tab order and hidden from screen readers: the text has them all.
        hidden = [element for element in tree.iter() if element.get("aria-hidden") == "true"]
        for link in links(tree):
            assert link.get("tabindex") == "-1"
            assert any(link is element or link in element.iter() for element in hidden)
            assert f'href="{escape(link.get("href"))}"' in response.text.replace(source, "")
        assert len(source.encode()) < 30_000
        assert re.findall(r"https?:|//", source.replace(SVG_NAMESPACE, "")) == []
        assert "style=" not in source
        assert "<script" not in source


@pytest.mark.django_db
def test_the_map_stays_under_30_kb_with_many_partnerships(client):
    PartnershipFactory.create_batch(300)

    response = client.get(reverse("directory:partnership-list"))

    _tree, source = picture(response.text, "map")
    assert len(source.encode()) < 30_000
    assert "The map shows the first 45 partnerships of this list." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["partnership", "place"])
def test_detail_pages_with_pictures_make_the_same_number_of_queries_for_1_and_30_partnerships(client, page):
    place = ChinesePlaceFactory()
    first = PartnershipFactory(chinese_party=place)
    url = first.get_absolute_url() if page == "partnership" else place.get_absolute_url()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured)

    with_one = queries()
    for _ in range(29):
        PartnershipFactory(chinese_party=place)

    assert queries() == with_one


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/nb", "/zh-hans"])
@pytest.mark.parametrize(("path", "named"), [("/", 8), ("/places/rogaland/", 2)])
def test_the_names_east_of_china_end_inside_the_map(client, listed_agreements, prefix, path, named):
    """Chinese places are named in a column east of China: the longest name must end before the frame does.

    The small map of a place page has the larger letters.
    """
    tree, _source = picture(client.get(f"{prefix}{path}").text, "map")
    width = float(tree.get("viewBox").split()[2])
    font_size = float(tree.get("font-size"))
    labels = [text for text in tree.iter(f"{SVG}text") if text.get("text-anchor") == "start"]

    assert len(labels) == named
    for label in labels:
        # A generous estimate of the text's width: 0.65 em a Latin letter, 1 em a Chinese character.
        estimate = sum(font_size * (1 if ord(char) > 0x2E80 else 0.65) for char in label.text)
        assert float(label.get("x")) + estimate <= width, label.text


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/nb", "/zh-hans"])
@pytest.mark.parametrize("path", ["/", "/places/rogaland/", "/partnerships/stavanger-ningbo/"])
def test_every_coordinate_is_a_plain_number_in_every_language(client, listed_agreements, prefix, path):
    """Norwegian writes 207,4 for 207.4; an SVG coordinate written so would put the shape at 0."""
    pictures = pictures_in(client.get(f"{prefix}{path}").text)
    coordinates = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")

    assert pictures
    checked = 0
    for tree, _source in pictures:
        for element in tree.iter():
            for name in coordinates:
                if name in element.attrib:
                    float(element.get(name))
                    checked += 1
            if "viewBox" in element.attrib:
                [float(number) for number in element.get("viewBox").split()]
    assert checked > 10


@pytest.mark.django_db
def test_the_timeline_counts_each_date_once_by_its_own_precision_and_years():
    for signed in ["2010-04-12", "2010-04-30", "2010-04", "2010-12", "2010-22", "2010-24", "2010", "2011", "", ""]:
        PartnershipFactory(signed=signed)

    timeline = agreement_timeline(Partnership.objects.all())

    counts = {bar.year: {block.precision: block.count for block in bar.blocks} for bar in timeline.bars}
    assert counts == {2010: {"day": 2, "month": 2, "season": 2, "year": 1}, 2011: {"season": 1, "year": 1}}
    assert (timeline.dated, timeline.undated) == (8, 2)
