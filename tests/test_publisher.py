"""Who keeps the directory: one row, made by its migration, corrected by editors in the admin."""

from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from directory.models import Publisher

from .admin_helpers import make_editor, sign_in

pytestmark = pytest.mark.django_db


def test_the_migration_names_the_embassy_with_an_address_and_an_email():
    publisher = Publisher.objects.get()

    assert publisher.name == "Royal Norwegian Embassy in Beijing"
    assert "Beijing" in publisher.postal_address.splitlines()[1]
    assert publisher.email.endswith("@mfa.no")


def test_the_name_is_shown_in_the_pages_language():
    publisher = Publisher.load()

    with translation.override("nb"):
        assert publisher.local_name == "Den kongelige norske ambassade i Beijing"
    with translation.override("zh-hans"):
        assert publisher.local_name == "挪威王国驻华大使馆"
    publisher.name_zh_hans = ""
    with translation.override("zh-hans"):
        assert publisher.local_name.is_fallback


def test_there_is_only_ever_one_publisher():
    with pytest.raises(IntegrityError), transaction.atomic():
        Publisher.objects.create(pk=2, name="Another", postal_address="Elsewhere", email="other@example.org")
    assert Publisher.objects.count() == 1


def test_load_makes_the_row_again_if_someone_removed_it():
    Publisher.objects.all().delete()

    assert Publisher.load().name == "Royal Norwegian Embassy in Beijing"


def test_an_editor_corrects_the_email_in_the_admin_but_cannot_add_or_delete(client):
    sign_in(client, make_editor())
    publisher = Publisher.load()
    change_url = reverse("admin:directory_publisher_change", args=[publisher.pk])

    assert client.get(reverse("admin:directory_publisher_changelist")).url == change_url
    response = client.post(
        change_url,
        {
            "name": publisher.name,
            "name_nb": publisher.name_nb,
            "name_zh_hans": publisher.name_zh_hans,
            "postal_address": publisher.postal_address,
            "email": "press.beijing@example.org",
            "phone": "",
            "website": publisher.website,
            "opened_version": publisher.version,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Publisher.load().email == "press.beijing@example.org"
    assert client.get(reverse("admin:directory_publisher_add")).status_code == HTTPStatus.FORBIDDEN
    delete = client.post(reverse("admin:directory_publisher_delete", args=[publisher.pk]), {"post": "yes"})
    assert delete.status_code == HTTPStatus.FORBIDDEN
    assert Publisher.objects.count() == 1
