"""A spreadsheet-ready CSV: the columns people need after the first ones, in the file's language, and a
variant Excel opens by double-click whatever the computer's language."""

import csv
import io
import json
import re
from html import unescape
from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.data import CSV_COLUMN_NOTES, CSV_COLUMNS, CSV_MORE_COLUMNS, PUBLIC_CSV_COLUMNS

from .factories import PartnershipFactory

CSV = reverse("directory:partnership-list-csv")


def download(client, query=""):
    response = client.get(f"{CSV}?{query}")
    assert response.status_code == HTTPStatus.OK, response.content[:300]
    return response, b"".join(response.streaming_content)


def rows(data, encoding="utf-8", delimiter=","):
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(data.decode(encoding)), delimiter=delimiter)}


def test_the_new_columns_come_after_the_first_ones_and_each_is_explained():
    assert PUBLIC_CSV_COLUMNS == CSV_COLUMNS + CSV_MORE_COLUMNS
    assert CSV_COLUMNS[-1] == "updated"
    assert set(CSV_COLUMN_NOTES) == set(PUBLIC_CSV_COLUMNS)


@pytest.mark.usefixtures("listed_agreements")
def test_the_researchers_csv_holds_precision_interval_permalink_regions_native_names_topics_and_sources(client):
    _response, data = download(client)

    stavanger = rows(data)["stavanger-ningbo"]
    assert stavanger["signed"] == "2004-22"
    assert stavanger["signed_display"] == "Summer 2004"
    assert (stavanger["signed_precision"], stavanger["signed_first_day"], stavanger["signed_last_day"]) == (
        "season",
        "2004-06-01",
        "2004-08-31",
    )
    assert stavanger["url"] == "http://testserver/partnerships/stavanger-ningbo/"
    assert (stavanger["norwegian_party_native_name"], stavanger["norwegian_party_region"]) == (
        "Stavanger kommune",
        "Rogaland",
    )
    assert (stavanger["chinese_party_native_name"], stavanger["chinese_party_region"]) == ("宁波市", "Zhejiang")
    assert stavanger["topics"] == "business;culture;oil-and-gas;pollution-control;waste-treatment;water"
    assert stavanger["topic_names"] == "Business; Culture; Oil and gas; Pollution control; Waste treatment; Water"
    assert stavanger["sources"] == (
        "Royal Norwegian Embassy in Beijing: “Friendship Cities and Provinces”, "
        "http://www.norway.cn/News_and_events/Bilateral-cooperation/Friendship-cooperation/friendship/ | "
        "中国宁波网: “宁波与挪威斯塔万格市自2004年建立友好城市关系”, 25 November 2011, "
        "http://news.cnnb.com.cn/system/2011/11/25/007158825.shtml"
    )


@pytest.mark.usefixtures("listed_agreements")
def test_every_date_has_its_precision_and_interval(client):
    _response, data = download(client)

    stated = {
        slug: (row["signed_precision"], row["signed_first_day"], row["signed_last_day"])
        for slug, row in rows(data).items()
    }
    assert stated == {
        "fredrikstad-zhuzhou": ("year", "1999-01-01", "1999-12-31"),
        "sandefjord-jiaxing": ("month", "2001-05-01", "2001-05-31"),
        "oslo-shanghai": ("day", "2001-11-08", "2001-11-08"),
        "stavanger-ningbo": ("season", "2004-06-01", "2004-08-31"),
        "sor-trondelag-chongqing": ("year", "2005-01-01", "2005-12-31"),
        "telemark-hubei": ("year", "2005-01-01", "2005-12-31"),
        "rogaland-guangdong": ("day", "2010-04-12", "2010-04-12"),
        "bergen-dalian": ("day", "2010-05-23", "2010-05-23"),
    }


@pytest.mark.django_db
def test_an_unknown_date_leaves_its_columns_empty(client):
    PartnershipFactory(slug="unknown-date", signed="")

    _response, data = download(client)

    row = rows(data)["unknown-date"]
    assert [row[column] for column in ("signed", "signed_display", "signed_precision", "signed_first_day")] == [""] * 4
    assert row["signed_last_day"] == ""


