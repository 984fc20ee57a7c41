"""The map: Norway and China, each partnership a line between its two places."""

from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.urls import reverse

from ..models import Country, Partnership
from ..translations import CHINESE, ENGLISH, NORWEGIAN, Translated, place_name
from .geo import Frame, outlines

# Mercator from mid-Atlantic to the Pacific: room left of Norway and right of
# China for the names of the places.
FRAME = Frame.around(west=-50, north=72.5, east=165, south=15, width=800)

# Beyond these the picture would pass 30 KB (45 lines between 90 different
# places come to about 26 KB) or the names would crowd: the map then shows the
# first lines only, and names in the tooltips and the list beside it.
MAX_LINES = 45
MAX_LABELS_PER_SIDE = 10

# Where the columns of names stand: off Norway's west coast and China's east coast.
NORWEGIAN_COLUMN = FRAME.point(1, 60)[0]
CHINESE_COLUMN = FRAME.point(127, 30)[0]

SIDES = ("norwegian_party", "chinese_party")
PLACE_FIELDS = ("slug", "name", "name_nb", "name_zh_hans", "native_name", "country", "latitude", "longitude")
FIELDS = ("slug", *(f"{side}__{name}" for side in SIDES for name in PLACE_FIELDS))


@dataclass
class Spot:
    """A place as the map shows it: a marker, and perhaps its name in a column beside the map."""

    slug: str
    name: str
    name_nb: str
    name_zh_hans: str
    native_name: str
    country: str
    x: float
    y: float
    label_x: float = 0
    label_y: float = 0
    leader_y: float = 0
    labelled: bool = False

    @cached_property  # read for the marker and for each line's end in the list
    def url(self):
        return reverse("directory:place-detail", kwargs={"slug": self.slug})

    @property
    def local_name(self):
        """The name in the active language (the tooltip's)."""
        return place_name(self)

    @property
    def lang(self):
        return "nb" if self.country == Country.NORWAY else "zh-Hans"

    @property
    def label(self):
        """The name beside the map: the native name on English pages, and where a page's language has none."""
        name = self.local_name
        if name.language == ENGLISH:
            native_language = NORWEGIAN if self.is_norwegian else CHINESE
            return Translated(self.native_name, native_language, name.requested)
        return name

    @property
    def is_norwegian(self):
        return self.country == Country.NORWAY

    @property
    def anchor(self):
        return "end" if self.is_norwegian else "start"

    @property
    def leader_x(self):
        """Where the line from the name to the marker starts."""
        return self.label_x + (4 if self.is_norwegian else -4)


@dataclass
class Line:
    slug: str
    title: str
    start: Spot
    end: Spot

    @cached_property  # read for the line and for the list
    def url(self):
        return reverse("directory:partnership-detail", kwargs={"slug": self.slug})


@dataclass
class PartnershipMap:
    width: int
    height: int
    outlines: object
    lines: list
    spots: list
    small: bool
    label_size: int
    more: bool = False
    unplaced: list = field(default_factory=list)

    @property
    def norwegian_spots(self):
        return [spot for spot in self.spots if spot.is_norwegian]

    @property
    def chinese_spots(self):
        return [spot for spot in self.spots if not spot.is_norwegian]

    @property
    def sides(self):
        """The places of each side with the colour of their markers: Norwegian blue, Chinese red."""
        return [(self.norwegian_spots, "#1e4a8a"), (self.chinese_spots, "#b3261e")]

    @property
    def marker_radius(self):
        return 6 if self.small else 4.5

    @property
    def count(self):
        return len(self.lines)


def partnership_map(partnerships, small=False):
    """The map of these partnerships: a queryset (read in one query) or a single Partnership.

    The caller decides what is visible: pass published partnerships only.
    """
    if isinstance(partnerships, Partnership):
        rows = [_row(partnerships)]
    else:
        rows = list(partnerships.values_list(*FIELDS)[: MAX_LINES + 1])
    more = len(rows) > MAX_LINES
    spots, lines, unplaced = {}, [], []
    for slug, *party_fields in rows[:MAX_LINES]:
        ends = [
            _spot(spots, party_fields[i * len(PLACE_FIELDS) : (i + 1) * len(PLACE_FIELDS)]) for i in range(len(SIDES))
        ]
        title = f"{place_name(ends[0][1])} – {place_name(ends[1][1])}"
        if None in (ends[0][0], ends[1][0]):
            unplaced.append((slug, title))
            continue
        lines.append(Line(slug=slug, title=title, start=ends[0][0], end=ends[1][0]))
    label_size = 18 if small else 14
    placed = [spot for spot in spots.values() if spot is not None]
    _label([s for s in placed if s.is_norwegian], NORWEGIAN_COLUMN, label_size)
    _label([s for s in placed if not s.is_norwegian], CHINESE_COLUMN, label_size)
    return PartnershipMap(
        width=FRAME.width,
        height=FRAME.height,
        outlines=outlines(FRAME),
        lines=lines,
        spots=sorted(placed, key=lambda spot: (spot.country != Country.NORWAY, spot.y, spot.slug)),
        small=small,
        label_size=label_size,
        more=more,
        unplaced=unplaced,
    )


def _row(partnership):
    values = [partnership.slug]
    for side in SIDES:
        place = getattr(partnership, side)
        values += [getattr(place, name) for name in PLACE_FIELDS]
    return tuple(values)


def _spot(spots, values):
    """The Spot for a place's values (None if it has no coordinates), and the place's names."""
    names = dict(zip(PLACE_FIELDS, values, strict=True))
    slug, latitude, longitude = names.pop("slug"), names.pop("latitude"), names.pop("longitude")
    if slug not in spots:
        if latitude is None or longitude is None:
            spots[slug] = None
        else:
            x, y = FRAME.point(float(longitude), float(latitude))
            spots[slug] = Spot(slug, **names, x=round(x, 1), y=round(y, 1))
    return spots[slug], SimpleNamespace(**names)


def _label(spots, column_x, size):
    """Stand the names of these places in a column, in the order of their markers from north to south."""
    if not spots or len(spots) > MAX_LABELS_PER_SIDE:
        return
    spots.sort(key=lambda spot: (spot.y, spot.x, spot.slug))
    spacing = round(size * 1.5)
    middle = sum(spot.y for spot in spots) / len(spots)
    top = middle - spacing * (len(spots) - 1) / 2
    top = max(size * 1.5, min(top, FRAME.height - size - spacing * (len(spots) - 1)))
    for index, spot in enumerate(spots):
        spot.labelled = True
        spot.label_x = round(column_x)
        spot.label_y = round(top + index * spacing)
        spot.leader_y = round(spot.label_y - size * 0.35, 1)
