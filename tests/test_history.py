"""History and undo: who changed what and when, and restoring old values and deleted objects."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from reversion.models import Version

from directory.models import Contact, Milestone, Partnership, Place

from .admin_helpers import form_data_from, make_editor, make_superuser, sign_in
from .factories import ContactFactory, MilestoneFactory, PartnershipFactory, TopicFactory

pytestmark = pytest.mark.django_db


def change_page(client, partnership):
    return client.get(reverse("admin:directory_partnership_change", args=[partnership.pk]))


def test_a_change_records_who_when_and_which_fields(client):
    partnership = PartnershipFactory(summary="Old summary.", signed="2005")
    editor = make_editor()
    sign_in(client, editor)
    data = form_data_from(change_page(client, partnership))
    data.update(summary="New summary.", signed="May 2006")

    client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)

    latest = Version.objects.get_for_object(partnership).first()
    assert latest.revision.user == editor
    assert latest.revision.date_created is not None
    assert "Signed" in latest.revision.comment
    assert "Summary" in latest.revision.comment
    assert latest.field_dict["summary"] == "New summary."
    history = client.get(reverse("admin:directory_partnership_history", args=[partnership.pk]))
    assert editor.username in history.text
    assert "Changed Signed and Summary." in history.text


def test_restoring_an_old_version_brings_back_the_old_values_and_milestones(client):
    partnership = PartnershipFactory(summary="The right summary.")
    milestone = MilestoneFactory(partnership=partnership, text="First contact.")
    sign_in(client, make_editor())
    data = form_data_from(change_page(client, partnership))
    data.update({"summary": "A mistake.", "milestones-0-DELETE": "on"})
    client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)
    assert not Milestone.objects.filter(pk=milestone.pk).exists()

    before_mistake = Version.objects.get_for_object(partnership).last()
    revision_url = reverse("admin:directory_partnership_revision", args=[partnership.pk, before_mistake.pk])
    preview = client.get(revision_url)
    response = client.post(revision_url, form_data_from(preview))

    assert response.status_code == HTTPStatus.FOUND
    partnership.refresh_from_db()
    assert partnership.summary == "The right summary."
    assert [m.text for m in partnership.milestones.all()] == ["First contact."]
    assert "Reverted" in Version.objects.get_for_object(partnership).first().revision.comment


def test_restoring_a_topic_brings_back_its_old_name(client):
    topic = TopicFactory(name="Energy", slug="energy")
    sign_in(client, make_editor())
    client.post(
        reverse("admin:directory_topic_change", args=[topic.pk]),
        {"name": "Enrgy", "slug": "energy", "opened_version": topic.version},
    )
    topic.refresh_from_db()
    assert topic.name == "Enrgy"

    original = Version.objects.get_for_object(topic).last()
    url = reverse("admin:directory_topic_revision", args=[topic.pk, original.pk])
    client.post(url, form_data_from(client.get(url)))

    topic.refresh_from_db()
    assert topic.name == "Energy"


def test_a_deleted_partnership_is_recovered_with_its_milestones_but_not_its_erased_contacts(
    client, django_capture_on_commit_callbacks
):
    """Deleting a partnership deletes its contacts, and a deleted contact is erased (tests/test_erasure.py)."""
    partnership = PartnershipFactory()
    MilestoneFactory(partnership=partnership, text="Renewed.")
    ContactFactory(partnership=partnership, name="Kari Nordmann")
    slug = partnership.slug
    sign_in(client, make_superuser())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:directory_partnership_delete", args=[partnership.pk]), {"post": "yes"})
    assert not Partnership.objects.filter(slug=slug).exists()

    recover_list = client.get(reverse("admin:directory_partnership_recoverlist"))
    deleted = Version.objects.get_deleted(Partnership).get()
    recover_url = reverse("admin:directory_partnership_recover", args=[deleted.pk])
    client.post(recover_url, form_data_from(client.get(recover_url)))

    assert partnership.title in recover_list.text
    recovered = Partnership.objects.get(slug=slug)
    assert [m.text for m in recovered.milestones.all()] == ["Renewed."]
    assert list(recovered.contacts.all()) == []


def test_a_deleted_contact_cannot_be_recovered(client, django_capture_on_commit_callbacks):
    contact = ContactFactory(name="Kari Nordmann")
    sign_in(client, make_editor())
    change_url = reverse("admin:directory_contact_change", args=[contact.pk])
    client.post(change_url, {**form_data_from(client.get(change_url)), "role": "Adviser"})
    assert Version.objects.get_for_object(contact).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:directory_contact_delete", args=[contact.pk]), {"post": "yes"})

    assert not Contact.objects.filter(name="Kari Nordmann").exists()
    assert not Version.objects.get_deleted(Contact).exists()
    contacts = client.get(reverse("admin:directory_contact_changelist"))
    assert "Recover deleted contacts" not in contacts.text
    assert "Kari Nordmann" not in client.get(reverse("admin:directory_contact_recoverlist")).text


def test_a_place_deleted_from_the_list_can_be_recovered(client):
    place = Place.objects.create(
        name="Tromsø", native_name="Tromsø kommune", slug="tromso", country="NO", level="municipality"
    )
    sign_in(client, make_superuser())
    client.post(
        reverse("admin:directory_place_changelist"),
        {"action": "delete_selected", "_selected_action": [place.pk], "post": "yes"},
    )
    assert not Place.objects.filter(slug="tromso").exists()

    deleted = Version.objects.get_deleted(Place).get()
    url = reverse("admin:directory_place_recover", args=[deleted.pk])
    client.post(url, form_data_from(client.get(url)))

    assert Place.objects.get(slug="tromso").name == "Tromsø"


def test_publishing_from_the_list_is_recorded(client):
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)
    editor = make_editor()
    sign_in(client, editor)

    client.post(
        reverse("admin:directory_partnership_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )

    versions = Version.objects.get_for_object(draft)
    assert [v.field_dict["status"] for v in versions] == ["published", "draft"]
    assert versions.first().revision.user == editor
    assert "published" in versions.first().revision.comment


def test_restoring_an_old_version_brings_back_its_sources(client):
    partnership = PartnershipFactory()
    partnership.sources.create(order=1, title="Friendship Cities and Provinces", url="https://www.norway.cn/list/")
    sign_in(client, make_editor())
    data = form_data_from(change_page(client, partnership))
    data.update({"sources-0-DELETE": "on"})
    client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)
    assert not partnership.sources.exists()

    before_mistake = Version.objects.get_for_object(partnership).last()
    revision_url = reverse("admin:directory_partnership_revision", args=[partnership.pk, before_mistake.pk])
    client.post(revision_url, form_data_from(client.get(revision_url)))

    assert [(s.title, s.url) for s in partnership.sources.all()] == [
        ("Friendship Cities and Provinces", "https://www.norway.cn/list/")
    ]
