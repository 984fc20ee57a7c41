import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.dates import DAY, MONTH, SEASON, YEAR, PartialDate, parse_written
from directory.forms import PartialDateFormField
from tests.factories import MilestoneFactory, PartnershipFactory


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


# No time limit per example: the first parse builds python-edtf's grammar, which on a busy machine takes
# longer than Hypothesis's default deadline, and the suite asserts no timings.
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


LANGUAGES = ["en", "nb", "zh-hans"]

# Each language's written forms of a day, a month, a season and a year, and EDTF, as the issue lists them.
WRITTEN_FORMS = [
    ("12 April 2010", "2010-04-12"),
    ("12. april 2010", "2010-04-12"),
    ("2010年4月12日", "2010-04-12"),
    ("April 12, 2010", "2010-04-12"),
    ("12th April 2010", "2010-04-12"),
    ("2010 年 4 月 12 日", "2010-04-12"),
    ("May 2001", "2001-05"),
    ("mai 2001", "2001-05"),
    ("2001年5月", "2001-05"),
    ("Summer 2004", "2004-22"),
    ("summer of 2004", "2004-22"),
    ("sommeren 2004", "2004-22"),
    ("sommer 2004", "2004-22"),
    ("2004年夏", "2004-22"),
    ("2004年夏季", "2004-22"),
    ("høsten 1999", "1999-23"),
    ("2003年冬", "2003-24"),
    ("2005", "2005"),
    ("2005年", "2005"),
    ("２００５年", "2005"),
    ("2010-04-12", "2010-04-12"),
    ("2004-22", "2004-22"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("written", "edtf"), WRITTEN_FORMS)
def test_every_language_s_written_forms_are_read_whatever_language_is_active(language, written, edtf):
    with translation.override(language):
        assert parse_written(written).edtf == edtf


partial_dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.tuples(st.integers(1, 9998), st.integers(21, 24)).map(lambda t: f"{t[0]:04d}-{t[1]}"),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
).map(PartialDate.parse)


@given(date=partial_dates, shown_in=st.sampled_from(LANGUAGES), read_in=st.sampled_from(LANGUAGES))
def test_a_date_as_any_language_shows_it_is_read_back_as_the_same_date(date, shown_in, read_in):
    with translation.override(read_in):
        assert parse_written(date.display(shown_in)) == date


@given(date=partial_dates, language=st.sampled_from(LANGUAGES))
def test_the_admin_s_date_field_accepts_what_it_shows(date, language):
    field = PartialDateFormField()
    with translation.override(language):
        shown = field.prepare_value(date.edtf)

        assert shown == date.display()
        assert field.clean(shown) == date.edtf


@pytest.mark.parametrize(
    ("language", "examples"),
    [
        ("en", ["12 April 2010", "May 2001", "Summer 2004", "2005"]),
        ("nb", ["12. april 2010", "mai 2001", "sommeren 2004", "2005"]),
        ("zh-hans", ["2010年4月12日", "2001年5月", "2004年夏", "2005年"]),
    ],
)
@pytest.mark.parametrize("bad", ["in the summer", "31 February 2010", "12/04/2010", "2004-25"])
def test_a_refusal_gives_examples_as_the_editor_s_language_writes_them(language, examples, bad):
    with translation.override(language):
        with pytest.raises(ValidationError) as refusal:
            PartialDateFormField().clean(bad)
        message = " ".join(refusal.value.messages)

        assert bad in message
        for example in examples:
            assert example in message
            parse_written(example)


@pytest.mark.parametrize(
    "bad", ["sommer", "2004年summer", "12 Mayday 2010", "2010年13月", "2010年2月30日", "juni 12 2010 2", "Mai 2001 5"]
)
def test_a_form_that_is_almost_a_date_is_refused_not_guessed(bad):
    with pytest.raises(ValidationError):
        parse_written(bad)


def year_from(today, years):
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


@pytest.mark.django_db
@pytest.mark.parametrize("signed", ["0201", "3010", "1949", "1949-24", "1066-10-14", "9999-23"])
def test_a_signing_date_outside_the_plausible_years_is_refused_with_a_clear_message(signed):
    partnership = PartnershipFactory.build(signed=signed, norwegian_party=None, chinese_party=None)

    with pytest.raises(ValidationError) as refusal:
        partnership.clean_fields(exclude=["norwegian_party", "chinese_party"])

    message = " ".join(refusal.value.message_dict["signed"])
    assert "Check the year for a typo" in message


@pytest.mark.django_db
def test_the_plausible_years_run_from_1950_to_a_year_from_today():
    today = timezone.localdate()
    last = year_from(today, 1)
    accepted = ["1950", "1950-01-01", "1950-21", str(today.year), last.isoformat(), f"{last.year}"]
    refused = ["1949-12-31", (last + datetime.timedelta(days=1)).isoformat(), f"{last.year + 1}"]

    for signed in accepted:
        PartnershipFactory.build(signed=signed).clean_fields(exclude=["norwegian_party", "chinese_party"])
    for signed in refused:
        with pytest.raises(ValidationError):
            PartnershipFactory.build(signed=signed).clean_fields(exclude=["norwegian_party", "chinese_party"])


@pytest.mark.django_db
def test_a_milestone_may_record_an_earlier_first_contact_but_not_one_before_1900():
    MilestoneFactory.build(date="1925-21").clean_fields(exclude=["partnership"])

    with pytest.raises(ValidationError) as refusal:
        MilestoneFactory.build(date="1899").clean_fields(exclude=["partnership"])

    assert "dates here begin in 1900" in " ".join(refusal.value.message_dict["date"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "signed", "words"),
    [
        ("nb", "0201", ["0201", "for tidlig"]),
        ("zh-hans", "0201", ["0201年", "1950"]),
        ("nb", "3010-22", ["sommeren 3010"]),
        ("zh-hans", "3010-22", ["3010年夏"]),
    ],
)
def test_the_refusal_of_an_implausible_date_is_in_the_editor_s_language(language, signed, words):
    with translation.override(language), pytest.raises(ValidationError) as refusal:
        PartnershipFactory.build(signed=signed).clean_fields(exclude=["norwegian_party", "chinese_party"])
    with translation.override(language):
        message = " ".join(refusal.value.message_dict["signed"])

    for word in words:
        assert word in message
    assert "Check the year" not in message
