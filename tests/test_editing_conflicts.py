"""Two editors at once: a save over someone else's newer save is refused, says who, when and what, and keeps
the refused editor's input; a CSV row exported before the partnership last changed is refused in the preview."""

import csv
import io
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from directory.models import Contact, Milestone, Partnership, Place, Topic

from .admin_helpers import make_editor, sign_in
from .factories import ContactFactory, MilestoneFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory
from .html_forms import form_data
from .test_import_export import export_csv, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(client):
    """The first editor, whose save comes first."""
    user = make_editor("kari")
    user.first_name, user.last_name = "Kari", "Nordmann"
    user.save()
    sign_in(client, user)
    return client


@pytest.fixture
def li():
    """The second editor, who opened the same page before Kari saved."""
    client = Client()
    sign_in(client, make_editor("li"))
    return client


def change_url(obj):
    return reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])


def open_page(client, obj):
    """The change page's form as the editor's browser holds it."""
    page = client.get(change_url(obj))
    assert page.status_code == HTTPStatus.OK
    return form_data(page.text, f"{obj._meta.model_name}_form")


def save(client, obj, data, **changes):
    return client.post(change_url(obj), {**data, **{name: [value] for name, value in changes.items()}})


EDITS = [
    # (what, first editor's change, second editor's change, the field's label)
    (
        lambda: PartnershipFactory(summary="Old summary."),
        {"summary": "Kari's summary."},
        {"signed_at": "Oslo"},
        "Summary",
    ),
    (
        lambda: NorwegianPlaceFactory(name="Tromso"),
        {"name": "Tromsø"},
        {"history": "A city since 1794."},
        "English name",
    ),
    (lambda: TopicFactory(name="Enrgy"), {"name": "Energy"}, {"name_nb": "Energi"}, "English name"),
    (lambda: ContactFactory(role=""), {"role": "Adviser"}, {"phone": "+47 51 50 70 90"}, "Role"),
]


@pytest.mark.parametrize(("make", "first", "second", "label"), EDITS)
def test_a_save_over_a_newer_save_is_refused_and_says_who_when_and_what(kari, li, make, first, second, label):
    obj = make()
    kari_copy, li_copy = open_page(kari, obj), open_page(li, obj)

    assert save(kari, obj, kari_copy, **first).status_code == HTTPStatus.FOUND
    refused = save(li, obj, li_copy, **second)

    assert refused.status_code == HTTPStatus.OK
    [message] = refused.context["adminform"].form.non_field_errors()
    assert "Someone else saved this" in message
    assert "Kari Nordmann (kari)" in message
    assert f"Changed {label}." in message
    assert f"Fields that now differ from your copy: {label}." in message
    assert Version.objects.get_for_object(obj).first().revision.date_created.strftime("%Y") in message
    obj.refresh_from_db()
    for name, value in first.items():
        assert getattr(obj, name) == value
    for name, value in second.items():
        assert getattr(obj, name) != value
        assert value in refused.text  # Li's input is kept in the form


def test_saving_the_refused_form_again_applies_the_input_knowingly(kari, li):
    partnership = PartnershipFactory(summary="Old summary.", signed_at="")
    kari_copy, li_copy = open_page(kari, partnership), open_page(li, partnership)
    save(kari, partnership, kari_copy, summary="Kari's summary.")
    refused = save(li, partnership, li_copy, signed_at="Oslo", summary="Li's summary.")
    assert refused.status_code == HTTPStatus.OK

    again = li.post(change_url(partnership), form_data(refused.text, "partnership_form"))

    assert again.status_code == HTTPStatus.FOUND
    partnership.refresh_from_db()
    assert (partnership.signed_at, partnership.summary) == ("Oslo", "Li's summary.")


def test_the_refusal_is_in_the_refused_editor_s_language(kari, li):
    partnership = PartnershipFactory(summary="Old summary.")
    li.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    kari_copy, li_copy = open_page(kari, partnership), open_page(li, partnership)
    save(kari, partnership, kari_copy, summary="Kari's summary.")

    refused = save(li, partnership, li_copy, signed_at="奥斯陆")

    [message] = refused.context["adminform"].form.non_field_errors()
    assert "Kari Nordmann (kari)" in message
    assert "简介" in message
    assert "Someone else" not in message


def test_a_milestone_changed_elsewhere_since_the_page_was_opened_is_not_saved_over(li):
    partnership = PartnershipFactory()
    milestone = MilestoneFactory(partnership=partnership, date="1995", text="First contact.")
    li_copy = open_page(li, partnership)
    milestone.text = "First contact, by letter."
    milestone.save()  # a shell, which keeps no history

    refused = save(li, partnership, li_copy, **{"milestones-0-text": "First contact, by a visit."})

    assert refused.status_code == HTTPStatus.OK
    [errors] = [inline.formset.forms[0].non_field_errors() for inline in refused.context["inline_admin_formsets"][:1]]
    assert "Someone else saved this milestone" in errors[0]
    assert "command or script" in errors[0]
    assert Milestone.objects.get().text == "First contact, by letter."


def test_a_contact_changed_in_its_own_page_is_not_saved_over_from_the_partnership_page(kari, li):
    contact = ContactFactory(role="")
    li_copy = open_page(li, contact.partnership)
    save(kari, contact, open_page(kari, contact), role="Adviser")

    refused = save(li, contact.partnership, li_copy, **{"contacts-0-role": "Mayor"})

    assert refused.status_code == HTTPStatus.OK
    assert "Kari Nordmann (kari)" in refused.text
    assert Contact.objects.get().role == "Adviser"


