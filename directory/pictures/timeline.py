"""The timeline: how many agreements were signed each year, and how precisely their dates are known."""

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..dates import DAY, MONTH, SEASON, YEAR, parse_or_none
from .text import text_width

WIDTH = 480
LEFT, RIGHT, BOTTOM = 8, 8, 30
FONT_SIZE = 14
MAX_BAR_WIDTH = 56
# The tallest bar: its count stands above it, the legend's rows above that.
BARS_HEIGHT = 114
LEGEND_ROW = 22
SWATCH, SWATCH_GAP, ENTRY_GAP = 14, 6, 16

# From the most precise, at the foot of each bar, to the least.
PRECISIONS = [
    (DAY, _("day known"), "#1e4a8a"),
    (MONTH, _("month known"), "#4f7cc0"),
    (SEASON, _("season known"), "#8fb0de"),
    (YEAR, _("year only"), "#c9d9ef"),
]


@dataclass
class Block:
    """The agreements of one year whose dates are known to one precision."""

    precision: str
    label: str
    colour: str
    count: int
    y: float
    height: float


@dataclass
class Bar:
    year: int
    count: int
    x: float
    width: float
    top: float
    blocks: list

    @property
    def url(self):
        query = urlencode({"signed_from": self.year, "signed_to": self.year})
        return f"{reverse('directory:partnership-list')}?{query}"

    @property
    def middle(self):
        return round(self.x + self.width / 2, 1)

    @property
    def counts(self):
        """How many of the year's agreements are known to each precision, in the legend's order."""
        by_precision = {block.precision: block.count for block in self.blocks}
        return [by_precision.get(precision, 0) for precision, _label, _colour in PRECISIONS]


@dataclass
class LegendEntry:
    label: str
    colour: str
    x: float
    y: float

    @property
    def text_x(self):
        return self.x + SWATCH + SWATCH_GAP

    @property
    def text_y(self):
        return self.y + SWATCH - 2


@dataclass
class Tick:
    year: int
    x: float


@dataclass
class Timeline:
    width: int
    height: int
    baseline: int
    bars: list
    ticks: list
    undated: int
    dated: int
    legend: list
    font_size: int = FONT_SIZE


def timeline_groups(partnerships):
    """[(count, a signing date)] of these partnerships (a queryset), in one query: what `agreement_timeline`
    draws, and what the tallies keep of the whole directory (directory/tallies.py).

    EDTF dates as long as each other and alike in their first seven characters (2010-04-12 and 2010-04-30,
    or 2004-22) have the same precision and years: the database counts them together, and one of each
    group is parsed rather than every date. Groups of the same years and precision (every month of 2010)
    are then one: what the timeline draws of a date is only those.
    """
    groups = (
        partnerships.order_by()
        .values_list(Substr("signed", 1, 7), Length("signed"))
        .annotate(count=Count("pk"), sample=Min("signed"))
        .values_list("count", "sample")
    )
    merged = {}
    for count, signed in groups:
        date = parse_or_none(signed)
        drawn = None if date is None else (date.earliest.year, date.latest.year, date.precision)
        total, sample = merged.get(drawn, (0, signed))
        merged[drawn] = (total + count, sample)
    return list(merged.values())


def agreement_timeline(partnerships):
    """The timeline of these partnerships: a queryset (read in one query), or its `timeline_groups`.

    An agreement counts in every year its date's interval meets, as the list's
    `signed_from`/`signed_to` filter finds it: winter 2004 counts in 2004 and 2005.
    """
    groups = partnerships if isinstance(partnerships, list) else timeline_groups(partnerships)
    counts, undated, dated = Counter(), 0, 0
    for count, signed in groups:
        date = parse_or_none(signed)
        if date is None:
            undated += count
            continue
        dated += count
        for year in range(date.earliest.year, date.latest.year + 1):
            counts[year, date.precision] += count
    years = sorted({year for year, _precision in counts})
    legend = legend_rows()
    top = legend[-1].y + LEGEND_ROW + FONT_SIZE + 12
    baseline = top + BARS_HEIGHT
    picture_height = baseline + BOTTOM
    if not years:
        return Timeline(WIDTH, picture_height, baseline, [], [], undated, dated, legend)
    first, last = years[0], years[-1]
    slots = last - first + 1
    slot = (WIDTH - LEFT - RIGHT) / slots
    bar_width = min(MAX_BAR_WIDTH, slot * 0.8)
    totals = Counter()
    for (year, _precision), count in counts.items():
        totals[year] += count
    unit = (baseline - top) / max(totals.values())
    left = LEFT + max(0, (WIDTH - LEFT - RIGHT - slot * slots) / 2)
    bars = []
    for year in years:
        x = left + (year - first) * slot + (slot - bar_width) / 2
        blocks, y = [], baseline
        for precision, label, colour in PRECISIONS:
            count = counts.get((year, precision), 0)
            if count:
                height = count * unit
                y -= height
                blocks.append(Block(precision, label, colour, count, round(y, 1), round(height, 1)))
        bars.append(Bar(year, totals[year], round(x, 1), round(bar_width, 1), round(y, 1), blocks))
    # A year is four digits: far enough apart that the widest four digits never touch.
    room = text_width("0000", FONT_SIZE) + 8
    step = next((step for step in (1, 2, 5, 10, 20, 50, 100, 200, 500) if slot * step >= room), 1000)
    ticks = []
    for year in range(first, last + 1):
        if year % step == 0:
            # Centred under its year, but never past either edge of the picture.
            half = text_width(str(year), FONT_SIZE) / 2
            x = min(max(left + (year - first + 0.5) * slot, half), WIDTH - half)
            ticks.append(Tick(year, round(x, 1)))
    return Timeline(WIDTH, picture_height, baseline, bars, ticks, undated, dated, legend)


def legend_rows():
    """The legend's entries, left to right, on as many rows as the labels of the page's language need."""
    legend, x, y = [], LEFT, 8
    for _precision, label, colour in PRECISIONS:
        width = SWATCH + SWATCH_GAP + text_width(label, FONT_SIZE)
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = LEFT, y + LEGEND_ROW
        legend.append(LegendEntry(label, colour, x, y))
        x += round(width + ENTRY_GAP)
    return legend
