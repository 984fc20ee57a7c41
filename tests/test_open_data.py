"""The data twins: /partnerships.json and /partnerships.csv show what the list shows, and nothing private."""

import csv
import datetime
import gc
import io
import tracemalloc
from http import HTTPStatus

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.data import CSV_COLUMNS, PUBLIC_CSV_COLUMNS, csv_cell, csv_cell_value
from directory.models import Partnership, Place
from directory.views.data import PartnershipListCSVView

from .factories import ChinesePlaceFactory, ContactFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

LIST = reverse("directory:partnership-list")
JSON = reverse("directory:partnership-list-json")
CSV = reverse("directory:partnership-list-csv")


def html_slugs(client, query):
    """Every partnership of the list page for this query, page after page."""
    slugs, number = [], 1
    while True:
        response = client.get(f"{LIST}?{query}&page={number}")
        assert response.status_code == HTTPStatus.OK
        page = response.context["page_obj"]
        slugs += [partnership.slug for partnership in page]
        if not page.has_next():
            return slugs
        number += 1


def json_slugs(client, query, page_size=500):
    """Every partnership of the JSON twin for this query, following its `next` links."""
    slugs, url = [], f"{JSON}?{query}&page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        data = response.json()
        slugs += [partnership["slug"] for partnership in data["results"]]
        url = data["next"]
    assert len(slugs) == data["count"]
    return slugs


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def csv_slugs(client, query):
    response = client.get(f"{CSV}?{query}")
    assert response.status_code == HTTPStatus.OK
    return [row["slug"] for row in csv_rows(response)]


# Filter combinations over the eight listed agreements, with the slugs the list shows for each.
FILTER_COMBINATIONS = [
    ("", 8),
    ("sort=signed", 8),
    ("sort=-signed", 8),
    ("sort=name", 8),
    ("place=zhejiang", 2),
    ("place=zhejiang&place=oslo", 3),
    ("place=rogaland&sort=name", 2),
    ("topic=environment", 5),
    ("topic=energy&topic=schools", 6),
    ("kind=friendship-agreement", 3),
    ("kind=friendship-agreement&kind=twin-town-agreement&sort=-signed", 4),
    ("signed_from=2005", 4),
    ("signed_to=2001", 3),
    ("signed_from=2001&signed_to=2005&sort=-signed", 5),
    ("q=ningbo", 1),
    ("q=宁波", 1),
    ("q=energy&sort=name", 4),
    ("q=agreement&place=zhejiang&topic=education&kind=friendship-agreement&signed_from=2000&signed_to=2010", 1),
    ("q=nothing-matches-this", 0),
]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("query", "count"), FILTER_COMBINATIONS)
def test_json_and_csv_give_the_partnerships_of_the_list_in_its_order(client, query, count):
    shown = html_slugs(client, query)

    assert len(shown) == count
    assert json_slugs(client, query) == shown
    assert csv_slugs(client, query) == shown


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "sort=-signed", "sort=name", "signed_from=2003&sort=-signed"])
def test_the_twins_agree_with_the_list_over_many_pages_and_equal_dates(client, query):
    dates = ["2010-04-12", "2001-05", "2004-22", "2005", "", "2003-24", "2010-04"]
    for number in range(70):
        PartnershipFactory(signed=dates[number % len(dates)])
    PartnershipFactory(status=Partnership.Status.DRAFT, signed="2004")

    shown = html_slugs(client, query)

    assert len(shown) == len(set(shown)) > 25
    assert json_slugs(client, query, page_size=20) == shown
    assert csv_slugs(client, query) == shown


@pytest.mark.usefixtures("listed_agreements")
def test_the_csv_has_designs_columns_and_flattens_a_partnership(client):
    response = client.get(CSV)
    text = b"".join(response.streaming_content).decode()
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.splitlines()[0] == ",".join(PUBLIC_CSV_COLUMNS)
    assert PUBLIC_CSV_COLUMNS[: len(CSV_COLUMNS)] == CSV_COLUMNS  # the first columns keep their order
    assert len(rows) == 8
    stavanger = rows["stavanger-ningbo"]
    assert stavanger["title"] == "Stavanger – Ningbo"
    assert (stavanger["signed"], stavanger["signed_display"]) == ("2004-22", "Summer 2004")
    assert (stavanger["norwegian_party"], stavanger["norwegian_party_name"]) == ("stavanger", "Stavanger")
    assert (stavanger["chinese_party"], stavanger["chinese_party_name"]) == ("ningbo", "Ningbo")
    oslo = rows["oslo-shanghai"]
    assert oslo["topics"] == "culture;environment;schools"
    assert oslo["signed_at"] == "Shanghai"
    assert oslo["kind"] == "friendship-agreement"


