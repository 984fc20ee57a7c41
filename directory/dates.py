"""Partial dates: as precise as the source, and no more.

A date is stored as an EDTF string (ISO 8601-2, level 1) in one of four
precisions: a day (``2010-04-12``), a month (``2001-05``), a season
(``2004-22``, summer 2004) or a year (``2005``). It is shown as people write
it and sorted and filtered by the interval it denotes.

Parsing here is a small regular expression rather than the ``edtf``
package's grammar: the grammar takes milliseconds a date, which adds up on a
list or an export of thousands of rows. The tests check that both agree on
every date this module accepts.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DAY = "day"
MONTH = "month"
SEASON = "season"
YEAR = "year"

# Northern-hemisphere seasons, as EDTF level 1 numbers them. Winter runs from
# December into February of the next year.
SEASONS = {
    21: (_("Spring"), 3),
    22: (_("Summer"), 6),
    23: (_("Autumn"), 9),
    24: (_("Winter"), 12),
}

# Each language's own forms, written out here rather than left to the translation catalogues: a date's
# grammar differs (Norwegian "sommeren 2004", Chinese "2004年夏"), not only its words.
ENGLISH_MONTHS = dict(
    enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
)
NORWEGIAN_MONTHS = dict(
    enumerate(
        [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        start=1,
    )
)
ENGLISH_SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
NORWEGIAN_SEASONS = {21: "våren", 22: "sommeren", 23: "høsten", 24: "vinteren"}
CHINESE_SEASONS = {21: "春", 22: "夏", 23: "秋", 24: "冬"}

# How precisely a date is known, as a page says it after the date: "12 April 2010 (known to the day)".
PRECISION_LABELS = {
    DAY: _("known to the day"),
    MONTH: _("known to the month"),
    SEASON: _("known to the season"),
    YEAR: _("known to the year"),
}

EXAMPLES = _(
    "Use one of these forms: 2010-04-12 (a day), 2001-05 (a month), "
    "2004-22 (a season: 21 spring, 22 summer, 23 autumn, 24 winter) "
    "or 2005 (a year)."
)

_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<second>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    edtf: str
    precision: str
    earliest: datetime.date
    latest: datetime.date

    @classmethod
    def parse(cls, value):
        """Return the PartialDate an EDTF string denotes, or raise ValidationError."""
        text = value or ""
        match = _PATTERN.fullmatch(text)
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a date this directory understands. %(examples)s"),
                code="invalid_edtf",
                params={"value": value, "examples": EXAMPLES},
            )
        year = int(match["year"])
        second, day = match["second"], match["day"]
        try:
            if second is None:
                return cls(text, YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            number = int(second)
            if day is not None:
                date = datetime.date(year, number, int(day))
                return cls(text, DAY, date, date)
            if number in SEASONS:
                first_month = SEASONS[number][1]
                return cls(text, SEASON, *_months(year, first_month, 3))
            return cls(text, MONTH, *_months(year, number, 1))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a real date. %(examples)s"),
                code="invalid_date",
                params={"value": value, "examples": EXAMPLES},
            ) from None

    @property
    def year(self):
        return self.earliest.year

    @property
    def precision_label(self):
        return PRECISION_LABELS[self.precision]

    @property
    def season_name(self):
        return SEASONS[int(self.edtf[5:7])][0]

    def display(self):
        """The date as people write it in the active language.

        English: 12 April 2010, May 2001, Summer 2004, 2005. Norwegian: 12. april 2010, mai 2001,
        sommeren 2004, 2005. Chinese: 2010年4月12日, 2001年5月, 2004年夏, 2005年.
        """
        language = (get_language() or "en").lower()
        if language.startswith("zh"):
            return self._display_chinese()
        if language in ("nb", "no", "nn"):
            return self._display_norwegian()
        return self._display_english()

    def _display_english(self):
        if self.precision == DAY:
            return f"{self.earliest.day} {ENGLISH_MONTHS[self.earliest.month]} {self.year}"
        if self.precision == MONTH:
            return f"{ENGLISH_MONTHS[self.earliest.month]} {self.year}"
        if self.precision == SEASON:
            return f"{ENGLISH_SEASONS[self._season]} {self.year}"
        return str(self.year)

    def _display_norwegian(self):
        if self.precision == DAY:
            return f"{self.earliest.day}. {NORWEGIAN_MONTHS[self.earliest.month]} {self.year}"
        if self.precision == MONTH:
            return f"{NORWEGIAN_MONTHS[self.earliest.month]} {self.year}"
        if self.precision == SEASON:
            return f"{NORWEGIAN_SEASONS[self._season]} {self.year}"
        return str(self.year)

    def _display_chinese(self):
        if self.precision == DAY:
            return f"{self.year}年{self.earliest.month}月{self.earliest.day}日"
        if self.precision == MONTH:
            return f"{self.year}年{self.earliest.month}月"
        if self.precision == SEASON:
            return f"{self.year}年{CHINESE_SEASONS[self._season]}"
        return f"{self.year}年"

    @property
    def _season(self):
        return int(self.edtf[5:7])

    def __str__(self):
        return self.display()


def _months(year, first_month, count):
    """The first and last day of `count` months from `first_month` of `year`."""
    if not 1 <= first_month <= 12:
        raise ValueError("month out of range")
    last_month = first_month + count - 1
    last_year = year + (last_month - 1) // 12
    last_month = (last_month - 1) % 12 + 1
    last_day = calendar.monthrange(last_year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(last_year, last_month, last_day)


def parse_or_none(value):
    """The PartialDate for a stored value, or None where the date is unknown."""
    return PartialDate.parse(value) if value else None
