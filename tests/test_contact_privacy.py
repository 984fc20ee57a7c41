"""Why each contact is held, when to check it again, and access requests: everything held about a person."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from directory.models import Contact, Partnership, review_date

from .admin_helpers import form_data_from, make_editor, make_superuser, sign_in
from .factories import ContactFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

CONTACTS = reverse("admin:directory_contact_changelist")
BY_EMAIL = reverse("admin:directory_contact_personal_data_by_email")


def contact_form(partnership, **fields):
    return {
        "partnership": partnership.pk,
        "side": "norwegian",
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "lawful_basis": "public-role",
        **fields,
    }


# Why each contact is held


def test_a_contact_is_due_for_review_two_years_after_its_last_check_unless_another_day_is_chosen(admin_client):
    partnership = PartnershipFactory()
    add = reverse("admin:directory_contact_add")

    admin_client.post(add, contact_form(partnership, name="Checked", last_checked="2025-03-01", review_by=""))
    admin_client.post(add, contact_form(partnership, name="Chosen", last_checked="2025-03-01", review_by="2025-09-01"))

    assert Contact.objects.get(name="Checked").review_by == datetime.date(2027, 3, 1)
    assert Contact.objects.get(name="Chosen").review_by == datetime.date(2025, 9, 1)
    assert ContactFactory().review_by == review_date(timezone.localdate())
    assert review_date(datetime.date(2024, 2, 29)) == datetime.date(2026, 2, 28)


def test_consent_needs_the_day_and_how_and_nothing_is_saved_without_them(admin_client):
    partnership = PartnershipFactory()

    response = admin_client.post(
        reverse("admin:directory_contact_add"), contact_form(partnership, lawful_basis="consent")
    )

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert "Give the day the person consented." in errors["consent_given"]
    assert "Say how the person consented" in errors["consent_how"][0]
    assert not Contact.objects.exists()


def test_a_contact_without_a_reason_to_hold_it_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:directory_contact_add"), contact_form(PartnershipFactory(), lawful_basis="")
    )

    assert "lawful_basis" in response.context["adminform"].form.errors
    assert not Contact.objects.exists()


def test_a_contact_with_consent_is_saved_with_its_dates(admin_client):
    partnership = PartnershipFactory()
    data = contact_form(partnership, lawful_basis="consent", consent_given="2025-03-01", consent_how="By email")

    response = admin_client.post(reverse("admin:directory_contact_add"), data)

    assert response.status_code == HTTPStatus.FOUND
    contact = Contact.objects.get()
    assert contact.last_checked == timezone.localdate()
    assert contact.review_by == review_date(timezone.localdate())


def test_the_review_list_shows_the_contacts_due_and_checking_one_takes_it_off(admin_client):
    today = timezone.localdate()
    due = ContactFactory(name="Due Person", review_by=today - datetime.timedelta(days=1))
    from_before = ContactFactory(name="Kept From Before", lawful_basis="")
    Contact.objects.filter(pk=from_before.pk).update(review_by=today)
    ContactFactory(name="Fresh Person")

    listed = admin_client.get(CONTACTS, {"review": "due"})
    admin_client.post(CONTACTS, {"action": "mark_checked", "_selected_action": [due.pk]})
    after = admin_client.get(CONTACTS, {"review": "due"})

    assert [c.name for c in listed.context["cl"].result_list] == ["Due Person", "Kept From Before"]
    due.refresh_from_db()
    assert (due.last_checked, due.review_by) == (today, review_date(today))
    assert [c.name for c in after.context["cl"].result_list] == ["Kept From Before"]
    assert "1 contact marked as checked; the next review is in two years." in after.text


def test_the_reason_to_hold_it_does_not_put_a_contact_on_a_public_page(client, listed_agreements):
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    ContactFactory(
        partnership=partnership,
        name="Consented Private",
        is_public=False,
        lawful_basis="consent",
        consent_given=datetime.date(2025, 1, 1),
        consent_how="By email",
    )
    ContactFactory(partnership=partnership, name="Listed Office", is_public=True, lawful_basis="public-role")

    page = client.get(partnership.get_absolute_url()).text

    assert "Listed Office" in page
    assert "Consented Private" not in page


# Access requests


@pytest.fixture
def editor_who_answers_requests(client):
    editor = make_editor()
    editor.user_permissions.add(Permission.objects.get(codename="download_personal_data"))
    sign_in(client, editor)
    return client


def test_a_contacts_page_downloads_everything_held_about_it(editor_who_answers_requests, listed_agreements):
    client = editor_who_answers_requests
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    contact = ContactFactory(partnership=partnership, name="Kari Nordmann", notes="Met in 2024.", is_public=True)
    url = reverse("admin:directory_contact_change", args=[contact.pk])
    for role in ("Adviser", "Senior adviser"):
        client.post(url, {**form_data_from(client.get(url)), "role": role})

    page = client.get(url)
    response = client.get(reverse("admin:directory_contact_personal_data", args=[contact.pk]))

    assert "Download personal data (JSON)" in page.text
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="personal-data-contact-' in response["Content-Disposition"]
    data = json.loads(response.content)
    record = data["contacts"][0]
    assert record["contact"]["name"] == "Kari Nordmann"
    assert record["contact"]["notes"] == "Met in 2024."
    assert record["contact"]["lawful_basis"] == "public-role"
    assert record["partnership"]["slug"] == "stavanger-ningbo"
    assert [entry["data"].get("role") for entry in record["history"]][-2:] == ["Adviser", "Senior adviser"]
    assert all(entry["by"] == "editor" for entry in record["admin_log"])
    assert [url.split("testserver")[1] for url in record["shown_publicly_at"]][:3] == [
        "/partnerships/stavanger-ningbo/",
        "/nb/partnerships/stavanger-ningbo/",
        "/zh-hans/partnerships/stavanger-ningbo/",
    ]
    assert data["generated_by"] == "editor"


def test_a_private_contact_is_shown_nowhere(editor_who_answers_requests):
    contact = ContactFactory(is_public=False)

    response = editor_who_answers_requests.get(reverse("admin:directory_contact_personal_data", args=[contact.pk]))

    assert json.loads(response.content)["contacts"][0]["shown_publicly_at"] == []


def test_an_email_address_finds_every_contact_that_has_or_had_it(editor_who_answers_requests):
    client = editor_who_answers_requests
    ContactFactory(name="Now", email="Kari@Example.no")
    before = ContactFactory(name="Before", email="kari@example.no")
    url = reverse("admin:directory_contact_change", args=[before.pk])
    client.post(url, {**form_data_from(client.get(url)), "email": "new@example.no"})
    ContactFactory(name="Someone else", email="ola@example.no")

    form = client.get(BY_EMAIL)
    response = client.post(BY_EMAIL, {"email": "kari@example.no"})

    assert form.status_code == HTTPStatus.OK
    data = json.loads(response.content)
    assert data["about"] == {"email": "kari@example.no"}
    assert sorted(record["contact"]["name"] for record in data["contacts"]) == ["Before", "Now"]


def test_an_email_address_nobody_has_says_so(editor_who_answers_requests):
    response = editor_who_answers_requests.post(BY_EMAIL, {"email": "nobody@example.no"})

    assert response.status_code == HTTPStatus.OK
    assert "the directory holds nothing for it" in response.text


def test_editors_without_the_permission_cannot_download(client):
    contact = ContactFactory()
    sign_in(client, make_editor())

    assert (
        client.get(reverse("admin:directory_contact_personal_data", args=[contact.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert client.post(BY_EMAIL, {"email": contact.email}).status_code == HTTPStatus.FORBIDDEN
    assert "Download personal data" not in client.get(reverse("admin:directory_contact_change", args=[contact.pk])).text
    assert "Access request by email" not in client.get(CONTACTS).text


def test_superusers_may_download(client):
    contact = ContactFactory()
    sign_in(client, make_superuser())

    assert "Access request by email" in client.get(CONTACTS).text
    assert client.get(reverse("admin:directory_contact_personal_data", args=[contact.pk])).status_code == HTTPStatus.OK


def test_the_notes_of_erasures_are_for_superusers_only(client):
    sign_in(client, make_editor())
    superuser = type(client)()
    sign_in(superuser, make_superuser())

    assert client.get(reverse("admin:directory_erasure_changelist")).status_code == HTTPStatus.FORBIDDEN
    assert superuser.get(reverse("admin:directory_erasure_changelist")).status_code == HTTPStatus.OK
