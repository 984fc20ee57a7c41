"""Share images: the picture a social site shows beside a link to a page (Open Graph's `og:image`).

Social sites take PNG or JPEG, not SVG, so these are drawn on the server with Pillow, from the same
outlines and projection as the pages' map (geo.py): a panel of text on the left (what the page is, in
its language) and the map of its partnerships on the right. 1200 by 630 pixels, the size the large
cards of Facebook, LinkedIn, Mastodon and X expect.

The text is drawn in Noto Sans CJK (Debian's `fonts-noto-cjk`), which has the Latin, Norwegian and
Chinese letters alike; without it the images are still drawn, in Pillow's own font, and `manage.py check`
warns (directory.W001). Every text is fitted into the panel: smaller letters, more lines, and at last an
ellipsis, never past the picture's edge. `Card.texts` says where each line goes.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from ..models import Country
from .geo import Frame, outline_polygons

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Drawn at twice the size and scaled down: Pillow draws shapes without smoothing their edges.
SCALE = 2
PANEL = 480
PADDING = 44

# Regular and bold, each with its face for simplified Chinese (the .ttc holds Japanese, Korean, simplified
# and traditional Chinese faces, in that order): Chinese characters are drawn as China writes them.
FONTS = {
    "regular": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    "bold": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 2),
}

# The map beside the panel: Norway and China, centred from north to south.
MAP_FRAME = Frame.fitting(west=-4, east=142, north=71.5, south=17, width=(WIDTH - PANEL) * SCALE, height=HEIGHT * SCALE)
# So many lines and no more: beyond them the map is a red blur and takes longer to draw.
MAX_LINES = 500

SEA, LAND, LAND_EDGE = "#e4eef6", "#f3f2ee", "#cfccc2"
NORWAY_FILL, NORWAY_EDGE = "#dde7f3", "#54739c"
CHINA_FILL, CHINA_EDGE = "#f6e2dc", "#a0615a"
LINE = (156, 42, 34, 190)
NORWEGIAN, CHINESE = "#1e4a8a", "#b3261e"
INK, SUBTLE, ACCENT = "#1a1a1a", "#444444", "#1e4a8a"


@dataclass
class Pin:
    """A place on the share image's map, where it lies in degrees."""

    slug: str
    latitude: float
    longitude: float
    norwegian: bool


