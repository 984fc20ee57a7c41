"""The public's everyday tasks in a real browser, each in the language of the person who tried it:
an officer in Stavanger subscribes to Rogaland's anniversaries, a researcher cites a partnership and
follows its sources, a journalist in Ningbo downloads Zhejiang's partnerships for a spreadsheet."""

import csv
import datetime
import io
import re
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect


def test_the_officer_in_stavanger_subscribes_to_rogalands_anniversaries_in_norwegian(site, page):
    page.goto(site + "/nb/")
    page.get_by_role("link", name="Rogaland", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rogaland")

    subscribe = page.get_by_role("link", name="Abonner på stedets årsdager")
    webcal = subscribe.get_attribute("href")
    assert webcal == site.replace("http://", "webcal://") + "/anniversaries.ics?place=rogaland&lang=nb"
    page.get_by_text("Slik abonnerer du").click()
    address = page.locator(".how-to code")
    expect(address).to_be_visible()
    assert address.inner_text() == "http" + webcal.removeprefix("webcal")

    # What a calendar program reads from that address.
    response = page.request.get(address.inner_text())
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    events = {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
    assert set(events) == {"stavanger-ningbo", "rogaland-guangdong"}
    assert str(calendar["X-WR-CALNAME"]) == "Vennskapsbyer Norge–Kina: jubileer (Rogaland)"
    stavanger = events["stavanger-ningbo"]
    assert "signert sommeren 2004; dagen er ikke kjent" in str(stavanger["SUMMARY"])
    assert stavanger.decoded("DTSTART") == datetime.date(2004, 6, 1)
    assert stavanger.decoded("DTEND") == datetime.date(2004, 6, 2)


def test_a_researcher_follows_a_source_and_copies_a_citation(site, page):
    page.goto(site + "/partnerships/?q=hubei")
    page.get_by_role("link", name="Telemark – Hubei").click()

    sources = page.locator("ol.sources > li")
    expect(sources).to_have_count(4)
    embassy = sources.first.get_by_role("link", name="Friendship Cities and Provinces")
    assert embassy.get_attribute("href").startswith("http://www.norway.cn/")
    expect(sources.nth(3)).to_contain_text("13 September 2006")

    citation = page.locator("p.citation")
    expect(citation).to_contain_text("Norway–China friendship cities. “Telemark – Hubei”. Last changed ")
    expect(citation).to_contain_text(site + "/partnerships/telemark-hubei/")
    page.get_by_text("As BibTeX").click()
    bibtex = page.locator("pre.citation-code")
    expect(bibtex).to_be_visible()
    assert bibtex.inner_text().startswith("@misc{telemark-hubei,")

    licence = page.locator("footer").get_by_role("link", name="CC BY 4.0")
    assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/deed.en"
    assert licence.get_attribute("rel") == "license"


def test_the_journalist_in_ningbo_downloads_zhejiangs_partnerships_in_chinese(site, page):
    page.goto(site + "/zh-hans/places/zhejiang/")
    page.get_by_role("link", name="在列表中筛选和搜索").click()
    expect(page.get_by_role("heading", name="2 个合作关系")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="适用于 Excel 的 CSV").click()
    assert download.value.suggested_filename == "partnerships-zhejiang-zh-hans-excel.csv"
    data = Path(download.value.path()).read_bytes()
    assert data[:2] == b"\xff\xfe"
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-16")), delimiter="\t")}
    assert set(rows) == {"stavanger-ningbo", "sandefjord-jiaxing"}
    assert rows["stavanger-ningbo"]["signed_display"] == "2004年夏"
    assert rows["stavanger-ningbo"]["chinese_party_region"] == "浙江省"

    page.get_by_role("link", name="文件包含哪些内容").click()
    expect(page.get_by_role("heading", name="CSV 每一列包含的内容")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("signed_precision"))).to_contain_text("季节")
