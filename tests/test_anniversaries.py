"""The round anniversaries coming up, which the database picks: the edges of the calendar, and a property
test against the reference below (the Python check the home page used to make on every partnership)."""

import datetime
from calendar import isleap
from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.anniversaries import EVERY, Anniversary, same_date_in, upcoming
from directory.dates import YEAR
from directory.models import Partnership

from .factories import PartnershipFactory


def reference_upcoming(partnerships, today, days=365):
    """Every partnership read and checked in Python, each year of the window in turn."""
    end = today + datetime.timedelta(days=days)
    found = []
    for partnership in partnerships:
        signed = partnership.signed_date
        if signed is None or signed.precision == YEAR:
            continue
        for year in range(today.year - 1, end.year + 1):
            age = year - signed.year
            if age <= 0 or age % EVERY:
                continue
            date = same_date_in(signed, year)
            if date.latest >= today and date.earliest <= end:
                found.append(Anniversary(partnership, age, date))
    return sorted(found, key=lambda anniversary: (anniversary.starts, anniversary.partnership.slug))


def found(today, days=365, limit=None):
    return [(a.partnership.slug, a.years, a.date.edtf) for a in upcoming(Partnership.objects.all(), today, days, limit)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed", "today", "expected"),
    [
        # 29 February: on the 28th outside leap years, the day before 1 March.
        ("2004-02-29", datetime.date(2029, 2, 28), (25, "2029-02-28")),
        ("2004-02-29", datetime.date(2029, 3, 1), None),
        ("2004-02-29", datetime.date(2028, 3, 1), (25, "2029-02-28")),
        ("2004-02-29", datetime.date(2034, 2, 28), (30, "2034-02-28")),
        # 28 February stays there in a leap year; a February known to the month ends on the 29th.
        ("2003-02-28", datetime.date(2028, 2, 29), None),
        ("2003-02", datetime.date(2028, 2, 29), (25, "2028-02")),
        # A window across New Year; its last day counts, the day after does not.
        ("2002-01-05", datetime.date(2026, 12, 20), (25, "2027-01-05")),
        ("2002-01-05", datetime.date(2026, 1, 5), (25, "2027-01-05")),
        ("2002-01-06", datetime.date(2026, 1, 5), None),
        # Winter runs from December into February of the next year, and counts while it runs.
        ("2011-24", datetime.date(2027, 2, 28), (15, "2026-24")),
        ("2011-24", datetime.date(2027, 3, 1), None),
        ("2011-24", datetime.date(2025, 12, 2), (15, "2026-24")),
        ("2011-24", datetime.date(2025, 12, 1), (15, "2026-24")),  # the window's last day
        ("2011-24", datetime.date(2025, 11, 30), None),
        # A month or a season counts from its first day to its last.
        ("2006-09", datetime.date(2026, 9, 30), (20, "2026-09")),
        ("2006-09", datetime.date(2026, 10, 1), None),
        ("2006-23", datetime.date(2026, 11, 30), (20, "2026-23")),
        ("2006-23", datetime.date(2025, 9, 1), (20, "2026-23")),
        ("2006-23", datetime.date(2025, 8, 31), None),
        # Nothing at age 0 or before the signing; nothing for a year alone.
        ("2026-12-01", datetime.date(2026, 11, 26), None),
        ("2030-06-01", datetime.date(2026, 11, 26), None),
        ("2007", datetime.date(2026, 11, 26), None),
    ],
)
def test_upcoming_anniversaries_at_the_edges_of_the_calendar(signed, today, expected):
    partnership = PartnershipFactory(signed=signed)

    assert found(today) == ([(partnership.slug, *expected)] if expected else [])


@pytest.mark.django_db
def test_upcoming_anniversaries_come_soonest_first_then_by_slug_and_stop_at_the_limit():
    signings = {"b-on-1-march": "2001-03-01", "a-in-march": "2006-03", "c-on-1-march": "2011-03-01"}
    signings |= {"z-in-january": "2001-01-20", "y-spring": "2016-21", "x-in-february": "2021-02-02"}
    for slug, signed in signings.items():
        PartnershipFactory(slug=slug, signed=signed)
    today = datetime.date(2026, 1, 1)

    assert [slug for slug, _years, _date in found(today)] == [
        "z-in-january",
        "x-in-february",
        "a-in-march",
        "b-on-1-march",
        "c-on-1-march",
        "y-spring",
    ]
    assert found(today, limit=3) == found(today)[:3]


def test_a_window_with_room_for_two_round_anniversaries_is_refused():
    with pytest.raises(ValueError, match="too long"):
        upcoming(Partnership.objects.none(), datetime.date(2026, 1, 1), days=5 * 365)


