import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.dates import DAY, MONTH, SEASON, YEAR, PartialDate
from tests.factories import PartnershipFactory


@pytest.mark.parametrize(
    ("edtf", "precision", "display", "earliest", "latest"),
    [
        ("2010-04-12", DAY, "12 April 2010", datetime.date(2010, 4, 12), datetime.date(2010, 4, 12)),
        ("2001-05", MONTH, "May 2001", datetime.date(2001, 5, 1), datetime.date(2001, 5, 31)),
        ("2004-22", SEASON, "Summer 2004", datetime.date(2004, 6, 1), datetime.date(2004, 8, 31)),
        ("2005", YEAR, "2005", datetime.date(2005, 1, 1), datetime.date(2005, 12, 31)),
        ("2004-21", SEASON, "Spring 2004", datetime.date(2004, 3, 1), datetime.date(2004, 5, 31)),
        ("2004-23", SEASON, "Autumn 2004", datetime.date(2004, 9, 1), datetime.date(2004, 11, 30)),
        ("2004-24", SEASON, "Winter 2004", datetime.date(2004, 12, 1), datetime.date(2005, 2, 28)),
        ("2000-02", MONTH, "February 2000", datetime.date(2000, 2, 1), datetime.date(2000, 2, 29)),
    ],
)
def test_each_precision_round_trips_with_its_display_and_interval(edtf, precision, display, earliest, latest):
    date = PartialDate.parse(edtf)

    assert date.edtf == edtf
    assert date.precision == precision
    assert date.display() == display
    assert (date.earliest, date.latest) == (earliest, latest)
    assert PartialDate.parse(date.edtf) == date


def test_dates_sort_by_the_interval_they_denote_across_precisions():
    shuffled = ["2005", "2004-22", "2004-06-01", "2004", "2004-09", "2003-24", "2004-05-31"]

    ordered = sorted((PartialDate.parse(value) for value in shuffled), key=lambda d: (d.earliest, d.latest))

    # Winter 2003 runs from December 2003 into February 2004, so it comes first.
    assert [d.edtf for d in ordered] == ["2003-24", "2004", "2004-05-31", "2004-06-01", "2004-22", "2004-09", "2005"]


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "abc",
        "12 April 2010",
        "2010-13",
        "2010-02-30",
        "2010-25",
        "2010-4-12",
        "10",
        "2010/2011",
        "2010-04-12T10",
        "２０１０",
        "١٢٣٤",
    ],
)
def test_malformed_dates_are_refused_with_an_example_of_each_form(bad):
    with pytest.raises(ValidationError) as refusal:
        PartialDate.parse(bad)

    message = " ".join(refusal.value.messages)
    for example in ("2010-04-12", "2001-05", "2004-22", "2005"):
        assert example in message


# No deadline: the edtf package's grammar takes milliseconds a date, more on a loaded machine, and a test
# never asserts speed as a time.
@settings(deadline=None)
@given(
    st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.tuples(st.integers(1000, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
        st.tuples(st.integers(1000, 9998), st.integers(21, 24)).map(lambda t: f"{t[0]:04d}-{t[1]}"),
        st.integers(1000, 9999).map(lambda y: f"{y:04d}"),
    )
)
def test_every_date_accepted_here_is_valid_edtf_with_the_same_start(value):
    ours = PartialDate.parse(value)
    theirs = parse_edtf(value)

    assert str(theirs) == ours.edtf
    assert tuple(theirs.lower_strict()[:3]) == ours.earliest.timetuple()[:3]


@given(st.text(max_size=12))
def test_anything_else_is_refused_never_crashes(text):
    try:
        date = PartialDate.parse(text)
    except ValidationError:
        return
    assert date.earliest <= date.latest


@pytest.mark.parametrize(
    ("edtf", "language", "display"),
    [
        ("2010-04-12", "en", "12 April 2010"),
        ("2010-04-12", "nb", "12. april 2010"),
        ("2010-04-12", "zh-hans", "2010年4月12日"),
        ("2001-05", "en", "May 2001"),
        ("2001-05", "nb", "mai 2001"),
        ("2001-05", "zh-hans", "2001年5月"),
        ("2004-22", "en", "Summer 2004"),
        ("2004-22", "nb", "sommeren 2004"),
        ("2004-22", "zh-hans", "2004年夏"),
        ("2004-21", "nb", "våren 2004"),
        ("2004-23", "zh-hans", "2004年秋"),
        ("2004-24", "nb", "vinteren 2004"),
        ("2005", "en", "2005"),
        ("2005", "nb", "2005"),
        ("2005", "zh-hans", "2005年"),
        ("2000-12-01", "nb", "1. desember 2000"),
    ],
)
def test_each_precision_is_written_as_the_active_language_writes_it(edtf, language, display):
    with translation.override(language):
        assert PartialDate.parse(edtf).display() == display
        assert str(PartialDate.parse(edtf)) == display


def test_a_partnership_page_shows_its_dates_in_the_page_language(client, db):
    partnership = PartnershipFactory(signed="2010-04-12")
    with translation.override("en"):
        path = partnership.get_absolute_url()

    assert "12 April 2010" in client.get(path).text
    assert "12. april 2010" in client.get(f"/nb{path}").text
    assert "2010年4月12日" in client.get(f"/zh-hans{path}").text
    translation.activate("en")
