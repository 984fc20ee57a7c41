"""What the admin shows, it accepts back: every form saved untouched, in English, Norwegian and Chinese,
changes nothing.

Each example is a directory hypothesis makes up from any values the admin itself could have stored (every
script, every date form and precision, coordinates, dates of dissolution, topics, milestones, contacts).
An editor opens each change page in each language and presses Save: the page is saved, Django finds no
field changed, and every stored value is what it was. The form is read from the page's HTML, as the
editor's browser sent it: dates as the language writes them, numbers and dates of dissolution as its
widgets format them, lists as the options chosen.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from reversion.models import Version

from directory.models import Partnership

from .admin_helpers import make_editor, sign_in
from .directories import build, directories
from .html_forms import form_data
from .properties import expensive

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "nb", "zh-hans"]
# Worked out by the model on every save, not shown in a form.
NOT_IN_FORMS = ["version", "updated", "search_text"]


def as_stored(obj):
    """Every value stored for `obj`, a partnership's milestones and contacts with it."""
    obj = type(obj).objects.get(pk=obj.pk)
    values = model_to_dict(obj, exclude=NOT_IN_FORMS)
    values.update({field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields})
    for name in NOT_IN_FORMS:
        values.pop(name, None)
    if isinstance(obj, Partnership):
        values["topics"] = sorted(topic.pk for topic in obj.topics.all())
        values["milestones"] = [as_stored(milestone) for milestone in obj.milestones.all()]
        values["contacts"] = [as_stored(contact) for contact in obj.contacts.all()]
    return values


def saved_untouched(client, obj):
    """Open `obj`'s change page and press Save; the page's answer."""
    url = reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    return client.post(url, form_data(page.text, f"{obj._meta.model_name}_form"))


@pytest.fixture
def editor_client(client):
    sign_in(client, make_editor())
    return client


@expensive(0.1)
@given(directory=directories())
def test_every_change_page_saved_untouched_in_any_language_changes_nothing(editor_client, directory):
    with transaction.atomic():
        build(directory, as_the_admin_stores=True)
        partnership = Partnership.objects.order_by("pk").first()
        objects = [
            partnership,
            partnership.norwegian_party,
            partnership.chinese_party,
            *partnership.topics.all()[:1],
            *partnership.contacts.all()[:1],
        ]
        for language in LANGUAGES:
            editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            with translation.override(language):
                no_change = translation.gettext("No fields changed.")
            for obj in objects:
                before = as_stored(obj)
                response = saved_untouched(editor_client, obj)
                errors = response.context["errors"] if response.status_code == HTTPStatus.OK else None
                assert response.status_code == HTTPStatus.FOUND, (language, obj._meta.model_name, errors)
                assert as_stored(obj) == before, (language, obj._meta.model_name)
                assert Version.objects.get_for_object(obj).first().revision.comment == no_change
        transaction.set_rollback(True)