@dataclass
class Card:
    """What a share image says: a line above the title, the title, the lines under it, and its map.

    `lines` are the partnerships to draw, as pairs of Pins; `highlight` the slugs of the places the page
    is about, drawn larger.
    """

    kicker: str
    title: str
    lines: list
    details: list = field(default_factory=list)
    highlight: set = field(default_factory=set)

    def draw(self):
        """The image as PNG bytes."""
        image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), SEA)
        self._draw_map(image)
        self._draw_panel(image)
        small = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        # 128 colours look the same here and make a file a quarter the size (about 60 KB).
        small.quantize(colors=128, method=Image.Quantize.FASTOCTREE).save(output, format="PNG")
        return output.getvalue()

    def _draw_map(self, image):
        left = PANEL * SCALE
        outlines = outline_polygons(MAP_FRAME, tolerance=1.2)
        draw = ImageDraw.Draw(image)
        for shapes, fill, edge in [
            (outlines.land, LAND, LAND_EDGE),
            (outlines.norway, NORWAY_FILL, NORWAY_EDGE),
            (outlines.china, CHINA_FILL, CHINA_EDGE),
        ]:
            for rings in shapes:
                outline, *holes = ([(x + left, y) for x, y in ring] for ring in rings)
                draw.polygon(outline, fill=fill, outline=edge, width=SCALE)
                for hole in holes:
                    draw.polygon(hole, fill=SEA if fill == LAND else LAND, outline=edge, width=SCALE)

        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        lines = ImageDraw.Draw(overlay)
        places = {}
        for start, end in self.lines[:MAX_LINES]:
            ends = [self._point(place, left) for place in (start, end)]
            lines.line(ends, fill=LINE, width=3 * SCALE if len(self.lines) < 10 else 2 * SCALE)
            places[start.slug], places[end.slug] = (start, ends[0]), (end, ends[1])
        image.paste(overlay, (0, 0), overlay)
        for slug, (place, (x, y)) in places.items():
            colour = NORWEGIAN if place.norwegian else CHINESE
            radius = (11 if slug in self.highlight else 7) * SCALE
            if slug in self.highlight:
                halo = radius + 7 * SCALE
                draw.ellipse((x - halo, y - halo, x + halo, y + halo), outline=colour, width=3 * SCALE)
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius), fill=colour, outline="#ffffff", width=2 * SCALE
            )

    @staticmethod
    def _point(place, left):
        x, y = MAP_FRAME.point(place.longitude, place.latitude)
        return x + left, y

    def _draw_panel(self, image):
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, PANEL * SCALE - 1, HEIGHT * SCALE), fill="#ffffff")
        draw.rectangle((PANEL * SCALE - SCALE, 0, PANEL * SCALE, HEIGHT * SCALE), fill=LAND_EDGE)
        draw.rectangle((0, 0, 10 * SCALE, HEIGHT * SCALE), fill=ACCENT)
        for text in self.layout():
            draw.text((text.x * SCALE, text.y * SCALE), text.text, font=text.font, fill=text.colour)

    @property
    def texts(self):
        """Each line of text the image holds, and its box (left, top, right, bottom) in the image's pixels."""
        return [(text.text, text.box) for text in self.layout()]

    def layout(self):
        """Where each line of the panel's text goes: fitted to the panel, never past its edges."""
        width = PANEL - 2 * PADDING
        placed = []
        lines, size = _fit(self.kicker, "regular", (26, 18), width, max_lines=2)
        top = _stand(placed, lines, "regular", size, ACCENT, PADDING) + 22
        # The details take the room they need, the title what is left (at most four lines).
        details = [_fit(detail, "regular", (28, 18), width, max_lines=5) for detail in self.details]
        room = HEIGHT - PADDING - top - sum(_height(*fitted) + 12 for fitted in details) - 18
        lines, size = _fit(self.title, "bold", (60, 28), width, max_lines=4, max_height=room, keep_names=True)
        top = _stand(placed, lines, "bold", size, INK, top) + 18
        for lines, size in details:
            top = _stand(placed, lines, "regular", size, SUBTLE, top) + 12
        return placed


@dataclass
class Text:
    """A line of text in the panel: where it starts (in the image's pixels), its font and colour."""

    text: str
    x: float
    y: float
    font: object
    colour: str

    @property
    def box(self):
        left, top, right, bottom = self.font.getbbox(self.text)
        return tuple(
            (edge + offset * SCALE) / SCALE
            for edge, offset in zip((left, top, right, bottom), (self.x, self.y, self.x, self.y), strict=True)
        )


def _stand(placed, lines, weight, size, colour, top):
    """Stand these lines one under the other from `top`; the line below them."""
    font = font_of(weight, size * SCALE)
    for line in lines:
        placed.append(Text(line, PADDING, top, font, colour))
        top += round(size * 1.3)
    return top


def home_card(published):
    """The home page's image: every published partnership on the map, and how many there are."""
    count = published.count()
    return Card(
        kicker=ngettext("%(counter)s partnership", "%(counter)s partnerships", count) % {"counter": count},
        title=_("Norway–China friendship cities"),
        details=[
            _(
                "A directory of the friendship, twinning and cooperation agreements between Norwegian and "
                "Chinese cities, counties and provinces."
            )
        ],
        lines=map_lines(published),
    )


def partnership_card(partnership):
    """A partnership's image: its two places, their names in their own languages, its kind and date."""
    norwegian, chinese = partnership.norwegian_party, partnership.chinese_party
    kind = partnership.get_kind_display()
    if partnership.signed_date:
        signed = _("%(title)s, signed %(date)s") % {"title": kind, "date": partnership.signed_date.display()}
    else:
        signed = kind
    native = f"{norwegian.native_name} – {chinese.native_name}"
    details = [signed] if native == partnership.local_title else [native, signed]
    ends = [_pin(place) for place in (norwegian, chinese)]
    return Card(
        kicker=_("Norway–China friendship cities"),
        title=partnership.local_title,
        details=details,
        lines=[tuple(ends)] if None not in ends else [],
        highlight={norwegian.slug, chinese.slug},
    )