def test_a_save_that_does_not_say_which_version_it_changes_is_refused(li):
    topic = TopicFactory(name="Energy")
    data = open_page(li, topic)
    del data["opened_version"]

    refused = save(li, topic, data, name="Enrgy")

    assert refused.status_code == HTTPStatus.OK
    assert "did not say which version" in refused.text
    assert Topic.objects.get().name == "Energy"


def test_an_old_version_restored_over_a_newer_save_is_refused(kari, li):
    partnership = PartnershipFactory(summary="First summary.")
    save(kari, partnership, open_page(kari, partnership), summary="Second summary.")
    first = Version.objects.get_for_object(partnership).last()
    revision_url = reverse("admin:directory_partnership_revision", args=[partnership.pk, first.pk])
    li_restore = form_data(li.get(revision_url).text, "partnership_form")
    save(kari, partnership, open_page(kari, partnership), summary="Third summary.")

    refused = li.post(revision_url, li_restore)

    assert refused.status_code == HTTPStatus.OK
    assert "Kari Nordmann (kari)" in refused.text
    assert Partnership.objects.get().summary == "Third summary."
    again = li.post(revision_url, form_data(refused.text, "partnership_form"))
    assert again.status_code == HTTPStatus.FOUND
    assert Partnership.objects.get().summary == "First summary."


def test_nothing_is_refused_when_nobody_else_saved(li):
    place = NorwegianPlaceFactory(name="Bergen")
    data = open_page(li, place)

    assert save(li, place, data, name="Bergen").status_code == HTTPStatus.FOUND
    assert save(li, place, open_page(li, place), history="Hanseatic.").status_code == HTTPStatus.FOUND
    assert Place.objects.get().history == "Hanseatic."


# The CSV import


def rows_of(exported):
    return list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))


def as_file(rows):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("partnerships.csv", text.getvalue().encode(), content_type="text/csv")


def test_an_import_row_for_a_partnership_changed_since_the_export_is_refused_in_the_preview(kari, li):
    changed, untouched = PartnershipFactory(summary="Old summary."), PartnershipFactory(summary="Kept.")
    rows = rows_of(export_csv(li))
    save(kari, changed, open_page(kari, changed), summary="Kari's summary.")
    for row in rows:
        row["summary"] = f"{row['summary']} Li was here."

    response = preview(li, as_file(rows))

    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.values[0] == changed.slug
    [message] = invalid.field_specific_errors["updated"]
    assert "after the file was exported" in message
    assert "Kari Nordmann (kari)" in message
    assert "Changed Summary." in message
    assert "Changed by someone else since the file was exported" in response.text
    assert "Fine: would be changed" in response.text  # the untouched partnership's row
    assert Partnership.objects.get(pk=changed.pk).summary == "Kari's summary."
    assert Partnership.objects.get(pk=untouched.pk).summary == "Kept."


def test_a_row_that_would_change_nothing_is_not_a_conflict(kari, li):
    partnership = PartnershipFactory(summary="Old summary.", source_note="")
    rows = rows_of(export_csv(li))
    save(kari, partnership, open_page(kari, partnership), source_note="Not in the CSV.")

    response = preview(li, as_file(rows))

    result = response.context["result"]
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]


def test_a_row_exported_after_the_last_change_imports(li):
    partnership = PartnershipFactory(summary="Old summary.")
    rows = rows_of(export_csv(li))
    rows[0]["summary"] = "New summary."

    response = preview(li, as_file(rows))

    assert not response.context["result"].has_validation_errors()
    assert [row.import_type for row in response.context["result"].rows] == ["update"]
    partnership.refresh_from_db()
    assert partnership.summary == "Old summary."


@pytest.mark.parametrize("updated", ["yesterday", "31.01.2025 10:22", "2025-13-45T10:00:00"])
def test_an_updated_column_that_is_not_a_time_is_refused_with_what_to_write(li, updated):
    PartnershipFactory(summary="Old summary.")
    rows = rows_of(export_csv(li))
    rows[0].update(summary="New summary.", updated=updated)

    response = preview(li, as_file(rows))

    [invalid] = response.context["result"].invalid_rows
    assert "is not a time as the export writes it" in invalid.field_specific_errors["updated"][0]


def test_a_spreadsheet_that_kept_whole_seconds_is_not_a_conflict(li):
    PartnershipFactory(summary="Old summary.")
    rows = rows_of(export_csv(li))
    rows[0].update(summary="New summary.", updated=rows[0]["updated"].split(".")[0] + "+00:00")

    response = preview(li, as_file(rows))

    assert not response.context["result"].has_validation_errors()


def test_every_write_raises_the_version_and_a_restore_never_brings_an_old_number_back(kari):
    topic = TopicFactory(name="Energy", slug="energy")
    assert topic.version == 1
    topic.name_nb = "Energi"
    topic.save(update_fields=["name_nb"])
    assert Topic.objects.get().version == 2
    save(kari, topic, open_page(kari, topic), name="Enrgy")
    assert Topic.objects.get().version == 3

    Version.objects.get_for_object(topic).last().revert()

    restored = Topic.objects.get()
    assert (restored.name, restored.version) == ("Energy", 4)