@pytest.mark.usefixtures("listed_agreements")
def test_json_and_csv_state_each_partnership_alike(client):
    json_rows = {p["slug"]: p for p in client.get(f"{JSON}?page_size=500").json()["results"]}
    csv_by_slug = {row["slug"]: row for row in csv_rows(client.get(CSV))}

    assert set(json_rows) == set(csv_by_slug)
    for slug, data in json_rows.items():
        row = csv_by_slug[slug]
        assert row["signed"] == (data["signed"]["edtf"] or "")
        assert row["signed_display"] == (data["signed"]["display"] or "")
        assert [slug for slug in row["topics"].split(";") if slug] == data["topics"]
        assert row["summary"] == data["summary"]
        assert row["updated"] == data["updated"]


@pytest.mark.parametrize(
    ("query", "file_name"),
    [
        ("", "partnerships.csv"),
        ("place=zhejiang&signed_from=2001&signed_to=2010", "partnerships-zhejiang-2001-2010.csv"),
        ("topic=energy&kind=letter-of-intent&signed_from=2005", "partnerships-energy-letter-of-intent-from-2005.csv"),
        ("q=Oil and gas&signed_to=2004&page=3", "partnerships-oil-and-gas-to-2004.csv"),
    ],
)
@pytest.mark.usefixtures("listed_agreements")
def test_the_csv_downloads_under_a_name_that_says_its_filters(client, query, file_name):
    response = client.get(f"{CSV}?{query}")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'


@pytest.mark.django_db
def test_the_csv_streams_many_rows_reading_the_database_chunk_by_chunk(client, monkeypatch):
    monkeypatch.setattr(PartnershipListCSVView, "chunk_size", 50)
    topic = TopicFactory()
    for _ in range(300):
        PartnershipFactory().topics.add(topic)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CSV)
        pieces = iter(response.streaming_content)
        first = next(pieces)
        queries_for_the_first_piece = len(queries)
        rest = b"".join(pieces)

    assert isinstance(response, StreamingHttpResponse)
    assert response.status_code == HTTPStatus.OK
    lines = (first + rest).decode().splitlines()
    assert len(lines) == 1 + 300
    assert first.decode().count("\r\n") == 1 + 50
    assert queries_for_the_first_piece < len(queries)


@pytest.mark.django_db
def test_the_csv_makes_the_same_number_of_queries_for_10_and_400_rows(client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CSV)
            rows = csv_rows(response)
        return len(queries), len(rows)

    topic = TopicFactory()
    for _ in range(10):
        PartnershipFactory().topics.add(topic)
    with_ten, rows = count_queries()
    assert rows == 10

    for _ in range(390):
        PartnershipFactory().topics.add(topic)

    assert count_queries() == (with_ten, 400)


@pytest.mark.django_db
def test_the_csv_escapes_cells_a_spreadsheet_would_run_as_formulas(client):
    PartnershipFactory(
        norwegian_party=NorwegianPlaceFactory(name="=HYPERLINK(1)", slug="hyperlink"),
        chinese_party=ChinesePlaceFactory(name="@SUM(A1)", slug="sum"),
        signed_at="+47 51 50 70 90",
        summary="-2+3 is what it says.",
    )
    PartnershipFactory(signed_at="\tTabbed", summary="\rReturned")
    PartnershipFactory(signed_at="'quoted", summary="A plain summary - with a dash inside.")

    rows = csv_rows(client.get(CSV))

    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    by_signed_at = {row["signed_at"]: row for row in rows}
    formula = by_signed_at["'+47 51 50 70 90"]
    assert formula["norwegian_party_name"] == "'=HYPERLINK(1)"
    assert formula["chinese_party_name"] == "'@SUM(A1)"
    assert formula["title"] == "'=HYPERLINK(1) – @SUM(A1)"
    assert formula["summary"] == "'-2+3 is what it says."
    assert by_signed_at["'\tTabbed"]["summary"] == "'\rReturned"
    assert by_signed_at["''quoted"]["summary"] == "A plain summary - with a dash inside."
    assert {csv_cell_value(row["signed_at"]) for row in rows} == {"+47 51 50 70 90", "\tTabbed", "'quoted"}


