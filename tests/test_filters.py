"""The list's query parameters, table by table, on the eight listed agreements."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.models import Partnership

from .factories import ChinesePlaceFactory, MilestoneFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

LIST = reverse("directory:partnership-list")

ALL = {
    "rogaland-guangdong",
    "telemark-hubei",
    "sor-trondelag-chongqing",
    "stavanger-ningbo",
    "oslo-shanghai",
    "sandefjord-jiaxing",
    "fredrikstad-zhuzhou",
    "bergen-dalian",
}
FRIENDSHIPS = {"stavanger-ningbo", "oslo-shanghai", "sandefjord-jiaxing"}


def found(client, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == HTTPStatus.OK
    return {partnership.slug for partnership in response.context["page_obj"]}


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Each parameter alone.
        ("", ALL),
        ("place=stavanger", {"stavanger-ningbo"}),
        ("place=rogaland", {"rogaland-guangdong", "stavanger-ningbo"}),  # a county finds its municipalities
        ("place=zhejiang", {"stavanger-ningbo", "sandefjord-jiaxing"}),  # a province finds its cities
        ("place=vestland", {"bergen-dalian"}),
        ("place=trondelag", set()),  # the successor does not inherit its predecessor's agreements
        ("topic=oil-and-gas", {"stavanger-ningbo"}),
        ("topic=energy", {"rogaland-guangdong", "telemark-hubei", "sor-trondelag-chongqing", "stavanger-ningbo"}),
        ("topic=education", {"sandefjord-jiaxing", "oslo-shanghai", "fredrikstad-zhuzhou"}),  # with subtopics
        ("kind=twin-town-agreement", {"fredrikstad-zhuzhou"}),
        ("kind=friendship-agreement", FRIENDSHIPS),
        ("signed_from=2010", {"rogaland-guangdong", "bergen-dalian"}),
        ("signed_to=2001", {"oslo-shanghai", "sandefjord-jiaxing", "fredrikstad-zhuzhou"}),
        ("signed_from=2005&signed_to=2005", {"telemark-hubei", "sor-trondelag-chongqing"}),
        ("signed_from=2004&signed_to=2004", {"stavanger-ningbo"}),
        # Repeats: any of them.
        ("place=stavanger&place=oslo", {"stavanger-ningbo", "oslo-shanghai"}),
        ("place=hubei&place=hunan", {"telemark-hubei", "fredrikstad-zhuzhou"}),
        ("topic=oil-and-gas&topic=soil", {"stavanger-ningbo", "sandefjord-jiaxing"}),
        ("kind=twin-town-agreement&kind=friendship-agreement", FRIENDSHIPS | {"fredrikstad-zhuzhou"}),
        # Combinations: all of them.
        ("place=zhejiang&kind=friendship-agreement&signed_from=2002", {"stavanger-ningbo"}),
        ("topic=energy&signed_to=2005", {"telemark-hubei", "sor-trondelag-chongqing", "stavanger-ningbo"}),
        ("q=schools&place=oslo", {"oslo-shanghai"}),
        ("topic=culture&kind=friendship-agreement&place=oslo&place=sandefjord", {"oslo-shanghai"}),
    ],
)  # fmt: skip
def test_each_parameter_alone_repeated_and_combined(client, query, expected):
    assert found(client, query) == expected


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ningbo", {"stavanger-ningbo"}),
        ("q=Níngbō", {"stavanger-ningbo"}),
        ("q=NINGBO", {"stavanger-ningbo"}),
        ("q=宁波", {"stavanger-ningbo"}),
        ("q=sor-trondelag", {"sor-trondelag-chongqing"}),
        ("q=sor+trondelag", {"sor-trondelag-chongqing"}),
        ("q=Sor", {"sor-trondelag-chongqing"}),
        ("q=Sør-Trøndelag", {"sor-trondelag-chongqing"}),
        ("q=ostfold", {"fredrikstad-zhuzhou"}),  # Fredrikstad lies in Østfold: a region finds the places inside it
        ("q=Stavanger+kommune", {"stavanger-ningbo"}),
        ("q=oil+and+gas", {"stavanger-ningbo"}),  # a topic
        ("q=celebration", {"sor-trondelag-chongqing"}),  # a milestone
        ("q=elementary", {"fredrikstad-zhuzhou"}),  # another milestone
        ("q=food+culture", {"rogaland-guangdong"}),
        ("q=twin+town", {"fredrikstad-zhuzhou"}),  # the kind
        ("q=xyzzy", set()),
        ("q=+", ALL),
    ],
)
def test_search_finds_names_with_or_without_accents_and_summaries_topics_milestones(client, query, expected):
    assert found(client, query) == expected


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("query", "problem", "expected"),
    [
        ("signed_from=abc", "signed_from", {"fredrikstad-zhuzhou"}),
        ("signed_to=1e9", "signed_to", {"fredrikstad-zhuzhou"}),
        ("signed_from=-5", "signed_from", {"fredrikstad-zhuzhou"}),
        ("place=atlantis", "place", {"fredrikstad-zhuzhou"}),
        ("place=atlantis&place=fredrikstad", "place", {"fredrikstad-zhuzhou"}),
        ("topic=nothing", "topic", {"fredrikstad-zhuzhou"}),
        ("topic=nothing&topic=schools", "topic", {"fredrikstad-zhuzhou"}),
        ("kind=marriage", "kind", {"fredrikstad-zhuzhou"}),
        ("sort=sideways", "sort", {"fredrikstad-zhuzhou"}),
        ("page=999999", "page", {"fredrikstad-zhuzhou"}),
        ("page=abc", "page", {"fredrikstad-zhuzhou"}),
        ("q=" + "x" * 5000, "q", {"fredrikstad-zhuzhou"}),
        ("place=%00", "place", {"fredrikstad-zhuzhou"}),
        ("q=%00", "q", {"fredrikstad-zhuzhou"}),
    ],
)
def test_a_bad_value_is_named_and_every_other_filter_kept(client, query, problem, expected):
    response = client.get(f"{LIST}?{query}&kind=twin-town-agreement")

    assert response.status_code == HTTPStatus.OK
    assert problem in response.context["problems"]
    assert {p.slug for p in response.context["page_obj"]} == expected
    assert "could not be used" in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_an_unknown_place_among_known_ones_keeps_the_known_ones_and_is_named(client):
    response = client.get(f"{LIST}?place=atlantis&place=stavanger&place=oslo")

    assert {p.slug for p in response.context["page_obj"]} == {"stavanger-ningbo", "oslo-shanghai"}
    assert list(response.context["problems"]) == ["place"]
    assert "atlantis" in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_the_json_twin_refuses_an_unknown_place_among_known_ones(client):
    response = client.get(reverse("directory:partnership-list-json") + "?place=atlantis&place=stavanger")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "atlantis" in response.json()["errors"]["place"][0]


@pytest.mark.usefixtures("listed_agreements")
def test_a_long_search_is_refused_with_a_message(client):
    response = client.get(f"{LIST}?q={'x' * 5000}")

    assert response.status_code == HTTPStatus.OK
    assert "at most 200 characters" in response.text
    assert response.context["paginator"].count == len(ALL)


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("signed", "fredrikstad-zhuzhou", "bergen-dalian"),
        ("-signed", "bergen-dalian", "fredrikstad-zhuzhou"),
        ("name", "bergen-dalian", "telemark-hubei"),
    ],
)
def test_sort_orders_the_list(client, sort, first, last):
    slugs = [p.slug for p in client.get(f"{LIST}?sort={sort}").context["page_obj"]]

    assert (slugs[0], slugs[-1]) == (first, last)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed", "query", "matches"),
    [
        ("2004-24", "signed_from=2005", True),  # winter 2004 runs into February 2005
        ("2004-24", "signed_to=2004", True),
        ("2004-24", "signed_from=2006", False),
        ("2004-22", "signed_to=2003", False),
        ("2005", "signed_from=2005&signed_to=2005", True),
        ("", "signed_from=1900", False),  # an unknown date matches no year
    ],
)
def test_years_are_inclusive_and_meet_the_interval_the_date_denotes(client, signed, query, matches):
    PartnershipFactory(signed=signed)

    assert client.get(f"{LIST}?{query}").context["paginator"].count == (1 if matches else 0)


@pytest.mark.usefixtures("listed_agreements")
def test_each_choice_shows_how_many_results_it_would_give(client):
    facets = client.get(f"{LIST}?kind=friendship-agreement").context["filter"].facets

    places = {choice.value: choice.count for facet in facets["places"] for choice in facet.choices}
    assert places["zhejiang"] == 2
    assert places["rogaland"] == 1  # Stavanger–Ningbo; Rogaland–Guangdong is a cooperation agreement
    assert "hubei" not in places  # no friendship agreement: not offered
    topics = {choice.value: choice.count for choice in facets["topics"].choices}
    assert topics["environment"] == 3  # Oslo (itself), Stavanger (water...), Sandefjord (soil, air)
    assert topics["water"] == 2
    kinds = {choice.value: choice.count for choice in facets["kinds"].choices}
    # A kind's count leaves out the kind filter itself: what ticking it would give.
    assert kinds == {"friendship-agreement": 3, "cooperation-agreement": 4, "twin-town-agreement": 1}


@pytest.mark.usefixtures("listed_agreements")
def test_each_filter_in_use_is_shown_with_a_link_that_removes_only_it(client):
    response = client.get(f"{LIST}?place=rogaland&place=oslo&topic=culture&q=agreement&page=1")

    removals = {(active.label, active.value): active.query for active in response.context["filter"].active}
    assert set(removals) == {("Place", "Rogaland"), ("Place", "Oslo"), ("Topic", "Culture"), ("Search", "agreement")}
    without_rogaland = removals[("Place", "Rogaland")]
    assert without_rogaland.getlist("place") == ["oslo"]
    assert without_rogaland.getlist("topic") == ["culture"]
    assert 'href="?place=oslo&amp;topic=culture&amp;q=agreement"' in response.text  # and back to page one


@pytest.mark.usefixtures("listed_agreements")
def test_the_empty_state_helps(client):
    response = client.get(f"{LIST}?q=xyzzy")

    assert response.context["paginator"].count == 0
    assert "No partnership matches these filters" in response.text
    assert "Remove all filters" in response.text


@pytest.mark.django_db
def test_pagination_links_keep_the_filters(client):
    topic = TopicFactory(slug="shipping", name="Shipping")
    for _ in range(45):
        PartnershipFactory().topics.add(topic)

    response = client.get(f"{LIST}?topic=shipping&sort=name&page=2")

    assert response.context["page_obj"].number == 2
    assert 'href="?topic=shipping&amp;sort=name&amp;page=3"' in response.text
    assert 'href="?topic=shipping&amp;sort=name&amp;page=1"' in response.text


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_the_search_text_follows_changes_to_topics_milestones_and_places(client):
    ningbo = ChinesePlaceFactory(name="Ningbo", native_name="宁波市", pinyin="Níngbō Shì", slug="ningbo")
    partnership = PartnershipFactory(norwegian_party=NorwegianPlaceFactory(), chinese_party=ningbo, summary="")
    topic = TopicFactory(name="Aquaculture")

    assert found(client, "q=aquaculture") == set()
    partnership.topics.add(topic)
    assert found(client, "q=aquaculture") == {partnership.slug}
    topic.name = "Fish farming"
    topic.save()
    assert found(client, "q=fish+farming") == {partnership.slug}
    milestone = MilestoneFactory(partnership=partnership, text="A delegation visited the harbour.")
    assert found(client, "q=harbour") == {partnership.slug}
    milestone.delete()
    assert found(client, "q=harbour") == set()
    ningbo.name = "Ningpo"
    ningbo.save()
    assert found(client, "q=ningpo") == {partnership.slug}
    partnership.topics.clear()
    assert found(client, "q=fish") == set()
    assert Partnership.objects.search("宁波").count() == 1
