"""Drafts: hidden from the public, previewed by staff, published and unpublished in the admin."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from directory.models import Partnership

from .admin_helpers import make_editor, partnership_form, sign_in
from .factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DRAFT = Partnership.Status.DRAFT
PUBLISHED = Partnership.Status.PUBLISHED


def test_an_anonymous_visitor_gets_404_for_a_draft(client):
    draft = PartnershipFactory(status=DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_an_editor_sees_a_draft_at_its_public_url_under_a_banner(client):
    draft = PartnershipFactory(status=DRAFT)
    sign_in(client, make_editor())

    response = client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "Draft, not public." in response.text
    assert reverse("admin:directory_partnership_change", args=[draft.pk]) in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_published_partnership_has_no_draft_banner_even_for_editors(client):
    published = PartnershipFactory(status=PUBLISHED)
    sign_in(client, make_editor())

    response = client.get(published.get_absolute_url())

    assert "Draft, not public." not in response.text


def test_a_logged_in_user_who_is_not_staff_gets_404_for_a_draft(client):
    draft = PartnershipFactory(status=DRAFT)
    sign_in(client, User.objects.create_user("reader"))

    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_json_twin_never_shows_a_draft_even_to_editors(client):
    draft = PartnershipFactory(status=DRAFT)
    sign_in(client, make_editor())

    response = client.get(reverse("directory:partnership-detail-json", args=[draft.slug]))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_new_partnership_starts_as_a_draft(client):
    sign_in(client, make_editor())
    form = client.get(reverse("admin:directory_partnership_add")).context["adminform"].form

    assert form["status"].value() == DRAFT


def test_the_publish_button_on_the_change_page_publishes(client):
    draft = PartnershipFactory(status=DRAFT)
    sign_in(client, make_editor())
    data = {
        **partnership_form(draft.norwegian_party, draft.chinese_party, slug=draft.slug, opened_version=draft.version),
        "_publish": "1",
    }

    client.post(reverse("admin:directory_partnership_change", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert draft.status == PUBLISHED
    assert draft.published_at is not None


def test_the_unpublish_button_on_the_change_page_makes_a_draft_again(client):
    published = PartnershipFactory(status=PUBLISHED)
    sign_in(client, make_editor())
    data = {
        **partnership_form(
            published.norwegian_party, published.chinese_party, status=PUBLISHED, opened_version=published.version
        ),
        "_unpublish": "1",
    }

    client.post(reverse("admin:directory_partnership_change", args=[published.pk]), data)

    published.refresh_from_db()
    assert published.status == DRAFT


@pytest.mark.parametrize(
    ("action", "before", "after"), [("publish", DRAFT, PUBLISHED), ("unpublish", PUBLISHED, DRAFT)]
)
def test_the_list_actions_publish_and_unpublish(client, action, before, after):
    chosen, other = PartnershipFactory(status=before), PartnershipFactory(status=before)
    sign_in(client, make_editor())

    response = client.post(
        reverse("admin:directory_partnership_changelist"),
        {"action": action, "_selected_action": [chosen.pk]},
        follow=True,
    )

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (after, before)
    assert "1 partnership" in response.text


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_a_published_partnership_appears_on_the_public_list(client):
    draft = PartnershipFactory(status=DRAFT)
    assert draft.title not in client.get(reverse("directory:partnership-list")).text
    editor = client
    sign_in(editor, make_editor())
    editor.post(
        reverse("admin:directory_partnership_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    editor.logout()

    assert draft.title in client.get(reverse("directory:partnership-list")).text
