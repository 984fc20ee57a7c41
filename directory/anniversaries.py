"""Anniversaries of signing: the round ones coming up (for the home page) and the calendar.

Both start from the interval a signing date denotes: a day, a month or a season
(winter running from December into February). A date known only to its year
gives none: its anniversary could be any day of that year; nor does an unknown
date. The calendar says which it leaves out, and why.

In the calendar, a signing known to the day is an all-day event on that day
every year. One known only to its month or season is an all-day event on the
first day of that interval, whose title says what is known ("signed in summer
2004; the day is not known"): a weeks-long event would fill a calendar's days
for a quarter of the year. Each event's UID is the partnership's slug at the
site's host, so that a subscribed calendar updates its events instead of adding
new ones.
"""

import datetime
from calendar import isleap
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import BinaryField, Case, F, Q, Value, When
from django.db.models.functions import Cast, Concat, Substr
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from icalendar import Calendar, Event, vText

from .dates import DAY, MONTH, SEASON, YEAR, PartialDate

EVERY = 5
PRODUCT_ID = "-//Norway-China friendship cities//Anniversaries//EN"
CALENDAR_NAME = gettext_lazy("Norway–China friendship cities: anniversaries")


@dataclass(frozen=True)
class Anniversary:
    partnership: object
    years: int
    date: PartialDate

    @property
    def starts(self):
        return self.date.earliest


def upcoming(partnerships, today, days=365, limit=None):
    """The round anniversaries whose interval meets the next `days` days, soonest first (then by slug).

    The database picks them and puts them in order, and only the first `limit` (all if None) are read. In
    a window that ends at most three calendar years after it starts, a signing has at most one round
    anniversary to show: in the one year of the window, or of the year before it (a winter), that is a
    multiple of EVERY years after the signing. The database works out that anniversary's interval from the
    signing's EDTF string with the string functions every database has (extracting from a date is a
    Python function call a row on SQLite, and arithmetic on decimals on PostgreSQL), and compares its ends
    as ISO dates, which sort the same as text in any collation.
    A date known only to the year gives none: its anniversary could be any day of that year.
    """
    end = today + datetime.timedelta(days=days)
    years = range(today.year - 1, end.year + 1)
    if len(years) > EVERY:
        raise ValueError(f"{days} days is too long a window: a signing could have two round anniversaries in it.")

    def in_year(shift=0):
        """The year of the signing's round anniversary (plus `shift`) as ISO text, from its year's last digit."""
        return Case(
            *(
                When(
                    last_digit__in=[str(d) for d in range(10) if d % EVERY == year % EVERY],
                    then=Value(f"{year + shift:04d}"),
                )
                for year in years
            )
        )

    leap_years = [f"{year:04d}" for year in years if isleap(year)]
    starts = Concat(
        "anniversary_year",
        Value("-"),
        Case(
            When(second="21", then=Value("03-01")),
            When(second="22", then=Value("06-01")),
            When(second="23", then=Value("09-01")),
            When(second="24", then=Value("12-01")),
            When(day="", then=Concat("second", Value("-01"))),
            # 29 February falls on the 28th outside leap years.
            When(Q(month_day="02-29") & ~Q(anniversary_year__in=leap_years), then=Value("02-28")),
            default="month_day",
        ),
    )
    # A month or a season ends on the last day of its last month, which compares as day 31 does.
    ends = Case(
        When(second="21", then=Concat("anniversary_year", Value("-05-31"))),
        When(second="22", then=Concat("anniversary_year", Value("-08-31"))),
        When(second="23", then=Concat("anniversary_year", Value("-11-31"))),
        When(second="24", then=Concat(in_year(shift=1), Value("-02-31"))),
        When(day="", then=Concat("anniversary_year", Value("-"), "second", Value("-31"))),
        default=starts,
    )
    candidates = (
        partnerships.exclude(signed_earliest=None)
        # The parts of an EDTF string (directory.dates): 2010-04-12 (a day), 2001-05 (a month), 2004-22 (a
        # season, here summer) or 2005 (a year).
        .annotate(
            signed_year=Substr("signed", 1, 4),
            last_digit=Substr("signed", 4, 1),
            second=Substr("signed", 6, 2),
            month_day=Substr("signed", 6, 5),
            day=Substr("signed", 9, 2),
        )
        .exclude(second="")
        .annotate(anniversary_year=in_year())
        .filter(anniversary_year__gt=F("signed_year"))
        .annotate(starts=starts, ends=ends)
        .filter(starts__lte=end.isoformat(), ends__gte=today.isoformat())
        # Slugs in the order Python sorts them, whatever the database's collation.
        .order_by("starts", Cast("slug", BinaryField()))
    )
    return [
        Anniversary(
            partnership,
            int(partnership.anniversary_year) - int(partnership.signed_year),
            same_date_in(partnership.signed_date, int(partnership.anniversary_year)),
        )
        for partnership in candidates[:limit]
    ]


