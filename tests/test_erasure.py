"""Erasure: deleting a contact removes the person's data from every copy the site keeps; a note stays.

The main test plants unique markers in a contact, edits it twice (once from its partnership's form, once
from its own), searches for it, deletes it, and then looks for the markers in every row of every table,
in every session, on every public page, on every admin page and in the site's own log lines.
"""

import logging
import uuid
from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from directory.models import Contact, Erasure, Partnership

from .admin_helpers import form_data_from, make_editor, make_superuser, sign_in
from .admin_urls import admin_paths
from .test_nothing_private_leaks import every_public_path

# Deletion erases once it is committed, as on a real site: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def marker():
    return f"erase{uuid.uuid4().hex[:12]}"


@pytest.fixture
def site(listed_agreements):
    """The listed agreements, and a superuser signed in to the admin."""
    client = Client()
    user = make_superuser()
    sign_in(client, user)
    return client, user


def rows_holding(text):
    """Every (table, row) of the database where `text` appears in any column, and every session holding it."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                values = [
                    bytes(value).decode("utf-8", "replace") if isinstance(value, bytes | memoryview) else str(value)
                    for value in row
                ]
                if any(text.lower() in value.lower() for value in values):
                    found.append((table, row[0]))
    found += [("session (decoded)", s.pk) for s in Session.objects.all() if text in str(s.get_decoded())]
    return found


def add_contact(client, partnership, marker):
    """A public contact, added in the admin, with a marker in every field that can hold one."""
    response = client.post(
        reverse("admin:directory_contact_add"),
        {
            "partnership": partnership.pk,
            "side": "norwegian",
            "name": f"Kari {marker}",
            "role": f"{marker}-role",
            "organisation": f"{marker}-organisation",
            "email": f"{marker}@example.no",
            "phone": "+47 41 23 45 67",
            "website": f"https://{marker}.example.no/",
            "is_public": "on",
            "notes": f"{marker}-notes",
            "lawful_basis": "consent",
            "consent_given": "2025-03-01",
            "consent_how": f"{marker}-by email",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    return Contact.objects.get(email=f"{marker}@example.no")


def edit_twice(client, contact, marker):
    """Once from the partnership's form (its log then names the contact), once from the contact's own form."""
    partnership_url = reverse("admin:directory_partnership_change", args=[contact.partnership.pk])
    data = form_data_from(client.get(partnership_url))
    index = next(key for key, value in data.items() if value == str(contact.pk) and key.endswith("-id")).split("-")[1]
    data[f"contacts-{index}-role"] = f"{marker}-new-role"
    assert client.post(partnership_url, data).status_code == HTTPStatus.FOUND
    contact_url = reverse("admin:directory_contact_change", args=[contact.pk])
    data = form_data_from(client.get(contact_url))
    data["name"] = f"Kari Renamed {marker}"
    assert client.post(contact_url, data).status_code == HTTPStatus.FOUND
    assert Version.objects.get_for_object(contact).count() >= 2


def pages_showing(client, paths, text):
    showing = []
    for path in paths:
        response = client.get(path, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if text.encode() in body:
            showing.append(path)
    return showing


def test_a_deleted_contact_is_nowhere_in_the_database_the_pages_or_the_logs(site, marker, caplog):
    caplog.set_level(logging.INFO)
    client, user = site
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    contact = add_contact(client, partnership, marker)
    edit_twice(client, contact, marker)
    anonymous = Client()
    assert marker in anonymous.get(partnership.get_absolute_url()).text  # public, and now in the page cache
    assert marker in client.get(reverse("admin:directory_contact_changelist"), {"q": marker}).text
    assert rows_holding(marker)  # the check finds what is there

    confirm = client.get(reverse("admin:directory_contact_delete", args=[contact.pk]))
    deleted = client.post(reverse("admin:directory_contact_delete", args=[contact.pk]), {"post": "yes"}, follow=True)

    assert "This cannot be undone" in confirm.text
    assert "erased from the history and the logs" in deleted.text
    assert marker not in deleted.text
    assert rows_holding(marker) == []
    assert pages_showing(anonymous, every_public_path(), marker) == []
    object_ids = {"directory/partnership/": str(partnership.pk), "directory/contact/": str(contact.pk)}
    admin_pages = [path for path in admin_paths(object_ids) if not path.endswith("/logout/")]
    assert pages_showing(client, admin_pages, marker) == []
    assert marker not in caplog.text
    erasure = Erasure.objects.get()
    assert (erasure.by, erasure.contact_number, erasure.partnership) == (user, contact.pk, "stavanger-ningbo")
    assert "Kari" not in str(erasure.__dict__)


def test_deleting_a_partnership_erases_its_contacts_and_it_comes_back_without_them(site, marker):
    client, user = site
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    contact = add_contact(client, partnership, marker)
    edit_twice(client, contact, marker)

    confirm = client.get(reverse("admin:directory_partnership_delete", args=[partnership.pk]))
    client.post(reverse("admin:directory_partnership_delete", args=[partnership.pk]), {"post": "yes"})

    assert "the partnership can be recovered, but without its contacts" in confirm.text
    assert rows_holding(marker) == []
    deleted = Version.objects.get_deleted(Partnership).get()
    recover_url = reverse("admin:directory_partnership_recover", args=[deleted.pk])
    assert marker not in client.get(recover_url).text
    client.post(recover_url, form_data_from(client.get(recover_url)))
    recovered = Partnership.objects.get(slug="stavanger-ningbo")
    assert list(recovered.contacts.all()) == []
    assert Erasure.objects.get().by == user


def test_a_contact_deleted_from_its_partnerships_form_is_erased(site, marker):
    client, _user = site
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    contact = add_contact(client, partnership, marker)
    edit_twice(client, contact, marker)
    url = reverse("admin:directory_partnership_change", args=[partnership.pk])
    data = form_data_from(client.get(url))
    index = next(key for key, value in data.items() if value == str(contact.pk) and key.endswith("-id")).split("-")[1]
    data[f"contacts-{index}-DELETE"] = "on"

    client.post(url, data)

    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert rows_holding(marker) == []
    history = client.get(reverse("admin:directory_partnership_history", args=[partnership.pk])).text
    assert "[erased]" in history


def test_an_editor_deletes_a_contact_and_the_note_names_them_but_not_the_contact(marker):
    call_command("load_directory", verbosity=0)
    client = Client()
    editor = make_editor()
    sign_in(client, editor)
    contact = add_contact(client, Partnership.objects.get(slug="oslo-shanghai"), marker)

    client.post(
        reverse("admin:directory_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [contact.pk], "post": "yes"},
    )

    assert rows_holding(marker) == []
    assert Erasure.objects.get().by == editor


def test_a_contact_deleted_in_a_shell_is_erased_too(marker):
    call_command("load_directory", verbosity=0)
    client = Client()
    sign_in(client, make_superuser())
    contact = add_contact(client, Partnership.objects.get(slug="oslo-shanghai"), marker)

    contact.delete()

    assert rows_holding(marker) == []
    assert Erasure.objects.get().by is None