@settings(deadline=None)  # a busy test machine must not fail a pure function on time
@given(st.text())
def test_an_escaped_cell_reads_back_as_its_text_and_never_starts_a_formula(text):
    cell = csv_cell(text)

    assert csv_cell_value(cell) == text
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "parameter", "accepted"),
    [
        ("signed_from=abc", "signed_from", "year"),
        ("signed_to=1e9", "signed_to", "year"),
        ("place=atlantis", "place", "place slug"),
        ("topic=nothing", "topic", "topic slug"),
        ("kind=marriage", "kind", "twin-town-agreement"),
        ("sort=sideways", "sort", "-signed"),
        ("q=" + "x" * 5000, "q", "200 characters"),
    ],
)
@pytest.mark.parametrize("twin", [JSON, CSV])
def test_a_malformed_parameter_answers_400_naming_it_and_what_it_accepts(client, twin, query, parameter, accepted):
    response = client.get(f"{twin}?{query}&kind=friendship-agreement")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert accepted in body["accepted"][parameter]


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("query", "parameter"), [("page=abc", "page"), ("page_size=0", "page_size")])
def test_the_json_says_what_page_and_page_size_accept(client, query, parameter):
    response = client.get(f"{JSON}?{query}")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "whole number" in response.json()["accepted"][parameter]


@pytest.mark.usefixtures("listed_agreements")
def test_the_csv_holds_every_row_whatever_page_is_asked(client):
    assert len(csv_slugs(client, "page=2&page_size=3")) == 8


@pytest.mark.django_db
def test_drafts_and_private_contacts_never_reach_the_data_twins(client):
    shown = PartnershipFactory(slug="shown-3b9a", summary="visible-3b9a")
    ContactFactory(partnership=shown, name="public-8a4c", notes="staff-note-5e2d")
    ContactFactory(partnership=shown, name="private-5e2d", email="private-5e2d@example.no", is_public=False)
    draft = PartnershipFactory(slug="draft-7c1f", summary="secret-7c1f", status=Partnership.Status.DRAFT)
    ContactFactory(partnership=draft, name="draft-contact-7c1f")

    bodies = {
        "json": client.get(JSON).text,
        "json one": client.get(reverse("directory:partnership-detail-json", args=[shown.slug])).text,
        "csv": b"".join(client.get(CSV).streaming_content).decode(),
        "csv by place": b"".join(client.get(f"{CSV}?place={draft.norwegian_party.slug}").streaming_content).decode(),
    }

    assert "visible-3b9a" in bodies["json"]
    assert "public-8a4c" in bodies["json"]
    assert "visible-3b9a" in bodies["csv"]
    assert "visible-3b9a" not in bodies["csv by place"]
    for name, body in bodies.items():
        assert "7c1f" not in body, name
        assert "5e2d" not in body, name


@pytest.mark.django_db
def test_the_csv_holds_one_chunk_in_memory_however_many_rows_it_streams(client, monkeypatch):
    monkeypatch.setattr(PartnershipListCSVView, "chunk_size", 100)
    norwegian = Place.objects.bulk_create(NorwegianPlaceFactory.build_batch(60))
    chinese = Place.objects.bulk_create(ChinesePlaceFactory.build_batch(50))
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            norwegian_party=no,
            chinese_party=cn,
            slug=f"{no.slug}-{cn.slug}",
            signed="2010-04",
            signed_earliest=datetime.date(2010, 4, 1),
            signed_latest=datetime.date(2010, 4, 30),
            summary="An agreement on cooperation.",
            status=Partnership.Status.PUBLISHED,
        )
        for no in norwegian
        for cn in chinese
    )
    topic = TopicFactory()
    Partnership.topics.through.objects.bulk_create(
        Partnership.topics.through(partnership=partnership, topic=topic) for partnership in partnerships
    )

    # With the garbage collector off, what a chunk leaves behind in reference cycles would show.
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        response = client.get(CSV)
        for number, _piece in enumerate(response.streaming_content):
            if number == 5:
                after_five_chunks = tracemalloc.get_traced_memory()[0]
        at_the_end = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        gc.enable()

    assert number == 3000 // 100
    assert at_the_end - after_five_chunks < 256 * 1024
