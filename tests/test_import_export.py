"""CSV import and export in the admin: the public CSV's columns, a preview of every row, all rows or none."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from directory.models import Partnership
from directory.resources import CSV_COLUMNS, PartnershipResource

from .admin_helpers import make_editor, sign_in
from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:directory_partnership_import"


@pytest.fixture
def editor_client(client):
    sign_in(client, make_editor())
    return client


@pytest.fixture
def places():
    NorwegianPlaceFactory(name="Stavanger", slug="stavanger")
    NorwegianPlaceFactory(name="Bergen", slug="bergen")
    ChinesePlaceFactory(name="Ningbo", slug="ningbo")
    ChinesePlaceFactory(name="Qingdao", slug="qingdao")
    TopicFactory(name="Energy", slug="energy")
    TopicFactory(name="Schools", slug="schools")


def csv_file(rows, name="partnerships.csv"):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in CSV_COLUMNS})
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def preview(client, upload):
    return client.post(reverse(IMPORT_URL), {"resource": "0", "format": "0", "import_file": upload})


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(reverse("admin:directory_partnership_process_import"), form.initial, follow=True)


GOOD_ROWS = [
    {
        "norwegian_party": "stavanger",
        "chinese_party": "ningbo",
        "kind": "friendship-agreement",
        "signed": "2004-22",
        "topics": "energy;schools",
        "summary": "Cooperation on energy and schools.",
    },
    {
        "slug": "bergen-qingdao",
        "norwegian_party": "bergen",
        "chinese_party": "qingdao",
        "kind": "cooperation-agreement",
        "signed": "May 2001",
    },
]


def test_the_columns_are_those_of_the_public_csv():
    assert CSV_COLUMNS == [
        "slug",
        "title",
        "kind",
        "signed",
        "signed_display",
        "signed_at",
        "norwegian_party",
        "norwegian_party_name",
        "chinese_party",
        "chinese_party_name",
        "topics",
        "summary",
        "updated",
    ]
    assert PartnershipResource().get_export_headers() == CSV_COLUMNS


def test_a_good_file_is_previewed_row_by_row_and_saved_only_on_confirmation(editor_client, places):
    response = preview(editor_client, csv_file(GOOD_ROWS))

    assert response.status_code == HTTPStatus.OK
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert not Partnership.objects.exists()
    assert response.context["confirm_form"] is not None

    confirm(editor_client, response)

    stavanger_ningbo = Partnership.objects.get(slug="stavanger-ningbo")
    assert stavanger_ningbo.signed == "2004-22"
    assert sorted(t.slug for t in stavanger_ningbo.topics.all()) == ["energy", "schools"]
    assert Partnership.objects.get(slug="bergen-qingdao").signed == "2001-05"


def test_imported_new_partnerships_start_as_drafts(editor_client, places):
    confirm(editor_client, preview(editor_client, csv_file(GOOD_ROWS)))

    assert set(Partnership.objects.values_list("status", flat=True)) == {Partnership.Status.DRAFT}


def test_an_import_keeps_the_status_of_existing_partnerships(editor_client, places):
    published = PartnershipFactory(slug="stavanger-ningbo", status=Partnership.Status.PUBLISHED, summary="Old.")
    row = {
        "slug": published.slug,
        "norwegian_party": published.norwegian_party.slug,
        "chinese_party": published.chinese_party.slug,
        "kind": published.kind,
        "signed": published.signed,
        "summary": "New.",
    }

    confirm(editor_client, preview(editor_client, csv_file([row])))

    published.refresh_from_db()
    assert published.summary == "New."
    assert published.status == Partnership.Status.PUBLISHED


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ({"norwegian_party": "atlantis", "chinese_party": "qingdao", "kind": "friendship-agreement"}, "atlantis"),
        (
            {"norwegian_party": "bergen", "chinese_party": "qingdao", "kind": "friendship-agreement", "signed": "soon"},
            "“soon” is not a date this directory understands",
        ),
        (
            {"norwegian_party": "stavanger", "chinese_party": "ningbo", "kind": "friendship-agreement"},
            "These two places already have a partnership",
        ),
        ({"norwegian_party": "bergen", "chinese_party": "qingdao", "kind": "alliance"}, "“alliance” is not a kind"),
        (
            {"norwegian_party": "bergen", "chinese_party": "qingdao", "kind": "friendship-agreement", "topics": "tea"},
            "Unknown topics: tea",
        ),
    ],
)
def test_a_file_with_one_bad_row_saves_nothing_and_the_preview_says_why(editor_client, places, bad_row, message):
    good_row = {**GOOD_ROWS[0]}
    response = preview(editor_client, csv_file([good_row, bad_row]))

    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Partnership.objects.exists()


def test_a_duplicate_pair_within_one_file_is_refused(editor_client, places):
    response = preview(editor_client, csv_file([GOOD_ROWS[0], {**GOOD_ROWS[0], "summary": "Again."}]))

    assert "These two places already have a partnership" in response.text
    assert not Partnership.objects.exists()


def test_a_file_without_the_columns_is_refused_with_a_message(editor_client):
    upload = SimpleUploadedFile("notes.csv", b"name,notes\nStavanger,hello\n", content_type="text/csv")

    response = preview(editor_client, upload)

    assert response.status_code == HTTPStatus.OK
    assert not Partnership.objects.exists()
    assert "slug" in response.text


def export_csv(client):
    data = {"resource": "0", "format": "0", **{f"partnershipresource_{column}": "on" for column in CSV_COLUMNS}}
    response = client.post(reverse("admin:directory_partnership_export"), data)
    assert response.status_code == HTTPStatus.OK
    return response.content


def test_an_export_has_the_public_columns_and_dates_as_written(editor_client):
    partnership = PartnershipFactory(signed="2004-22")
    partnership.topics.add(TopicFactory(slug="energy"), TopicFactory(slug="schools"))

    rows = list(csv.DictReader(io.StringIO(export_csv(editor_client).decode("utf-8-sig"))))

    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0]["signed"] == "2004-22"
    assert rows[0]["signed_display"] == "Summer 2004"
    assert rows[0]["topics"] == "energy;schools"
    assert rows[0]["norwegian_party"] == partnership.norwegian_party.slug


def test_an_export_from_the_admin_re_imports_cleanly(editor_client):
    first = PartnershipFactory(signed="2004-22", status=Partnership.Status.PUBLISHED)
    first.topics.add(TopicFactory(slug="energy"))
    PartnershipFactory(signed="", status=Partnership.Status.DRAFT, summary="")
    before = list(Partnership.objects.order_by("pk").values("slug", "signed", "status", "summary", "kind"))
    exported = export_csv(editor_client)

    response = preview(editor_client, SimpleUploadedFile("export.csv", exported, content_type="text/csv"))

    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip", "skip"]
    confirm(editor_client, response)
    assert list(Partnership.objects.order_by("pk").values("slug", "signed", "status", "summary", "kind")) == before


def test_an_import_is_recorded_in_the_history_as_the_editor(client, places):
    editor = make_editor()
    sign_in(client, editor)

    confirm(client, preview(client, csv_file(GOOD_ROWS)))

    version = Version.objects.get_for_object(Partnership.objects.get(slug="stavanger-ningbo")).get()
    assert version.revision.user == editor
    assert "Imported" in version.revision.comment


def test_only_editors_with_add_permission_may_import(client):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_partnership"))
    sign_in(client, viewer)

    assert client.get(reverse(IMPORT_URL)).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.usefixtures("listed_agreements")
def test_a_csv_downloaded_from_the_site_imports_again_without_changes(editor_client):
    # A summary a spreadsheet would run as a formula: the site writes it with a leading apostrophe.
    Partnership.objects.filter(slug="bergen-dalian").update(summary="=1+1 is not a formula here.")
    Partnership.objects.get(slug="bergen-dalian").save()
    before = list(Partnership.objects.order_by("slug").values("slug", "signed", "status", "summary", "kind", "updated"))
    downloaded = b"".join(editor_client.get(reverse("directory:partnership-list-csv")).streaming_content)
    assert b"'=1+1 is not a formula here." in downloaded

    response = preview(editor_client, SimpleUploadedFile("partnerships.csv", downloaded, content_type="text/csv"))

    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"] * 8
    confirm(editor_client, response)
    after = list(Partnership.objects.order_by("slug").values("slug", "signed", "status", "summary", "kind", "updated"))
    assert after == before


@pytest.mark.usefixtures("listed_agreements")
def test_the_public_csv_with_its_later_columns_imports_back_unchanged(editor_client, client):
    public = b"".join(client.get(reverse("directory:partnership-list-csv") + "?lang=nb").streaming_content)
    assert b"signed_precision" in public

    response = preview(editor_client, SimpleUploadedFile("partnerships.csv", public, content_type="text/csv"))

    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"] * 8
