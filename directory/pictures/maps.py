"""The map: Norway and China, each partnership a line between its two places.

Places that lie close together are one marker, so that every marker is a target a finger or a shaky
hand can hit: at least 24 by 24 CSS pixels (WCAG 2.2, success criterion 2.5.8). How close is too close
depends on how wide the picture is drawn, so the map carries its markers grouped three ways, one for each
`Tier` of width, and static/css/pictures.css shows the one that fits the picture's width (a container
query: no script). The places themselves are drawn once, where they are, under the markers.
"""

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext, pgettext

from ..models import Country, Partnership
from ..translations import CHINESE, ENGLISH, NORWEGIAN, Translated, place_name
from .geo import Frame, outlines
from .text import text_width

# Mercator from mid-Atlantic to the Pacific: room left of Norway and right of
# China for the names of the places.
FRAME = Frame.around(west=-50, north=72.5, east=165, south=15, width=800)

# Beyond these the picture would pass 30 KB (30 lines between 60 different
# places, each place in a marker at each of the three tiers of width, come to
# about 28 KB) or the names would crowd: the map then shows the first lines
# only, and names in the tooltips and the list beside it.
MAX_LINES = 30
MAX_LABELS_PER_SIDE = 10

# Where the columns of names stand: off Norway's west coast and China's east coast. Names are never
# nearer the picture's edge than LABEL_MARGIN: a column's letters shrink until its longest name fits.
NORWEGIAN_COLUMN = FRAME.point(1, 60)[0]
CHINESE_COLUMN = FRAME.point(127, 30)[0]
LABEL_MARGIN = 6

# The smallest target a pointer must be able to hit, in CSS pixels (WCAG 2.2, 2.5.8 Target Size).
TARGET_SIZE = 24
NORWEGIAN_COLOUR = "#1e4a8a"
CHINESE_COLOUR = "#b3261e"


@dataclass(frozen=True)
class Tier:
    """A range of widths the map is drawn at, from `min_width` CSS pixels to the next tier's.

    The breakpoints are those of the container queries in static/css/pictures.css. Markers are sized
    for the narrowest picture of the tier (`narrowest`: the breakpoint less the picture's border, or a
    320-pixel phone's screen less the page's margins), so they are larger wherever it is drawn wider.
    """

    name: str
    min_width: int
    narrowest: int
    counts: bool = False

    @property
    def target_radius(self):
        """The radius of a marker's disc, in the map's units, so that it is TARGET_SIZE pixels across."""
        return math.ceil(TARGET_SIZE / 2 * FRAME.width / self.narrowest * 2) / 2

    @property
    def opacity(self):
        """A phone's markers are solid discs with the number of places in them; wider, a halo around the places."""
        return 1 if self.counts else 0.18


TIERS = (
    Tier("narrow", min_width=0, narrowest=280, counts=True),
    Tier("medium", min_width=480, narrowest=476),
    Tier("wide", min_width=800, narrowest=796),
)

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
    label_size: float = 0
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
class Marker:
    """One target on the map: a place, or several places whose targets would overlap.

    Its target is a disc around each of its places (`discs`), TARGET_SIZE pixels across at the narrowest
    width of its tier: one place's marker is one disc, several places' are the union of their discs.
    The discs of two markers never overlap.
    """

    spots: list
    discs: list
    radius: float

    @property
    def is_norwegian(self):
        return self.spots[0].is_norwegian

    @property
    def colour(self):
        return NORWEGIAN_COLOUR if self.is_norwegian else CHINESE_COLOUR

    @property
    def count(self):
        return len(self.spots)

    @property
    def url(self):
        """A place's page; for several places, the list of their partnerships (the list's `place` filter)."""
        if len(self.spots) == 1:
            return self.spots[0].url
        query = urlencode([("place", spot.slug) for spot in sorted(self.spots, key=lambda spot: spot.slug)])
        return f"{reverse('directory:partnership-list')}?{query}"

    @property
    def title(self):
        """The tooltip, naming every place of the marker in the page's language."""
        names = [str(spot.local_name) for spot in self.spots]
        if len(names) == 1:
            return names[0]
        separator = pgettext("between the items of a list", ", ")
        return ngettext("%(count)d place: %(names)s", "%(count)d places: %(names)s", len(names)) % {
            "count": len(names),
            "names": separator.join(names),
        }

    @cached_property
    def middle(self):
        """Where the number of places is written: the disc nearest the middle of them all."""
        x = sum(disc_x for disc_x, _y in self.discs) / len(self.discs)
        y = sum(disc_y for _x, disc_y in self.discs) / len(self.discs)
        return min(self.discs, key=lambda disc: math.dist(disc, (x, y)))

    @property
    def count_size(self):
        """The size of the number written in a phone's marker."""
        return round(self.radius * 0.9)

    @property
    def count_x(self):
        return self.middle[0]

    @property
    def count_y(self):
        return round(self.middle[1] + self.count_size * 0.35, 1)


