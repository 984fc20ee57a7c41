"""Partial dates: as precise as the source, and no more.

A date is stored as an EDTF string (ISO 8601-2, level 1) in one of four
precisions: a day (``2010-04-12``), a month (``2001-05``), a season
(``2004-22``, summer 2004) or a year (``2005``). It is shown as people write
it in the active language and sorted and filtered by the interval it denotes.

This module is the one owner of how dates are written and read: every
language's month and season names, the display (`PartialDate.display`), the
parser of what editors type (`parse_written`, used by the admin's forms and
the CSV import alike) and the range of years a date may fall in
(`plausibility_error`, used by the models' validation). What a language
writes, every language's editor may type back: `parse_written(date.display())`
gives `date` again, whatever language is active (tests/test_dates.py checks it
for every precision and language).

Parsing EDTF here is a small regular expression rather than the ``edtf``
package's grammar: the grammar takes milliseconds a date, which adds up on a
list or an export of thousands of rows. The tests check that both agree on
every date this module accepts.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

DAY = "day"
MONTH = "month"
SEASON = "season"
YEAR = "year"

ENGLISH = "en"
NORWEGIAN = "nb"
CHINESE = "zh-hans"

# Northern-hemisphere seasons, as EDTF level 1 numbers them, with the month each begins. Winter runs
# from December into February of the next year.
SEASON_STARTS = {21: 3, 22: 6, 23: 9, 24: 12}

# Each language's own forms, written out here rather than left to the translation catalogues: a date's
# grammar differs (Norwegian "sommeren 2004", Chinese "2004年夏"), not only its words.
MONTH_NAMES = {
    ENGLISH: [
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
    NORWEGIAN: [
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
}
SEASON_NAMES = {
    ENGLISH: {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"},
    NORWEGIAN: {21: "våren", 22: "sommeren", 23: "høsten", 24: "vinteren"},
    CHINESE: {21: "春", 22: "夏", 23: "秋", 24: "冬"},
}

# Besides the names the pages write, what editors also type: abbreviations, "fall", Norwegian seasons
# without the article ("sommer 2004"). Chinese seasons may add 季 or 天 (2004年夏季) in the parser itself.
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "des": 12,
}
OTHER_SEASON_NAMES = {"fall": 23, "vår": 21, "sommer": 22, "høst": 23, "vinter": 24}

# How precisely a date is known, as a page says it after the date: "12 April 2010 (known to the day)".
PRECISION_LABELS = {
    DAY: gettext_lazy("known to the day"),
    MONTH: gettext_lazy("known to the month"),
    SEASON: gettext_lazy("known to the season"),
    YEAR: gettext_lazy("known to the year"),
}
# The same, in a word, for editors: "Summer 2004 (season), stored as 2004-22".
PRECISION_NAMES = {
    DAY: gettext_lazy("day"),
    MONTH: gettext_lazy("month"),
    SEASON: gettext_lazy("season"),
    YEAR: gettext_lazy("year"),
}

EXAMPLES = gettext_lazy(
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
                gettext_lazy("“%(value)s” is not a date this directory understands. %(examples)s"),
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
            if number in SEASON_STARTS:
                return cls(text, SEASON, *_months(year, SEASON_STARTS[number], 3))
            return cls(text, MONTH, *_months(year, number, 1))
        except ValueError:
            raise ValidationError(
                gettext_lazy("“%(value)s” is not a real date. %(examples)s"),
                code="invalid_date",
                params={"value": value, "examples": EXAMPLES},
            ) from None

    @property
    def year(self):
        return self.earliest.year

    @property
    def precision_label(self):
        return PRECISION_LABELS[self.precision]

    def display(self, language=None):
        """The date as people write it in `language` (the active one by default).

        English: 12 April 2010, May 2001, Summer 2004, 2005. Norwegian: 12. april 2010, mai 2001,
        sommeren 2004, 2005. Chinese: 2010年4月12日, 2001年5月, 2004年夏, 2005年.
        """
        language = _language(language)
        year = self.edtf[:4]  # as stored: four digits, so that what is shown reads back (0201, not 201)
        if language == CHINESE:
            return self._display_chinese(year)
        if self.precision == DAY:
            day = f"{self.earliest.day}." if language == NORWEGIAN else str(self.earliest.day)
            return f"{day} {MONTH_NAMES[language][self.earliest.month - 1]} {year}"
        if self.precision == MONTH:
            return f"{MONTH_NAMES[language][self.earliest.month - 1]} {year}"
        if self.precision == SEASON:
            return f"{SEASON_NAMES[language][self._season]} {year}"
        return year

    def _display_chinese(self, year):
        if self.precision == DAY:
            return f"{year}年{self.earliest.month}月{self.earliest.day}日"
        if self.precision == MONTH:
            return f"{year}年{self.earliest.month}月"
        if self.precision == SEASON:
            return f"{year}年{SEASON_NAMES[CHINESE][self._season]}"
        return f"{year}年"

    @property
    def _season(self):
        return int(self.edtf[5:7])

    def __str__(self):
        return self.display()


def _language(language=None):
    """English, Norwegian or Chinese: the one of the three `language` (the active one by default) is."""
    language = (language or get_language() or ENGLISH).lower()
    if language.startswith("zh"):
        return CHINESE
    if language in ("nb", "no", "nn") or language.startswith(("nb-", "no-", "nn-")):
        return NORWEGIAN
    return ENGLISH


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


# Reading what editors type

_MONTHS = {
    **{name.casefold(): number for names in MONTH_NAMES.values() for number, name in enumerate(names, start=1)},
    **MONTH_ABBREVIATIONS,
}
_SEASONS = {
    **{name.casefold(): number for names in SEASON_NAMES.values() for number, name in names.items()},
    **OTHER_SEASON_NAMES,
}
_WORD = "[^\\W\\d_]+"
_LATIN_DAY = "(?P<day>[0-9]{1,2})(?:st|nd|rd|th|\\.)?"
_LATIN_MONTH = f"(?P<month>{_WORD})\\.?"
_LATIN_YEAR = "(?P<year>[0-9]{4})"
_WRITTEN_FORMS = [
    re.compile(f"{_LATIN_DAY} ?{_LATIN_MONTH},? {_LATIN_YEAR}"),  # 12 April 2010, 12. april 2010
    re.compile(f"{_LATIN_MONTH} {_LATIN_DAY},? {_LATIN_YEAR}"),  # April 12, 2010
    re.compile(f"{_LATIN_MONTH},? {_LATIN_YEAR}"),  # May 2001, mai 2001
    re.compile(f"(?P<season>{_WORD})(?: of| in)? {_LATIN_YEAR}"),  # Summer 2004, summer of 2004, sommeren 2004
    # Chinese, written without spaces: 2010年4月12日, 2001年5月, 2004年夏, 2004年夏季, 2005年.
    re.compile("(?P<year>[0-9]{4})年(?:(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})[日号])?)?"),
    re.compile("(?P<year>[0-9]{4})年(?P<season>[春夏秋冬])[季天]?"),
]
_CJK_SPACE = re.compile(r"\s*([年月日号季天春夏秋冬])\s*")


def written_examples(language=None):
    """How to write a date, with examples as `language` (the active one by default) writes them."""
    examples = {
        precision: PartialDate.parse(edtf).display(language)
        for precision, edtf in ((DAY, "2010-04-12"), (MONTH, "2001-05"), (SEASON, "2004-22"), (YEAR, "2005"))
    }
    return (
        _(
            "Write it as in one of these examples: %(day)s (a day), %(month)s (a month), %(season)s (a season), "
            "%(year)s (a year); or as EDTF: 2010-04-12, 2001-05, 2004-22, 2005."
        )
        % examples
    )


written_examples_lazy = lazy(written_examples, str)


def parse_written(value):
    """The PartialDate for a date as an editor writes it, in any of the three languages, or as EDTF.

    Whatever the active language: 12 April 2010, 12. april 2010, 2010年4月12日; May 2001, mai 2001,
    2001年5月; Summer 2004, sommeren 2004, sommer 2004, 2004年夏, 2004年夏季; 2005, 2005年; 2010-04-12,
    2004-22. Full-width digits (２００５年) are read as digits. Deliberately strict: a form it does not
    know, or a day that does not exist, is refused rather than guessed (the `edtf` package's
    natural-language parser reads "Mai 2001" as the year 2001 and "12/04/2010" as 4 December, silently).
    The refusal gives examples in the active language.
    """
    text = unicodedata.normalize("NFKC", str(value))
    text = _CJK_SPACE.sub(r"\1", " ".join(text.split())).casefold()
    if _PATTERN.fullmatch(text):
        return _checked(value, text)
    for pattern in _WRITTEN_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("season"):
            if groups["season"] not in _SEASONS:
                continue
            return _checked(value, f"{match['year']}-{_SEASONS[groups['season']]}")
        if groups.get("month") is None:
            return _checked(value, match["year"])
        month = int(groups["month"]) if groups["month"].isdigit() else _MONTHS.get(groups["month"])
        if month is None:
            continue
        edtf = f"{match['year']}-{month:02d}"
        if groups.get("day"):
            edtf += f"-{int(groups['day']):02d}"
        return _checked(value, edtf)
    raise ValidationError(
        gettext_lazy("“%(value)s” is not a date this directory understands. %(examples)s"),
        code="invalid_date",
        params={"value": value, "examples": written_examples_lazy()},
    )


def _checked(value, edtf):
    """PartialDate.parse, the one judge of what may be stored, with the editors' examples."""
    try:
        return PartialDate.parse(edtf)
    except ValidationError:
        raise ValidationError(
            gettext_lazy("“%(value)s” is not a real date. %(examples)s"),
            code="invalid_date",
            params={"value": value, "examples": written_examples_lazy()},
        ) from None


