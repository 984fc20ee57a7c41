"""A calendar people keep: in each language, filtered as the list is, one event a year for each signing
whose day or month or season is known, and a description that says what it leaves out."""

import datetime
import json
import re
from html import unescape
from http import HTTPStatus

import pytest
from django.urls import reverse
from icalendar import Calendar

from .factories import PartnershipFactory

CALENDAR = reverse("directory:anniversaries")


def read(client, query=""):
    response = client.get(f"{CALENDAR}?{query}")
    assert response.status_code == HTTPStatus.OK, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


@pytest.mark.usefixtures("listed_agreements")
def test_the_officer_in_stavanger_gets_rogalands_anniversaries_in_norwegian(client):
    calendar = read(client, "lang=nb&place=rogaland")

    found = events(calendar)
    assert set(found) == {"stavanger-ningbo", "rogaland-guangdong"}
    assert str(calendar["X-WR-CALNAME"]) == "Vennskapsbyer Norge–Kina: jubileer (Rogaland)"
    stavanger = found["stavanger-ningbo"]
    assert str(stavanger["SUMMARY"]) == (
        "Stavanger – Ningbo: årsdag for vennskapsavtale (signert sommeren 2004; dagen er ikke kjent)"
    )
    assert (stavanger.decoded("DTSTART"), stavanger.decoded("DTEND")) == (
        datetime.date(2004, 6, 1),
        datetime.date(2004, 6, 2),
    )
    assert "Kilden oppgir bare sommeren 2004" in str(stavanger["DESCRIPTION"])
    assert str(stavanger["URL"]) == "http://testserver/nb/partnerships/stavanger-ningbo/"
    assert str(found["rogaland-guangdong"]["SUMMARY"]).endswith("(signert 12. april 2010)")


@pytest.mark.usefixtures("listed_agreements")
def test_the_journalist_in_ningbo_gets_zhejiangs_anniversaries_in_chinese(client):
    calendar = read(client, "lang=zh-hans&place=zhejiang")

    found = events(calendar)
    assert set(found) == {"stavanger-ningbo", "sandefjord-jiaxing"}
    assert str(calendar["X-WR-CALNAME"]) == "挪威—中国友好城市：周年纪念（浙江省）"
    assert "签署于2004年夏，具体日期不详" in str(found["stavanger-ningbo"]["SUMMARY"])
    assert "签署于2001年5月，具体日期不详" in str(found["sandefjord-jiaxing"]["SUMMARY"])
    assert found["sandefjord-jiaxing"].decoded("DTSTART") == datetime.date(2001, 5, 1)


@pytest.mark.usefixtures("listed_agreements")
def test_an_english_title_says_what_is_known_of_a_month_or_season(client):
    found = events(read(client))

    assert str(found["sandefjord-jiaxing"]["SUMMARY"]) == (
        "Sandefjord – Jiaxing: anniversary of the friendship agreement (signed in May 2001; the day is not known)"
    )
    assert str(found["stavanger-ningbo"]["SUMMARY"]) == (
        "Stavanger – Ningbo: anniversary of the friendship agreement (signed in summer 2004; the day is not known)"
    )
    assert str(found["oslo-shanghai"]["SUMMARY"]).endswith("(signed 8 November 2001)")


@pytest.mark.usefixtures("listed_agreements")
def test_the_calendar_says_which_agreements_it_leaves_out_and_why(client):
    PartnershipFactory(slug="undated-one", signed="")

    calendar = read(client)

    description = str(calendar["DESCRIPTION"])
    assert calendar["X-WR-CALDESC"].to_ical().decode() == calendar["DESCRIPTION"].to_ical().decode()
    assert "on the first day of the month or season when only that is known" in description
    assert (
        "Left out because only the year of signing is known, so their anniversaries could fall on any day of the "
        "year: Fredrikstad – Zhuzhou (1999), Sør-Trøndelag – Chongqing (2005), Telemark – Hubei (2005)."
    ) in description
    assert re.search(r"Left out because the date of signing is not known: Kommune \d+ – City \d+\.", description)
    assert set(events(calendar)).isdisjoint({"telemark-hubei", "sor-trondelag-chongqing", "fredrikstad-zhuzhou"})