@pytest.mark.usefixtures("listed_agreements")
def test_the_officer_in_stavanger_downloads_rogaland_in_norwegian(client):
    response, data = download(client, "lang=nb&place=rogaland")

    found = rows(data)
    assert set(found) == {"stavanger-ningbo", "rogaland-guangdong"}
    stavanger = found["stavanger-ningbo"]
    assert stavanger["signed_display"] == "sommeren 2004"
    assert stavanger["url"] == "http://testserver/nb/partnerships/stavanger-ningbo/"
    assert "Olje og gass" in stavanger["topic_names"]
    assert stavanger["title"] == "Stavanger – Ningbo"  # the English columns stay English
    assert stavanger["summary"].startswith("Stavanger and Ningbo signed")  # the English, which an import reads
    assert stavanger["sources"].endswith("25. november 2011, http://news.cnnb.com.cn/system/2011/11/25/007158825.shtml")
    assert response["Content-Disposition"] == 'attachment; filename="partnerships-rogaland-nb.csv"'


@pytest.mark.usefixtures("listed_agreements")
def test_the_journalist_in_ningbo_downloads_zhejiang_in_chinese(client):
    _response, data = download(client, "lang=zh-hans&place=zhejiang")

    stavanger = rows(data)["stavanger-ningbo"]
    assert stavanger["signed_display"] == "2004年夏"
    assert (stavanger["norwegian_party_region"], stavanger["chinese_party_region"]) == ("罗加兰郡", "浙江省")
    assert "石油和天然气" in stavanger["topic_names"]
    assert stavanger["sources"].startswith("Royal Norwegian Embassy in Beijing：《Friendship Cities and Provinces》，")
    assert stavanger["url"] == "http://testserver/zh-hans/partnerships/stavanger-ningbo/"


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("lang", ["", "nb", "zh-hans"])
def test_the_excel_file_is_utf16_with_a_byte_order_mark_and_tabs_holding_the_same_rows(client, lang):
    query = f"lang={lang}&" if lang else ""
    plain_response, plain = download(client, query)
    excel_response, excel = download(client, query + "format=excel")

    assert excel[:2] == b"\xff\xfe"
    assert excel_response["Content-Type"] == "text/csv; charset=utf-16"
    assert excel_response["Content-Disposition"].endswith('-excel.csv"')
    text = excel.decode("utf-16")
    assert text.splitlines()[0] == "\t".join(PUBLIC_CSV_COLUMNS)
    assert rows(excel, "utf-16", "\t") == rows(plain)
    assert plain[:4] == b"slug"  # the plain file has no byte-order mark, for programs
    assert plain_response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.django_db
def test_a_tab_or_a_formula_in_a_cell_is_kept_safe_in_the_excel_file(client):
    PartnershipFactory(slug="tricky", summary="=1+1\tand a tab", signed_at="Bergen, Norway")

    _response, data = download(client, "format=excel")

    row = rows(data, "utf-16", "\t")["tricky"]
    assert row["summary"] == "'=1+1\tand a tab"
    assert row["signed_at"] == "Bergen, Norway"


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("query", "parameter"), [("lang=fr", "lang"), ("format=xlsx", "format"), ("lang=", "lang")])
def test_a_language_or_format_the_csv_cannot_give_is_refused_naming_it(client, query, parameter):
    response = client.get(f"{CSV}?{query}")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = json.loads(response.content)
    assert parameter in body["errors"]
    assert body["accepted"][parameter]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("prefix", "lang"), [("", ""), ("/nb", "&lang=nb"), ("/zh-hans", "&lang=zh-hans")])
def test_the_list_offers_the_csv_in_its_language_and_for_excel(client, prefix, lang):
    html = client.get(f"{prefix}/partnerships/?place=zhejiang").text

    links = [unescape(href) for href in re.findall(r'href="(/partnerships\.csv[^"]*)"', html)]
    assert f"/partnerships.csv?place=zhejiang{lang}" in links
    assert f"/partnerships.csv?place=zhejiang{lang}&format=excel" in links
    assert f'href="{prefix}/data/#columns"' in html


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "heading", "precision_note"),
    [
        ("", "What each column of the CSV holds", "<code>season</code>"),
        ("/nb", "Hva hver kolonne i CSV-filen inneholder", "<code>season</code> (årstid)"),
        ("/zh-hans", "CSV 每一列包含的内容", "<code>season</code>（季节）"),
    ],
)
def test_the_download_page_says_what_each_column_holds_and_names_the_licence(client, prefix, heading, precision_note):
    html = client.get(f"{prefix}/data/").text

    assert heading in html
    for column in PUBLIC_CSV_COLUMNS:
        assert f'<th scope="row"><code>{column.replace("_", "_<wbr>")}</code></th>' in html, column
    assert precision_note in html
    assert 'rel="license">CC BY 4.0</a>' in html
    assert "GeoNames" in html
    for query in ("", "?lang=nb", "?lang=zh-hans"):
        assert f"<code>/anniversaries.ics{query}</code>" in html