def same_date_in(date, year):
    """The date in another year, at the same precision; 29 February falls on the 28th outside leap years."""
    try:
        return PartialDate.parse(f"{year:04d}{date.edtf[4:]}")
    except ValidationError:
        return PartialDate.parse(f"{year:04d}-02-28")


def anniversaries_calendar(partnerships, request, filters=()):
    """An iCalendar of these partnerships' signings, in the active language; they need their parties
    (select_related). `filters` are the list's filters in use (`PartnershipFilter.active`), named in the
    calendar's name."""
    calendar = Calendar()
    name = str(CALENDAR_NAME)
    if filters:
        name = _("%(calendar)s (%(filters)s)") % {
            "calendar": name,
            "filters": pgettext("between the items of a list", ", ").join(str(active.value) for active in filters),
        }
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("source", request.build_absolute_uri(), parameters={"VALUE": "URI"})
    domain = split_domain_port(request.get_host())[0] or "localhost"
    year_only, undated = [], []
    for partnership in partnerships:
        event = anniversary_event(partnership, request, domain)
        if event is not None:
            calendar.add_component(event)
        elif partnership.signed_date is None:
            undated.append(partnership)
        else:
            year_only.append(partnership)
    description = left_out(year_only, undated)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", vText(description))
    return calendar


def left_out(year_only, undated):
    """What the calendar holds, and which partnerships it leaves out and why, in the active language."""
    separator = pgettext("between the items of a list", ", ")
    parts = [
        _(
            "Each signing of a partnership in the Norway–China friendship cities directory, as an all-day event "
            "that comes back every year: on the day it was signed, or on the first day of the month or season "
            "when only that is known."
        )
    ]
    if year_only:
        named = separator.join(
            _("%(title)s (%(year)s)") % {"title": partnership.local_title, "year": partnership.signed_date.display()}
            for partnership in year_only
        )
        parts.append(
            ngettext(
                "Left out because only the year of signing is known, so its anniversary could fall on any "
                "day of the year: %(partnerships)s.",
                "Left out because only the year of signing is known, so their anniversaries could fall on any "
                "day of the year: %(partnerships)s.",
                len(year_only),
            )
            % {"partnerships": named}
        )
    if undated:
        named = separator.join(partnership.local_title for partnership in undated)
        parts.append(
            ngettext(
                "Left out because the date of signing is not known: %(partnerships)s.",
                "Left out because the dates of signing are not known: %(partnerships)s.",
                len(undated),
            )
            % {"partnerships": named}
        )
    return "\n\n".join(parts)


def in_a_sentence(date):
    """The date as written inside a sentence: "Summer 2004" starts one in English, "in summer 2004" does not."""
    return date.display().lower() if date.precision == SEASON else date.display()


def event_title(partnership, date):
    """The event's title: whose anniversary it is, and what is known of the date."""
    names = {"title": partnership.local_title, "kind": partnership.get_kind_display().lower()}
    if date.precision == DAY:
        return _("%(title)s: anniversary of the %(kind)s (signed %(date)s)") % {**names, "date": date.display()}
    if date.precision == MONTH:
        return _("%(title)s: anniversary of the %(kind)s (signed in %(month)s; the day is not known)") % {
            **names,
            "month": in_a_sentence(date),
        }
    return _("%(title)s: anniversary of the %(kind)s (signed in %(season)s; the day is not known)") % {
        **names,
        "season": in_a_sentence(date),
    }


def anniversary_event(partnership, request, domain):
    """The yearly event of a partnership's signing, or None when its date is too vague for one."""
    date = partnership.signed_date
    if date is None or date.precision == YEAR:
        return None
    rule = {"freq": "yearly"}
    if date.precision == DAY and (date.earliest.month, date.earliest.day) == (2, 29):
        # Keep the anniversary of a leap day in the other years, on 28 February.
        rule.update(bymonth=2, bymonthday=-1)
    event = Event()
    event.add("uid", f"{partnership.slug}@{domain}")
    event.add("dtstamp", partnership.updated)
    event.add("dtstart", date.earliest)
    event.add("dtend", date.earliest + datetime.timedelta(days=1))
    event.add("rrule", rule)
    event.add("summary", event_title(partnership, date))
    summary = partnership.local_summary
    description = [summary.text] if summary else []
    if date.precision != DAY:
        description.append(
            _("The source gives only %(interval)s, so the anniversary is shown on its first day.")
            % {"interval": in_a_sentence(date)}
        )
    if description:
        event.add("description", "\n\n".join(description))
    event.add("url", request.build_absolute_uri(partnership.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event