@pytest.mark.django_db
def test_the_home_page_shows_the_ten_soonest_round_anniversaries(client):
    today = timezone.localdate()
    for number in range(12):
        day = today + datetime.timedelta(days=20 * number + 1)
        signed = datetime.date(day.year - 10, day.month, min(day.day, 28))
        PartnershipFactory(slug=f"partnership-{11 - number:02d}", signed=signed.isoformat())

    anniversaries = client.get(reverse("directory:home")).context["anniversaries"]

    expected = reference_upcoming(Partnership.objects.all(), today)[:10]
    assert len(expected) == 10
    assert [(a.partnership, a.years, a.date) for a in anniversaries] == [
        (a.partnership, a.years, a.date) for a in expected
    ]


EDGES = [(1, 1), (2, 28), (2, 29), (3, 1), (5, 31), (6, 1), (8, 31), (9, 1), (11, 30), (12, 1), (12, 31)]


@st.composite
def directories(draw):
    """A day, a window and signings near its round anniversaries and its edges (and anywhere)."""
    edge_days = [
        datetime.date(year, month, day)
        for year in range(2024, 2033)
        for month, day in EDGES
        if isleap(year) or (month, day) != (2, 29)
    ]
    today = draw(
        st.one_of(st.dates(datetime.date(2024, 1, 1), datetime.date(2032, 12, 31)), st.sampled_from(edge_days))
    )
    days = draw(st.one_of(st.just(365), st.integers(0, 3 * 365)))
    end = today + datetime.timedelta(days=days)
    near = [
        (day.month, day.day)
        for edge in (today, end)
        for day in (edge - datetime.timedelta(1), edge, edge + datetime.timedelta(1))
    ]
    signings = []
    for _ in range(draw(st.integers(1, 8))):
        year = (
            draw(st.sampled_from([today.year, end.year]))
            - draw(st.sampled_from([0, 5, 10, 25]))
            + draw(st.integers(-1, 1))
        )
        precision = draw(st.sampled_from(["day", "month", "season", "year"]))
        if precision == "day":
            month, day = draw(
                st.one_of(st.sampled_from(EDGES + near), st.tuples(st.integers(1, 12), st.integers(1, 28)))
            )
            if (month, day) == (2, 29):
                year -= year % 4
            signings.append(f"{year}-{month:02d}-{day:02d}")
        elif precision == "month":
            signings.append(f"{year}-{draw(st.integers(1, 12)):02d}")
        elif precision == "season":
            signings.append(f"{year}-{draw(st.integers(21, 24))}")
        else:
            signings.append(str(year))
    return today, days, signings


@pytest.mark.django_db
def test_upcoming_anniversaries_are_those_the_reference_finds():
    @settings(max_examples=300, deadline=None)
    @given(directory=directories(), limit=st.one_of(st.none(), st.integers(1, 4)))
    def check(directory, limit):
        today, days, signings = directory
        with transaction.atomic():
            for number, signed in enumerate(signings):
                PartnershipFactory(slug=f"p-{number}", signed=signed)
            partnerships = Partnership.objects.all()
            expected = reference_upcoming(partnerships, today, days)[:limit]
            actual = upcoming(partnerships, today, days, limit)
            assert [(a.partnership.slug, a.years, a.date) for a in actual] == [
                (a.partnership.slug, a.years, a.date) for a in expected
            ]
            transaction.set_rollback(True)

    check()


@pytest.mark.django_db
def test_the_home_page_with_no_anniversary_coming_says_so(client):
    PartnershipFactory(signed="2007")

    response = client.get(reverse("directory:home"))

    assert response.status_code == HTTPStatus.OK
    assert response.context["anniversaries"] == []
    assert "No partnership turns 5, 10, 15" in response.text


@pytest.mark.django_db
def test_upcoming_anniversaries_are_those_the_reference_finds_in_windows_from_and_to_every_edge():
    for year in range(2000, 2005):  # every remainder of the year, and the leap year 2004
        for month, day in [*EDGES, (4, 12), (7, 15), (10, 3)]:
            if isleap(year) or (month, day) != (2, 29):
                PartnershipFactory(signed=f"{year}-{month:02d}-{day:02d}")
        for month in range(1, 13):
            PartnershipFactory(signed=f"{year}-{month:02d}")
        for season in range(21, 25):
            PartnershipFactory(signed=f"{year}-{season}")
        PartnershipFactory(signed=str(year))
    partnerships = Partnership.objects.all()
    read_once = list(partnerships)
    # Each window that starts or ends on an edge, or a day either side of it.
    edges = [datetime.date(year, *day) for year in (2028, 2029) for day in EDGES if isleap(year) or day != (2, 29)]
    days = {edge - datetime.timedelta(days=shift) for edge in edges for shift in (-1, 0, 1, 364, 365, 366)}
    for today in sorted(days):
        expected = [(a.partnership.slug, a.years, a.date) for a in reference_upcoming(read_once, today)]
        assert [(a.partnership.slug, a.years, a.date) for a in upcoming(partnerships, today)] == expected, today
