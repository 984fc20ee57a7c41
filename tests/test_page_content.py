"""What the public pages say: the detail page, the place page, the home page, and the error pages."""

import datetime
from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from directory.anniversaries import upcoming
from directory.models import Partnership

from .factories import ContactFactory, PartnershipFactory


@pytest.mark.usefixtures("listed_agreements")
def test_the_detail_page_tells_everything_about_a_partnership(client):
    partnership = Partnership.objects.get(slug="sor-trondelag-chongqing")
    ContactFactory(partnership=partnership, name="Ola Nordmann", role="Adviser", email="ola@example.no")

    html = client.get(partnership.get_absolute_url()).text

    assert '<span lang="nb">Sør-Trøndelag fylke</span>' in html
    assert '<span lang="zh-Hans">重庆市</span>' in html
    assert "Chóngqìng" in html  # pinyin
    assert '(<span class="precision">known to the year</span>)' in html
    assert "a former place" in html
    assert reverse("directory:place-detail", args=["trondelag"]) in html
    assert f"{reverse('directory:partnership-list')}?topic=energy" in html
    assert "The two deepened it with a twinning agreement" in html  # summary
    assert "celebration of Chongqing" in html  # milestone
    assert "Ola Nordmann" in html
    assert "mailto:ola@example.no" in html
    assert "The embassy&#x27;s list calls Chongqing a province" in html  # source note
    assert "Related partnerships" not in html  # no other agreement of Trøndelag's or Chongqing's
    assert reverse("directory:partnership-detail-json", args=[partnership.slug]) in html
    assert "Last updated" in html


@pytest.mark.usefixtures("listed_agreements")
def test_related_partnerships_share_a_place_or_a_region(client):
    related = client.get(reverse("directory:partnership-detail", args=["stavanger-ningbo"])).context["related"]

    assert {p.slug for p in related} == {"rogaland-guangdong", "sandefjord-jiaxing"}


@pytest.mark.usefixtures("listed_agreements")
def test_the_detail_page_shows_milestones_in_order(client):
    html = client.get(reverse("directory:partnership-detail", args=["fredrikstad-zhuzhou"])).text

    assert html.index("First contact between Fredrikstad and Zhuzhou") < html.index("An elementary school")


@pytest.mark.usefixtures("listed_agreements")
def test_a_successor_names_the_places_it_took_over_from(client):
    response = client.get(reverse("directory:place-detail", args=["trondelag"]))

    assert "Took over from" in response.text
    assert reverse("directory:place-detail", args=["sor-trondelag"]) in response.text
    assert response.context["paginator"].count == 0


@pytest.mark.usefixtures("listed_agreements")
def test_a_county_page_lists_the_places_inside_it_and_their_partnerships(client):
    response = client.get(reverse("directory:place-detail", args=["rogaland"]))

    assert {p.slug for p in response.context["page_obj"]} == {"rogaland-guangdong", "stavanger-ningbo"}
    assert reverse("directory:place-detail", args=["stavanger"]) in response.text
    assert f"{reverse('directory:partnership-list')}?place=rogaland" in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_the_home_page_offers_ways_in_by_region_and_topic(client):
    response = client.get(reverse("directory:home"))

    regions = {
        region.slug: region.result_count for _label, group in response.context["region_lists"] for region in group
    }
    assert regions["zhejiang"] == 2
    assert regions["rogaland"] == 2
    assert "stavanger" not in regions  # a municipality is reached through its county
    assert {topic.slug for topic in response.context["topics"]} >= {"energy", "environment", "education"}
    assert "oil-and-gas" not in {topic.slug for topic in response.context["topics"]}
    assert f"{reverse('directory:partnership-list')}?topic=energy" in response.text
    assert "8 friendship, twinning and cooperation agreements" in response.text


@pytest.mark.django_db
def test_the_home_page_lists_the_newest_partnerships_first(client):
    older = PartnershipFactory(summary="older")
    Partnership.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=3))
    newest = PartnershipFactory()

    assert client.get(reverse("directory:home")).context["newest"] == [newest, older]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed", "years"),
    [
        ("2017-03-01", 10),  # a day, 10 years on, in three months
        ("2002-01", 25),  # a month, 25 years on
        ("2011-24", 15),  # winter 2011-12: its 15th runs from December 2026
        ("2016-11-25", None),  # yesterday: the next round one is years away
        ("2018-06-01", None),  # not a round number of years
        ("2017", None),  # a year alone gives no anniversary
    ],
)
def test_upcoming_round_anniversaries_come_from_the_signing_interval(signed, years):
    partnership = PartnershipFactory(signed=signed)

    found = upcoming(Partnership.objects.all(), today=datetime.date(2026, 11, 26))

    assert [(a.partnership, a.years) for a in found] == ([(partnership, years)] if years else [])


@pytest.mark.django_db
def test_an_anniversary_under_way_still_counts():
    partnership = PartnershipFactory(signed="2016-11")  # November 2016: its 10th is this month

    found = upcoming(Partnership.objects.all(), today=datetime.date(2026, 11, 26))

    assert [(a.partnership, a.years, a.date.display()) for a in found] == [(partnership, 10, "November 2026")]


@pytest.mark.django_db
def test_a_missing_page_answers_404_in_the_site_look(client, settings):
    settings.DEBUG = False

    response = client.get("/partnerships/no-such-partnership/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.text
    assert 'class="ds-skip-link"' in response.text


@pytest.mark.django_db
def test_a_draft_partnership_answers_404_without_its_title(client, settings):
    settings.DEBUG = False
    draft = PartnershipFactory(status=Partnership.Status.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert draft.title not in response.text


def test_the_server_error_page_is_in_the_site_look():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "designsystemet" in html
