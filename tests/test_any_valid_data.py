"""Nothing an editor can save breaks a public page.

Hypothesis builds directories from any values the models' own validation accepts (names and texts in
every script, very long and very short, every form and precision of date in the plausible years, optional
fields empty, drafts and former places) and every public page, data twin, feed, calendar and sitemap
answers without a server error, in all three languages. What validation refuses never reaches a page.
"""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import given

from directory.models import Partnership, Place, Topic

from .admin_helpers import make_editor, sign_in
from .directories import build, directories
from .properties import expensive

pytestmark = pytest.mark.django_db


def public_addresses():
    """Every public page in each language, and every data twin, feed, calendar and sitemap."""
    with translation.override("en"):
        return _public_addresses()


def _public_addresses():
    pages = [reverse("directory:home"), reverse("directory:partnership-list")]
    pages += [f"{reverse('directory:partnership-list')}?sort=name&signed_from=1950&q=a"]
    pages += [partnership.get_absolute_url() for partnership in Partnership.objects.all()]
    pages += [place.get_absolute_url() for place in Place.objects.all()]
    addresses = [f"{prefix}{page}" for prefix in ("", "/nb", "/zh-hans") for page in pages]
    files = ["partnership-list-json", "partnership-list-csv", "partnership-feed", "anniversaries", "sitemap", "robots"]
    addresses += [reverse(f"directory:{name}") for name in files]
    addresses += [reverse("directory:partnership-detail-json", args=[p.slug]) for p in Partnership.objects.all()]
    return addresses


@expensive(0.15)
@given(directory=directories())
def test_any_directory_validation_accepts_renders_every_public_page_in_every_language(client, directory):
    client.raise_request_exception = False
    with transaction.atomic():
        build(directory)
        cache.clear()  # the data version is rolled back with each example: its pages must not be reused
        failed = {}
        for address in public_addresses():
            response = client.get(address)
            if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                failed[address] = response.status_code
            if response.streaming:
                b"".join(response.streaming_content)
        transaction.set_rollback(True)
    assert failed == {}


@expensive(0.05)
@given(directory=directories())
def test_staff_see_any_draft_validation_accepts_under_its_banner(client, directory):
    sign_in(client, make_editor(f"editor-{id(directory)}"))
    client.raise_request_exception = False
    with transaction.atomic():
        build(directory)
        with translation.override("en"):
            pages = [partnership.get_absolute_url() for partnership in Partnership.objects.all()]
        for page in pages:
            for prefix in ("", "/nb", "/zh-hans"):
                response = client.get(f"{prefix}{page}")
                assert response.status_code == HTTPStatus.OK, f"{prefix}{page}"
        transaction.set_rollback(True)


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f", "\x85"])
def test_validation_refuses_invisible_control_characters_with_a_clear_message(character):
    topic = Topic(name=f"Oil{character}and gas", slug="oil-and-gas")

    with pytest.raises(ValidationError) as refusal:
        topic.full_clean()

    assert "invisible control character" in refusal.value.message_dict["name"][0]


@pytest.mark.parametrize("model", [Place, Topic])
def test_a_name_without_plain_letters_needs_a_slug_given(model):
    fields = {"native_name": "奥斯陆", "country": "NO", "level": "municipality"} if model is Place else {}
    obj = model(name="奥斯陆", **fields)

    with pytest.raises(ValidationError) as refusal:
        obj.full_clean()

    assert "plain letters" in refusal.value.message_dict["slug"][0]


def test_a_slug_made_from_a_long_name_fits_its_column():
    """Found by the admin's round-trip test on PostgreSQL: "æ" is written "ae", and a slug may hold 100."""
    topic = Topic(name="Kjærlighet og " + "æ" * 80)
    topic.full_clean()
    topic.save()

    assert len(topic.slug) == 100
    assert Topic.objects.get().slug.startswith("kjaerlighet-og-aeaeae")


def test_a_place_at_a_pole_is_drawn_at_the_map_s_edge(client):
    """Found by the property test above: the map's projection puts the poles at infinity."""
    partnership = Partnership.objects.create(
        norwegian_party=Place.objects.create(
            name="Pole", native_name="Pol", slug="pole", country="NO", level="county", latitude=90, longitude=0
        ),
        chinese_party=Place.objects.create(
            name="South", native_name="南", pinyin="Nán", slug="south", country="CN", level="province", latitude=-90
        ),
        status=Partnership.Status.PUBLISHED,
    )

    for address in [partnership.get_absolute_url(), "/", "/partnerships/"]:
        assert client.get(address).status_code == HTTPStatus.OK, address