def place_card(place, partnerships):
    """A place's image: the map of its partnerships (and those of the places inside it), its name and kind."""
    count = partnerships.count()
    details = [place.native_name] if place.native_name_differs else []
    details.append(
        _("%(level)s, %(country)s.") % {"level": place.get_level_display(), "country": place.get_country_display()}
    )
    details.append(ngettext("%(counter)s partnership", "%(counter)s partnerships", count) % {"counter": count})
    lines = map_lines(partnerships)
    norwegian = place.country == Country.NORWAY
    return Card(
        kicker=_("Norway–China friendship cities"),
        title=str(place.local_name),
        details=details,
        lines=lines,
        # The partners' ends on the place's side are the place or places inside it.
        highlight={(start if norwegian else end).slug for start, end in lines},
    )


def map_lines(partnerships):
    """The (Norwegian, Chinese) Pins of these partnerships that have coordinates, read in one query."""
    rows = partnerships.order_by("slug").values_list(
        "norwegian_party__slug",
        "norwegian_party__latitude",
        "norwegian_party__longitude",
        "chinese_party__slug",
        "chinese_party__latitude",
        "chinese_party__longitude",
    )[:MAX_LINES]
    lines = []
    for n_slug, n_lat, n_lon, c_slug, c_lat, c_lon in rows:
        if None not in (n_lat, n_lon, c_lat, c_lon):
            lines.append(
                (Pin(n_slug, float(n_lat), float(n_lon), True), Pin(c_slug, float(c_lat), float(c_lon), False))
            )
    return lines


def _pin(place):
    if place.latitude is None or place.longitude is None:
        return None
    return Pin(place.slug, float(place.latitude), float(place.longitude), place.country == Country.NORWAY)


def _fit(text, weight, sizes, width, max_lines, max_height=None, keep_names=False):
    """The lines and size that fit `text` in `width` pixels, largest first; an ellipsis where nothing does.

    A size at which a word must be broken inside is too large, unless it is the smallest.
    """
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -2):
        lines, broken = wrap(text, font_of(weight, size * SCALE), width * SCALE, keep_names)
        fits_height = max_height is None or _height(lines, size) <= max_height
        if not broken and len(lines) <= max_lines and fits_height:
            return lines, size
    font = font_of(weight, smallest * SCALE)
    lines, _broken = wrap(text, font, width * SCALE, keep_names)
    keep = max_lines
    if max_height is not None:
        keep = min(keep, max(1, int(max_height // round(smallest * 1.3))))
    if len(lines) > keep:
        lines = [*lines[: keep - 1], _shortened(" ".join(lines[keep - 1 :]), font, width * SCALE)]
    return lines, smallest


def _height(lines, size):
    return len(lines) * round(size * 1.3)


def _shortened(text, font, width):
    """The text cut with an ellipsis where it would pass `width`."""
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# Where a line may break: after a space or a dash, and around each Chinese character (with the
# punctuation that may not begin a line kept after it).
TOKENS = re.compile(rf"\s+|[{CJK}][、。，：；！？）」』]*|[^\s{CJK}]+?(?:[–-]|(?=[\s{CJK}])|$)")
# Only between words: for names (Sør-Trøndelag and 宁波市 stay whole, the letters shrink instead).
NAME_TOKENS = re.compile(r"\s+|\S+")


def wrap(text, font, width, keep_names=False):
    """The text in lines no wider than `width`, and whether a word had to be broken inside to get there."""
    lines, line, broken = [], "", False
    for token in (NAME_TOKENS if keep_names else TOKENS).findall(text):
        if font.getlength((line + token).rstrip()) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while font.getlength(line.rstrip()) > width:
            cut = max(1, next((i for i in range(len(line), 0, -1) if font.getlength(line[:i]) <= width), 1))
            lines.append(line[:cut])
            line, broken = line[cut:], True
    if line.strip():
        lines.append(line.rstrip())
    return lines, broken


@cache
def font_of(weight, size):
    """Noto Sans CJK at this size; Pillow's own font where it is not installed (no Chinese letters)."""
    path, index = FONTS[weight]
    try:
        return ImageFont.truetype(str(path), size, index=index)
    except OSError:
        logger.warning("No %s to draw the share images with: install Debian's fonts-noto-cjk", path)
        return ImageFont.load_default(size)


def missing_fonts():
    """The font files the share images need and cannot find."""
    return [str(path) for path, _index in FONTS.values() if not path.is_file()]
