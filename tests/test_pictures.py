import itertools
import math
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from PIL import ImageFont

from directory.models import Partnership, Place
from directory.pictures import agreement_timeline
from directory.pictures.geo import Frame, Mercator, clip, decode_topology, simplify
from directory.pictures.maps import TIERS
from directory.views.pages import PartnershipListView

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory

SVG = "{http://www.w3.org/2000/svg}"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# The map's frame, written out again here: Mercator from 50°W to 150°E, 72.5°N to 15°S, 800 units wide.
WEST, EAST, NORTH, WIDTH = -50, 165, 72.5, 800


# The fonts Debian's Chromium draws the pictures' text in (`system-ui`): DejaVu Sans for Latin letters, Noto
# Sans CJK for Chinese (.ci/run installs both).
FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # the face for simplified Chinese
]


def drawn_width(text, size):
    """The width of a text in the wider of the two fonts, measured by FreeType (Pillow)."""
    return max(ImageFont.truetype(path, 100, index=index).getlength(text) for path, index in FONTS) * size / 100


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


def dots(tree):
    """[(x, y)] of the dot drawn where each place is."""
    return [
        (float(circle.get("cx")), float(circle.get("cy")))
        for group in tree.iter(f"{SVG}g")
        if group.get("class") == "map-places"
        for circle in group.iter(f"{SVG}circle")
    ]


def tier(tree, name):
    """{href: (title, [(x, y, r)])} of the markers a map shows at one tier of width (narrow, medium, wide)."""
    (group,) = [g for g in tree.iter(f"{SVG}g") if g.get("class") == f"map-markers map-{name}"]
    return {
        link.get("href"): (
            link.find(f"{SVG}title").text,
            [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in link.iter(f"{SVG}circle")],
        )
        for link in group.iter(f"{SVG}a")
    }


def marker_places(href):
    """The place slugs a marker stands for: one place's page, or the list filtered by several."""
    if "?" in href:
        return sorted(parse_qs(urlsplit(href).query)["place"])
    return [href.rstrip("/").rsplit("/", 1)[-1]]


def partnership_lines(tree):
    """{partnership slug: ((x1, y1), (x2, y2))} for each partnership drawn on a map."""
    found = {}
    (group,) = [g for g in tree.iter(f"{SVG}g") if g.get("class") == "map-lines"]
    for link in group.iter(f"{SVG}a"):
        line = link.find(f"{SVG}line")
        slug = link.get("href").rstrip("/").rsplit("/", 1)[-1]
        found[slug] = tuple((float(line.get(f"x{i}")), float(line.get(f"y{i}"))) for i in (1, 2))
    return found


def place_points(tree):
    """{place slug: (x, y)}: where the map draws each place, read from the ends of its partnerships' lines."""
    points = {}
    for slug, (start, end) in partnership_lines(tree).items():
        partnership = Partnership.objects.select_related("norwegian_party", "chinese_party").get(slug=slug)
        points[partnership.norwegian_party.slug] = start
        points[partnership.chinese_party.slug] = end
    return points


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
def test_the_map_of_the_eight_agreements_has_eight_lines_between_sixteen_places_where_they_are(
    client, listed_agreements
):
    response = client.get(reverse("directory:home"))
    tree, _source = picture(response.text, "map")

    lines = partnership_lines(tree)
    points = place_points(tree)
    assert len(lines) == 8
    assert len(points) == 16
    for slug, (x, y) in points.items():
        place = Place.objects.get(slug=slug)
        assert (x, y) == pytest.approx(expected_point(float(place.latitude), float(place.longitude)), abs=0.2), slug
    assert sorted(dots(tree)) == sorted(points.values())


@pytest.mark.django_db
def test_the_map_puts_bergen_west_of_oslo_and_dalian_north_of_shanghai(client, listed_agreements):
    places = place_points(picture(client.get(reverse("directory:home")).text, "map")[0])

    assert places["bergen"][0] < places["oslo"][0]
    assert places["dalian"][1] < places["shanghai"][1]
    assert max(x for slug, (x, y) in places.items() if slug in {"bergen", "oslo", "sor-trondelag"}) < min(
        x for slug, (x, y) in places.items() if slug in {"chongqing", "guangdong", "dalian"}
    )