@dataclass
class MarkerTier:
    tier: Tier
    markers: list

    @property
    def name(self):
        return self.tier.name

    @property
    def counts(self):
        return self.tier.counts

    @property
    def opacity(self):
        return self.tier.opacity


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
    tiers: list
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
        return [(self.norwegian_spots, NORWEGIAN_COLOUR), (self.chinese_spots, CHINESE_COLOUR)]

    @property
    def labelled(self):
        return [spot for spot in self.spots if spot.labelled]

    @property
    def dot_radius(self):
        return dot_radius(self.small)

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
    norwegian = [spot for spot in placed if spot.is_norwegian]
    chinese = [spot for spot in placed if not spot.is_norwegian]
    _label(norwegian, NORWEGIAN_COLUMN, label_size, room=NORWEGIAN_COLUMN - LABEL_MARGIN)
    _label(chinese, CHINESE_COLUMN, label_size, room=FRAME.width - LABEL_MARGIN - CHINESE_COLUMN)
    tiers = [
        MarkerTier(tier, group(norwegian, tier.target_radius) + group(chinese, tier.target_radius)) for tier in TIERS
    ]
    return PartnershipMap(
        width=FRAME.width,
        height=FRAME.height,
        outlines=outlines(FRAME),
        lines=lines,
        spots=sorted(placed, key=lambda spot: (spot.country != Country.NORWAY, spot.y, spot.slug)),
        small=small,
        tiers=tiers,
        more=more,
        unplaced=unplaced,
    )


def dot_radius(small):
    """The radius of the dot drawn where each place is."""
    return 6 if small else 4.5


def group(spots, radius):
    """Markers for these places (of one country): the places whose discs overlap, directly or through
    others, share one marker, so that no two markers overlap."""
    discs = [_disc(spot, radius) for spot in spots]
    joined = _Joined(len(spots))
    for (i, a), (j, b) in itertools.combinations(enumerate(discs), 2):
        if math.dist(a, b) < 2 * radius:
            joined.join(i, j)
    markers = []
    for indexes in joined.groups():
        members = sorted((spots[i] for i in indexes), key=lambda spot: (spot.y, spot.x, spot.slug))
        # A place near another's disc centre is well inside that disc already (a county and its seat, as
        # Rogaland and Stavanger, share one): fewer discs make a lighter picture and much the same target.
        kept = []
        for disc in sorted(discs[i] for i in indexes):
            if all(math.dist(disc, other) >= radius / 2 for other in kept):
                kept.append(disc)
        markers.append(Marker(members, kept, radius))
    return sorted(markers, key=lambda marker: (marker.spots[0].y, marker.spots[0].x, marker.spots[0].slug))


def _disc(spot, radius):
    """The centre of a place's disc: at the place, or pulled inside the picture so that none of it is cut off."""
    x = min(max(spot.x, radius), FRAME.width - radius)
    y = min(max(spot.y, radius), FRAME.height - radius)
    return round(x), round(y)


class _Joined:
    """Which places are joined, directly or through others (a union-find)."""

    def __init__(self, size):
        self.parents = list(range(size))

    def find(self, index):
        while self.parents[index] != index:
            self.parents[index] = self.parents[self.parents[index]]
            index = self.parents[index]
        return index

    def join(self, a, b):
        self.parents[self.find(a)] = self.find(b)

    def groups(self):
        found = {}
        for index in range(len(self.parents)):
            found.setdefault(self.find(index), []).append(index)
        return list(found.values())


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


def _label(spots, column_x, size, room):
    """Stand the names of these places in a column, in the order of their markers from north to south.

    The names are as large as `size`, or smaller where the longest would not fit in `room` (the width
    between the column and the picture's edge): a name is never cut off at the edge.
    """
    if not spots or len(spots) > MAX_LABELS_PER_SIDE:
        return
    spots.sort(key=lambda spot: (spot.y, spot.x, spot.slug))
    longest = max(text_width(spot.label, 1) for spot in spots)
    size = min(size, math.floor(room / longest * 2) / 2)
    spacing = round(size * 1.5)
    middle = sum(spot.y for spot in spots) / len(spots)
    top = middle - spacing * (len(spots) - 1) / 2
    top = max(size * 1.5, min(top, FRAME.height - size - spacing * (len(spots) - 1)))
    for index, spot in enumerate(spots):
        spot.labelled = True
        spot.label_x = round(column_x)
        spot.label_y = round(top + index * spacing)
        spot.label_size = size
        spot.leader_y = round(spot.label_y - size * 0.35, 1)
