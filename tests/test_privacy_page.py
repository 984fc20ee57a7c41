"""The privacy page: what the directory holds about people, why, how long, and whom to ask; linked from every page."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.models import Publisher

from .pages import PAGES

pytestmark = pytest.mark.django_db

PRIVACY = {"": "/privacy/", "/nb": "/nb/privacy/", "/zh-hans": "/zh-hans/privacy/"}


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/privacy/", "Privacy"), ("/nb/privacy/", "Personvern"), ("/zh-hans/privacy/", "隐私")],
)
def test_the_privacy_page_is_in_each_language(client, path, heading):
    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    assert f'<h1 class="ds-heading" data-size="xl">{heading}</h1>' in response.text


def test_it_says_what_is_held_why_for_how_long_and_whom_to_write_to(client, settings):
    text = client.get(reverse("directory:privacy")).text

    assert "Contacts for partnerships" in text
    assert "only with their consent" in text
    assert "checked at least every 2 years" in text
    assert f"The sign-in record keeps each entry for {settings.SIGN_IN_RECORD_DAYS} days." in text
    assert 'href="mailto:emb.beijing@mfa.no"' in text
    assert "Sanlitun Dongyijie 1<br>100600 Beijing<br>China" in text
    assert "Datatilsynet" in text


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_the_contact_point_is_the_publisher_staff_edit(client):
    client.get(reverse("directory:privacy"))  # cached for visitors
    publisher = Publisher.load()
    publisher.email = "privacy.beijing@example.org"
    publisher.postal_address = "Another street 2\n100600 Beijing\nChina"
    publisher.save()

    text = client.get(reverse("directory:privacy")).text

    assert 'href="mailto:privacy.beijing@example.org"' in text
    assert "Another street 2" in text


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("prefix", list(PRIVACY))
def test_every_page_links_to_the_privacy_page_in_its_language(client, settings, prefix):
    settings.DEBUG = False  # the 404 page in the site's look
    for name, path in PAGES.items():
        response = client.get(prefix + path)
        assert f'href="{PRIVACY[prefix]}"' in response.text, name