def understood(partial_date):
    """What the directory understood a date as, for editors: "Summer 2004 (season), stored as 2004-22"."""
    return _("%(display)s (%(precision)s), stored as %(edtf)s") % {
        "display": partial_date.display(),
        "precision": PRECISION_NAMES[partial_date.precision],
        "edtf": partial_date.edtf,
    }


# The range of plausible dates

# The first year a date may fall in, by what it dates. Norway recognised the People's Republic in
# January 1950, and no agreement between Norwegian and Chinese places is older; a milestone may record
# an earlier first contact (a visit, a letter) but nothing before 1900 belongs to a partnership here.
FIRST_SIGNING_YEAR = 1950
FIRST_MILESTONE_YEAR = 1900


def latest_plausible(today):
    """The last day a date may begin on: a year from `today` (an agreement planned for next spring)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def plausibility_error(partial_date, first_year, today):
    """Why a date cannot be right (a typo in its year), or None: it begins before `first_year` or more
    than a year after `today`."""
    if partial_date.earliest.year < first_year:
        return ValidationError(
            gettext_lazy(
                "%(date)s is too early: dates here begin in %(first_year)d. Check the year for a typo (2001, not 0201)."
            ),
            code="too_early",
            params={"date": partial_date.display(), "first_year": first_year},
        )
    last = latest_plausible(today)
    if partial_date.earliest > last:
        return ValidationError(
            gettext_lazy(
                "%(date)s begins more than a year from today (after %(last)s). Check the year for a typo "
                "(2010, not 3010)."
            ),
            code="too_late",
            params={"date": partial_date.display(), "last": PartialDate.parse(last.isoformat()).display()},
        )
    return None
