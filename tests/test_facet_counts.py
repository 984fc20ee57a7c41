"""The filter form's counts: each choice says how many partnerships ticking it would give."""

import pytest
from django.urls import reverse

from directory.models import Place

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("directory:partnership-list")


def counts(client, query=""):
    """{(facet name, choice value): count} as the list page offers them."""
    facets = client.get(f"{LIST}?{query}").context["filter"].facets
    groups = [*facets["places"], facets["topics"], facets["kinds"]]
    return {(facet.name, choice.value): choice.count for facet in groups for choice in facet.choices}


def topic_tree():
    """Four levels deep: energy > oil and gas > offshore > drilling."""
    energy = TopicFactory(slug="energy", name="Energy")
    oil = TopicFactory(slug="oil-and-gas", name="Oil and gas", parent=energy)
    offshore = TopicFactory(slug="offshore", name="Offshore", parent=oil)
    drilling = TopicFactory(slug="drilling", name="Drilling", parent=offshore)
    return energy, oil, offshore, drilling


def test_a_partnership_about_a_topic_and_its_subtopics_counts_once_for_each_broader_topic(client):
    energy, oil, offshore, drilling = topic_tree()
    PartnershipFactory().topics.add(energy, oil, drilling)
    PartnershipFactory().topics.add(offshore)
    PartnershipFactory().topics.add(TopicFactory(slug="schools"))

    found = counts(client)

    assert found["topic", "energy"] == 2
    assert found["topic", "oil-and-gas"] == 2
    assert found["topic", "offshore"] == 2
    assert found["topic", "drilling"] == 1
    assert found["topic", "schools"] == 1


def test_a_place_counts_the_partnerships_of_every_place_inside_it_down_to_the_fourth_level(client):
    province = ChinesePlaceFactory(slug="zhejiang", level=Place.Level.PROVINCE)
    city = ChinesePlaceFactory(slug="ningbo", parent=province)
    district = ChinesePlaceFactory(slug="beilun", parent=city)
    town = ChinesePlaceFactory(slug="daxie", parent=district)
    county = NorwegianPlaceFactory(slug="rogaland", level=Place.Level.COUNTY)
    stavanger = NorwegianPlaceFactory(slug="stavanger", parent=county)
    PartnershipFactory(chinese_party=town, norwegian_party=stavanger)
    PartnershipFactory(chinese_party=city, norwegian_party=county)
    PartnershipFactory(chinese_party=province)

    found = counts(client)

    assert [found["place", slug] for slug in ("zhejiang", "ningbo", "beilun", "daxie")] == [3, 2, 1, 1]
    assert (found["place", "rogaland"], found["place", "stavanger"]) == (2, 1)


def test_a_former_place_keeps_its_partnerships_and_counts_within_the_place_it_lay_in(client):
    county = NorwegianPlaceFactory(slug="trondelag", level=Place.Level.COUNTY)
    former = NorwegianPlaceFactory(
        slug="sor-trondelag", level=Place.Level.COUNTY, dissolved="2017-12-31", successor=county
    )
    municipality = NorwegianPlaceFactory(slug="trondheim", parent=former)
    PartnershipFactory(norwegian_party=former)
    PartnershipFactory(norwegian_party=municipality)

    found = counts(client)

    assert found["place", "sor-trondelag"] == 2
    assert found["place", "trondheim"] == 1
    assert ("place", "trondelag") not in found  # a successor is not a parent: nothing of its own to count


def test_drafts_count_nowhere(client):
    energy, oil, *_ = topic_tree()
    published = PartnershipFactory(kind="cooperation-agreement")
    published.topics.add(oil)
    draft = PartnershipFactory(status="draft", norwegian_party=published.norwegian_party, kind="friendship-agreement")
    draft.topics.add(energy)

    found = counts(client)

    assert found["topic", "energy"] == 1
    assert found["place", published.norwegian_party.slug] == 1
    assert found["kind", "cooperation-agreement"] == 1
    assert ("kind", "friendship-agreement") not in found


def test_each_facet_counts_with_every_other_filter_but_its_own(client):
    energy, oil, *_ = topic_tree()
    schools = TopicFactory(slug="schools")
    bergen = NorwegianPlaceFactory(slug="bergen")
    oslo = NorwegianPlaceFactory(slug="oslo")
    PartnershipFactory(norwegian_party=bergen, signed="2001").topics.add(oil)
    PartnershipFactory(norwegian_party=bergen, signed="2011").topics.add(oil, schools)
    PartnershipFactory(norwegian_party=oslo, signed="2012", kind="cooperation-agreement").topics.add(energy)

    found = counts(client, "place=bergen&topic=energy&signed_from=2010")

    # Places: energy and 2010 on; Bergen's 2011 one and Oslo's.
    assert (found["place", "bergen"], found["place", "oslo"]) == (1, 1)
    # Topics: Bergen and 2010 on: the 2011 one only, under energy and under schools.
    assert (found["topic", "energy"], found["topic", "oil-and-gas"], found["topic", "schools"]) == (1, 1, 1)
    # Kinds: Bergen, energy and 2010 on.
    assert found["kind", "friendship-agreement"] == 1
    assert ("kind", "cooperation-agreement") not in found
