"""Anniversaries of signing: the round ones coming up (for the home page) and the calendar.

Both start from the interval a signing date denotes: a day, a month or a season
(winter running from December into February). A date known only to its year
gives none: its anniversary could be any day of that year; nor does an unknown
date.

In the calendar, each event's UID is the partnership's slug at the site's host,
so that a subscribed calendar updates its events instead of adding new ones.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import ExtractYear, Mod
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from .dates import YEAR, PartialDate

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


def upcoming(partnerships, today, days=365):
    """The round anniversaries whose interval meets the next `days` days, soonest first.

    A date known only to the year gives none: its anniversary could be any day of that year.
    """
    end = today + datetime.timedelta(days=days)
    years = range(today.year - 1, end.year + 1)
    # Only signings a multiple of EVERY years before one of those years can have a round anniversary in time.
    candidates = (
        partnerships.exclude(signed_earliest=None)
        .annotate(signed_remainder=Mod(ExtractYear("signed_earliest"), EVERY))
        .filter(signed_remainder__in={year % EVERY for year in years})
    )
    found = []
    for partnership in candidates:
        signed = partnership.signed_date
        if signed is None or signed.precision == YEAR:
            continue
        for year in years:
            age = year - signed.year
            if age <= 0 or age % EVERY:
                continue
            date = same_date_in(signed, year)
            if date.latest >= today and date.earliest <= end:
                found.append(Anniversary(partnership, age, date))
    return sorted(found, key=lambda anniversary: (anniversary.starts, anniversary.partnership.slug))


def same_date_in(date, year):
    """The date in another year, at the same precision; 29 February falls on the 28th outside leap years."""
    try:
        return PartialDate.parse(f"{year:04d}{date.edtf[4:]}")
    except ValidationError:
        return PartialDate.parse(f"{year:04d}-02-28")


def anniversaries_calendar(partnerships, request):
    """An iCalendar of these partnerships' signings; they need their parties (select_related)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", str(CALENDAR_NAME))
    calendar.add("x-wr-calname", str(CALENDAR_NAME))
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
    domain = split_domain_port(request.get_host())[0] or "localhost"
    for partnership in partnerships:
        event = anniversary_event(partnership, request, domain)
        if event is not None:
            calendar.add_component(event)
    return calendar


def anniversary_event(partnership, request, domain):
    """The yearly event of a partnership's signing, or None when its date is too vague for one."""
    date = partnership.signed_date
    if date is None or date.precision == YEAR:
        return None
    rule = {"freq": "yearly"}
    if (date.earliest.month, date.earliest.day) == (2, 29) and date.earliest == date.latest:
        # Keep the anniversary of a leap day in the other years, on 28 February.
        rule.update(bymonth=2, bymonthday=-1)
    event = Event()
    event.add("uid", f"{partnership.slug}@{domain}")
    event.add("dtstamp", partnership.updated)
    event.add("dtstart", date.earliest)
    event.add("dtend", date.latest + datetime.timedelta(days=1))
    event.add("rrule", rule)
    event.add(
        "summary",
        _("%(title)s: anniversary of the %(kind)s (signed %(date)s)")
        % {"title": partnership.title, "kind": partnership.get_kind_display().lower(), "date": date.display()},
    )
    if partnership.summary:
        event.add("description", partnership.summary)
    event.add("url", request.build_absolute_uri(partnership.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event
