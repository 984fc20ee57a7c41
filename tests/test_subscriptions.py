"""The Atom feed and the anniversaries calendar, read back with real parsers."""

import datetime
import html
from http import HTTPStatus

import feedparser
import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directory.models import Partnership

from .factories import ContactFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

FEED = reverse("directory:partnership-feed")
CALENDAR = reverse("directory:anniversaries")


def read_feed(client):
    response = client.get(FEED)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def read_calendar(client):
    response = client.get(CALENDAR)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_valid_atom_with_the_newest_published_first(client):
    now = timezone.now()
    for days_ago, slug in [(30, "older-one"), (1, "newest-one"), (10, "middle-one")]:
        partnership = PartnershipFactory(slug=slug)
        Partnership.objects.filter(pk=partnership.pk).update(published_at=now - datetime.timedelta(days=days_ago))

    feed = read_feed(client)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.author
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/partnerships/{slug}/" for slug in ["newest-one", "middle-one", "older-one"]
    ]
    assert feed.entries[0].id == "http://testserver/partnerships/newest-one/"
    assert feed.entries[0].published_parsed[:3] == (now - datetime.timedelta(days=1)).utctimetuple()[:3]


def test_a_feed_entry_names_the_partnership_its_date_and_topics(client):
    partnership = PartnershipFactory(signed="2004-22", summary="Cooperation on <b>ports</b> & ships.")
    partnership.topics.create(name="Oil and gas", slug="oil-and-gas")

    entry = read_feed(client).entries[0]

    assert entry.title == partnership.title
    assert [tag.term for tag in entry.tags] == ["Oil and gas"]
    assert "<b>" not in entry.summary
    assert (
        html.unescape(entry.summary) == "Friendship agreement, signed Summer 2004. Cooperation on <b>ports</b> & ships."
    )


def test_drafts_and_contacts_never_reach_the_feed_or_the_calendar(client):
    shown = PartnershipFactory(summary="visible-3b9a", signed="2010-04-12")
    ContactFactory(partnership=shown, name="private-5e2d", notes="staff-5e2d", is_public=False)
    PartnershipFactory(slug="draft-7c1f", summary="secret-7c1f", signed="2011-06-01", status=Partnership.Status.DRAFT)

    feed_text = client.get(FEED).text
    calendar_text = client.get(CALENDAR).text

    for text in (feed_text, calendar_text):
        assert "visible-3b9a" in text
        assert "7c1f" not in text
        assert "5e2d" not in text


def test_each_signing_is_one_yearly_all_day_event_on_the_first_day_of_its_interval(client):
    for slug, signed in [
        ("a-day", "2010-04-12"),
        ("a-month", "2001-05"),
        ("a-summer", "2004-22"),
        ("a-winter", "2003-24"),
        ("a-year", "2005"),
        ("unknown", ""),
    ]:
        PartnershipFactory(slug=slug, signed=signed)

    events = events_by_uid(read_calendar(client))

    assert set(events) == {f"{slug}@testserver" for slug in ["a-day", "a-month", "a-summer", "a-winter"]}
    intervals = {uid.split("@")[0]: (event.decoded("DTSTART"), event.decoded("DTEND")) for uid, event in events.items()}
    assert intervals == {
        "a-day": (datetime.date(2010, 4, 12), datetime.date(2010, 4, 13)),
        "a-month": (datetime.date(2001, 5, 1), datetime.date(2001, 5, 2)),
        "a-summer": (datetime.date(2004, 6, 1), datetime.date(2004, 6, 2)),
        "a-winter": (datetime.date(2003, 12, 1), datetime.date(2003, 12, 2)),
    }
    for start, end in intervals.values():
        assert type(start) is datetime.date
        assert type(end) is datetime.date
    for event in events.values():
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
        assert event.decoded("DTSTAMP")


def test_an_event_says_whose_anniversary_it_is_and_links_the_partnership(client):
    partnership = PartnershipFactory(signed="2001-11-08", summary="Signed in Shanghai.")

    event = next(iter(read_calendar(client).walk("VEVENT")))

    assert (
        str(event["SUMMARY"])
        == f"{partnership.title}: anniversary of the friendship agreement (signed 8 November 2001)"
    )
    assert str(event["DESCRIPTION"]) == "Signed in Shanghai."
    assert str(event["URL"]) == f"http://testserver{partnership.get_absolute_url()}"


def test_the_anniversary_comes_back_every_year_on_its_date(client):
    PartnershipFactory(slug="on-a-day", signed="2010-04-12")
    PartnershipFactory(slug="on-a-leap-day", signed="2008-02-29")

    events = events_by_uid(read_calendar(client))

    def occurrences(uid, until):
        event = events[uid]
        start = datetime.datetime.combine(event.decoded("DTSTART"), datetime.time())
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        return [day.date() for day in rule.between(start, until, inc=True)]

    assert occurrences("on-a-day@testserver", datetime.datetime(2013, 1, 1)) == [
        datetime.date(year, 4, 12) for year in (2010, 2011, 2012)
    ]
    assert occurrences("on-a-leap-day@testserver", datetime.datetime(2012, 12, 31)) == [
        datetime.date(2008, 2, 29),
        datetime.date(2009, 2, 28),
        datetime.date(2010, 2, 28),
        datetime.date(2011, 2, 28),
        datetime.date(2012, 2, 29),
    ]


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_uids_stay_the_same_when_a_partnership_changes_so_subscribers_update(client):
    partnership = PartnershipFactory(slug="stable-one", signed="2010-04-12", summary="Before.")
    before = events_by_uid(read_calendar(client))

    partnership.signed = "2010-05"
    partnership.summary = "After."
    partnership.save()
    after = events_by_uid(read_calendar(client))

    assert set(before) == set(after) == {"stable-one@testserver"}
    assert after["stable-one@testserver"].decoded("DTSTART") == datetime.date(2010, 5, 1)
    assert str(after["stable-one@testserver"]["DESCRIPTION"]).startswith("After.\n\n")


def test_the_calendar_names_itself_and_is_valid_icalendar(client):
    calendar = read_calendar(client)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert "anniversaries" in str(calendar["X-WR-CALNAME"])