@pytest.mark.usefixtures("listed_agreements")
def test_a_calendar_that_leaves_nothing_out_says_only_what_it_holds(client):
    description = str(read(client, "place=oslo")["DESCRIPTION"])

    assert "Left out" not in description
    assert description.startswith("Each signing of a partnership")


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("topic=schools", {"oslo-shanghai"}),
        ("kind=cooperation-agreement", {"rogaland-guangdong", "bergen-dalian"}),
        ("place=zhejiang&place=oslo", {"stavanger-ningbo", "sandefjord-jiaxing", "oslo-shanghai"}),
        ("q=ningbo", {"stavanger-ningbo"}),
        ("signed_from=2005", {"rogaland-guangdong", "bergen-dalian"}),
    ],
)
def test_the_calendar_takes_the_lists_filters(client, query, slugs):
    assert set(events(read(client, query))) == slugs


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "parameter"),
    [("place=atlantis", "place"), ("topic=nothing", "topic"), ("kind=marriage", "kind"), ("lang=fr", "lang")],
)
def test_a_value_the_calendar_cannot_use_is_refused_as_the_data_twins_refuse_it(client, query, parameter):
    response = client.get(f"{CALENDAR}?{query}")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert parameter in body["errors"]
    assert body["accepted"][parameter]


@pytest.mark.usefixtures("listed_agreements")
def test_the_english_calendar_keeps_its_address_and_accepts_lang_en(client):
    def titles(query):
        return {uid: str(event["SUMMARY"]) for uid, event in events(read(client, query)).items()}

    assert titles("") == titles("lang=en") == titles("lang=EN")
    assert len(titles("")) == 5
    assert str(read(client, "lang=en")["X-WR-CALNAME"]) == "Norway–China friendship cities: anniversaries"


def calendar_links(html):
    return [unescape(href) for href in re.findall(r'href="((?:webcal://[^"]+|/anniversaries\.ics[^"]*))"', html)]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "query"),
    [("", "place=rogaland"), ("/nb", "place=rogaland&lang=nb"), ("/zh-hans", "place=rogaland&lang=zh-hans")],
)
def test_each_place_page_links_its_own_calendar_in_its_language_with_webcal_and_a_how_to(client, prefix, query):
    html = client.get(f"{prefix}/places/rogaland/").text

    calendar = re.search(r'<section aria-labelledby="calendar-heading".*?</section>', html, re.S).group(0)
    assert calendar_links(calendar) == [f"webcal://testserver/anniversaries.ics?{query}", f"/anniversaries.ics?{query}"]
    assert f"<code>http://testserver/anniversaries.ics?{query.replace('&', '&amp;')}</code>" in calendar
    assert "<details" in calendar
    assert f'<link rel="alternate" type="text/calendar" href="/anniversaries.ics?{query.replace("&", "&amp;")}"' in html


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("prefix", "query"), [("", ""), ("/nb", "?lang=nb"), ("/zh-hans", "?lang=zh-hans")])
def test_the_home_page_in_each_language_links_the_calendar_in_that_language(client, prefix, query):
    html = client.get(f"{prefix}/").text

    assert f"webcal://testserver/anniversaries.ics{query}" in calendar_links(html)
    assert f'<link rel="alternate" type="text/calendar" href="/anniversaries.ics{query}"' in html


@pytest.mark.usefixtures("listed_agreements")
def test_a_filtered_list_offers_the_calendar_of_what_it_shows(client):
    html = client.get("/nb/partnerships/?place=zhejiang&kind=friendship-agreement&page=1").text

    assert "webcal://testserver/anniversaries.ics?place=zhejiang&kind=friendship-agreement&lang=nb" in (
        calendar_links(html)
    )
