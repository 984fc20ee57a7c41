import pytest
from django.urls import reverse

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_the_place_filter_lists_every_place_and_marks_the_chosen_ones(client):
    chosen = NorwegianPlaceFactory(name="Ås", slug="as")
    other = ChinesePlaceFactory(name="<Danger> & Co", slug="danger")
    PartnershipFactory(norwegian_party=chosen)

    response = client.get(reverse("directory:partnership-list") + "?place=as")

    assert '<select id="id_place" name="place" multiple>' in response.text
    assert '<option value="as" selected>Ås</option>' in response.text
    assert f'<option value="{other.slug}">&lt;Danger&gt; &amp; Co</option>' in response.text
