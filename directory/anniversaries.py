"""The anniversaries calendar: each signing as a yearly all-day event.

An event covers the interval the signing date denotes: a day, a month or a
season (winter running from December into February). A date known only to
its year would make a year-long "anniversary", so it gives no event; nor
does an unknown date.

Each event's UID is the partnership's slug at the site's host, so that a
subscribed calendar updates its events instead of adding new ones.
"""

import datetime

from django.http.request import split_domain_port
from icalendar import Calendar, Event

from .dates import YEAR

PRODUCT_ID = "-//Norway-China friendship cities//Anniversaries//EN"
CALENDAR_NAME = "Norway–China friendship cities: anniversaries"


def anniversaries_calendar(partnerships, request):
    """An iCalendar of these partnerships' signings; they need their parties (select_related)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
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
        f"{partnership.title}: anniversary of the {partnership.get_kind_display().lower()} (signed {date.display()})",
    )
    if partnership.summary:
        event.add("description", partnership.summary)
    event.add("url", request.build_absolute_uri(partnership.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event