@pytest.mark.django_db
def test_each_line_links_to_its_partnership_with_a_title(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    ningbo = Partnership.objects.get(slug="stavanger-ningbo")
    by_href = {link.get("href"): link for link in links(tree)}
    assert by_href[ningbo.get_absolute_url()].find(f"{SVG}title").text == "Stavanger – Ningbo"
    assert all(link.find(f"{SVG}title") is not None for link in links(tree))


@pytest.mark.django_db
@pytest.mark.parametrize("width", ["narrow", "medium", "wide"])
def test_at_every_width_each_place_is_in_one_marker_and_no_two_markers_overlap(client, listed_agreements, width):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")
    markers = tier(tree, width)
    points = place_points(tree)

    in_markers = [slug for href in markers for slug in marker_places(href)]
    assert sorted(in_markers) == sorted(points)
    discs = {href: circles for href, (_title, circles) in markers.items()}
    for href, circles in discs.items():
        # Each place lies inside a disc of its own marker.
        for slug in marker_places(href):
            px, py = points[slug]
            assert any(math.dist((px, py), (x, y)) <= r for x, y, r in circles), (width, slug)
        # Whatever overlaps, the discs of different markers never do.
        for other, other_circles in discs.items():
            if other != href:
                for (x, y, r), (ox, oy, orr) in itertools.product(circles, other_circles):
                    assert math.dist((x, y), (ox, oy)) >= r + orr, (width, href, other)


@pytest.mark.django_db
def test_stavanger_and_rogaland_at_one_spot_share_one_marker_that_names_them_both(client, listed_agreements):
    for prefix, title in [("", "2 places: Rogaland, Stavanger"), ("/zh-hans", "2个地方：罗加兰郡、斯塔万格")]:
        tree, _source = picture(client.get(f"{prefix}/places/rogaland/").text, "map")

        href = f"{prefix}/partnerships/?place=rogaland&place=stavanger"
        for width in ["narrow", "medium", "wide"]:
            assert tier(tree, width)[href][0] == title
        # The list it links to shows the partnerships of both places.
        assert client.get(href).context["paginator"].count == 2


@pytest.mark.django_db
def test_a_phone_shows_the_number_of_places_in_a_marker_and_wider_maps_do_not(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    counts = {
        group.get("class"): [text.text for text in group.iter(f"{SVG}text")]
        for group in tree.iter(f"{SVG}g")
        if group.get("class", "").startswith("map-markers")
    }
    narrow = tier(tree, "narrow")
    assert sorted(counts["map-markers map-narrow"]) == sorted(
        str(len(marker_places(href))) for href in narrow if len(marker_places(href)) > 1
    )
    assert counts["map-markers map-medium"] == counts["map-markers map-wide"] == []


@pytest.mark.django_db
def test_a_place_alone_has_a_marker_linking_to_its_page(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    wide = tier(tree, "wide")
    dalian = Place.objects.get(slug="dalian")
    assert wide[dalian.get_absolute_url()][0] == "Dalian"
    assert len(wide[dalian.get_absolute_url()][1]) == 1


@pytest.mark.django_db
def test_the_map_names_places_in_their_own_language_and_script(client, listed_agreements):
    tree, _source = picture(client.get(reverse("directory:home")).text, "map")

    labels = {text.text: text.get("lang") for text in tree.iter(f"{SVG}text") if text.get("class") == "map-label"}
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
    assert set(place_points(zhejiang)) == {"stavanger", "ningbo", "sandefjord", "jiaxing"}
    assert len(dots(zhejiang)) == 4


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
    for width in ["narrow", "medium", "wide"]:
        assert set(tier(tree, width)) == {"/places/oslo/", "/places/shanghai/"}
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
        outside = response.text.replace(source, "")
        for link in links(tree):
            assert link.get("tabindex") == "-1"
            assert any(link is element or link in element.iter() for element in hidden)
            href = link.get("href")
            if "place=" in href:  # a marker of several places: the text links to each of them
                for slug in marker_places(href):
                    assert f'href="{Place.objects.get(slug=slug).get_absolute_url()}"' in outside
            else:
                assert f'href="{escape(href)}"' in outside
        assert len(source.encode()) < 30_000
        assert re.findall(r"https?:|//", source.replace(SVG_NAMESPACE, "")) == []
        assert "style=" not in source
        assert "<script" not in source


@pytest.mark.django_db
def test_the_map_stays_under_30_kb_with_many_partnerships_in_every_language(client):
    call_command("generate_synthetic", partnerships=1000, seed=1, verbosity=0)

    for prefix in ["", "/nb", "/zh-hans"]:
        response = client.get(f"{prefix}/partnerships/")

        tree, source = picture(response.text, "map")
        assert len(partnership_lines(tree)) == 30
        assert len(source.encode()) < 30_000, prefix
        assert 30 < len(dots(tree)) <= 60
    assert "地图显示此列表中的前 30 个合作关系。" in response.text


@pytest.mark.django_db(transaction=True)  # pages show what is committed
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
@pytest.mark.parametrize(
    "path", ["/", "/places/rogaland/", "/partnerships/fredrikstad-zhuzhou/", "/partnerships/sor-trondelag-chongqing/"]
)
def test_the_names_beside_the_map_stay_inside_it(client, listed_agreements, prefix, path):
    """Norwegian places are named in a column west of Norway, Chinese ones east of China: no name may run
    past the frame ("Fredrikstad kommune" lost its F on the larger letters of a partnership's small map).

    tests/browser/test_pictures_fit.py measures the real boxes in a browser.
    """
    tree, _source = picture(client.get(f"{prefix}{path}").text, "map")
    width = float(tree.get("viewBox").split()[2])
    labels = [text for text in tree.iter(f"{SVG}text") if text.get("class") == "map-label"]

    assert labels
    for label in labels:
        size = float(label.get("font-size"))
        drawn = drawn_width(label.text, size)
        x = float(label.get("x"))
        if label.get("text-anchor") == "end":
            assert x - drawn >= 0, label.text
        else:
            assert x + drawn <= width, label.text
        assert size >= 12, label.text


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


def test_the_stylesheet_shows_each_tier_of_markers_from_the_width_it_was_grouped_for(settings):
    """The markers are grouped in Python for widths the stylesheet's container queries choose between."""
    css = (settings.BASE_DIR / "static" / "css" / "pictures.css").read_text(encoding="utf-8")
    shown = {
        name: condition
        for condition, name in re.findall(r"@container map \(([^)]*)\) \{\s*\.map-(\w+) \{ display: inline; \}", css)
    }

    expected = {}
    for tier, following in itertools.zip_longest(TIERS, TIERS[1:]):
        lower = f"{tier.min_width}px <= " if tier.min_width else ""
        upper = f" < {following.min_width}px" if following else ""
        expected[tier.name] = f"{lower}width{upper}" if upper else f"width >= {tier.min_width}px"
        # Each tier's markers are sized for its narrowest map: the breakpoint less the border, or a phone.
        assert tier.narrowest <= max(tier.min_width, 280)
        assert tier.target_radius * tier.narrowest / 800 >= 12
    assert shown == expected
