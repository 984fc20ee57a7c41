"""Who may open which admin page: anonymous visitors, embassy editors and superusers."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from .admin_helpers import EDITORS, make_editor, make_superuser, sign_in
from .factories import ContactFactory, MilestoneFactory, PartnershipFactory, TopicFactory

pytestmark = pytest.mark.django_db

OK, FORBIDDEN = HTTPStatus.OK, HTTPStatus.FORBIDDEN

# (URL name, which object it needs, what an editor gets)
DIRECTORY_URLS = [
    ("admin:index", None, OK),
    ("admin:app_list", "app", OK),
    *[
        (f"admin:directory_{model}_{page}", obj, expected)
        for model in ("partnership", "place", "topic", "contact")
        for page, obj, expected in [
            ("changelist", None, OK),
            ("add", None, OK),
            ("change", model, OK),
            ("history", model, OK),
            ("recoverlist", None, OK),
            ("delete", model, OK if model == "contact" else FORBIDDEN),
        ]
    ],
    ("admin:directory_partnership_import", None, OK),
    ("admin:directory_partnership_export", None, OK),
    ("admin:auth_user_changelist", None, FORBIDDEN),
    ("admin:auth_user_add", None, FORBIDDEN),
    ("admin:auth_group_changelist", None, FORBIDDEN),
    ("admin:axes_accessattempt_changelist", None, FORBIDDEN),
]


@pytest.fixture
def objects():
    partnership = PartnershipFactory()
    topic = TopicFactory()
    return {
        "partnership": [partnership.pk],
        "place": [partnership.norwegian_party.pk],
        "topic": [topic.pk],
        "contact": [ContactFactory(partnership=partnership).pk],
    }


def url_for(name, obj, objects):
    if obj == "app":
        return reverse(name, kwargs={"app_label": "directory"})
    return reverse(name, args=objects[obj]) if obj else reverse(name)


@pytest.mark.parametrize(("name", "obj", "expected"), DIRECTORY_URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, objects, name, obj, expected):
    response = client.get(url_for(name, obj, objects))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(("name", "obj", "expected"), DIRECTORY_URLS)
def test_editors_may_do_what_their_group_allows(client, objects, name, obj, expected):
    sign_in(client, make_editor())

    response = client.get(url_for(name, obj, objects))

    assert response.status_code == expected


@pytest.mark.parametrize(("name", "obj", "expected"), DIRECTORY_URLS)
def test_superusers_may_open_every_page(client, objects, name, obj, expected):
    sign_in(client, make_superuser())

    response = client.get(url_for(name, obj, objects))

    assert response.status_code == HTTPStatus.OK


def test_the_editors_group_may_add_change_and_view_everything_but_delete_only_milestones_sources_and_contacts():
    codenames = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))

    for model in ("partnership", "place", "topic", "milestone", "source", "contact"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
    assert {c for c in codenames if c.startswith("delete_")} == {"delete_milestone", "delete_source", "delete_contact"}
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def test_an_editor_may_delete_a_milestone_through_the_partnership_form(client):
    milestone = MilestoneFactory()
    sign_in(client, make_editor())
    change = client.get(reverse("admin:directory_partnership_change", args=[milestone.partnership.pk]))

    assert change.context["inline_admin_formsets"][0].formset.can_delete


def test_an_editor_cannot_delete_partnerships_from_the_list(client):
    partnership = PartnershipFactory()
    sign_in(client, make_editor())

    client.post(
        reverse("admin:directory_partnership_changelist"),
        {"action": "delete_selected", "_selected_action": [partnership.pk], "post": "yes"},
    )

    assert partnership.__class__.objects.filter(pk=partnership.pk).exists()


def test_staff_outside_the_editors_group_see_no_directory_pages(client):
    sign_in(client, User.objects.create_user("visitor", is_staff=True))

    response = client.get(reverse("admin:directory_partnership_changelist"))

    assert response.status_code == FORBIDDEN
