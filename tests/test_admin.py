"""Admin smoke tests: every model's list, search, filters, add and change pages, and the editors' refusals."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.models import Contact, Milestone, Partnership, Place, Topic

from .admin_helpers import inline_management, partnership_form
from .factories import (
    ChinesePlaceFactory,
    ContactFactory,
    MilestoneFactory,
    NorwegianPlaceFactory,
    PartnershipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["partnership", "place", "topic", "contact"]


@pytest.fixture
def some_of_everything():
    topic = TopicFactory(name="Oil and gas", slug="oil-and-gas", parent=TopicFactory(name="Energy", slug="energy"))
    sor_trondelag = NorwegianPlaceFactory(name="Sør-Trøndelag", native_name="Sør-Trøndelag fylke", slug="sor-trondelag")
    partnership = PartnershipFactory(
        norwegian_party=sor_trondelag,
        chinese_party=ChinesePlaceFactory(name="Ningbo", native_name="宁波市", pinyin="Níngbō Shì", slug="ningbo"),
        signed="2004-22",
    )
    partnership.topics.add(topic)
    PartnershipFactory(status=Partnership.Status.DRAFT, signed="")
    MilestoneFactory(partnership=partnership)
    ContactFactory(partnership=partnership, name="Kari Nordmann")
    return partnership


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_answers_and_lists_its_rows(admin_client, some_of_everything, model):
    response = admin_client.get(reverse(f"admin:directory_{model}_changelist"))

    assert response.status_code == HTTPStatus.OK
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", MODELS)
def test_every_choice_of_every_filter_answers_with_facet_counts(admin_client, some_of_everything, model):
    url = reverse(f"admin:directory_{model}_changelist")
    changelist = admin_client.get(url).context["cl"]
    assert changelist.filter_specs, f"{model} has filters"

    queries = [choice["query_string"] for spec in changelist.filter_specs for choice in spec.choices(changelist)]
    for query in queries:
        response = admin_client.get(url + query)
        assert response.status_code == HTTPStatus.OK, query
        assert response.context["cl"].result_count <= changelist.result_count, query


def test_filters_show_how_many_rows_each_choice_has(admin_client, some_of_everything):
    response = admin_client.get(reverse("admin:directory_partnership_changelist"))

    assert "Published (1)" in response.text
    assert "Draft (hidden from the public) (1)" in response.text
    assert "2000s (1)" in response.text


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Trøndelag", "Sør-Trøndelag – Ningbo"),
        ("Sor Trondelag", "Sør-Trøndelag – Ningbo"),
        ("宁波", "Sør-Trøndelag – Ningbo"),
        ("Níngbō", "Sør-Trøndelag – Ningbo"),
    ],
)
def test_partnership_search_finds_every_name_form(admin_client, some_of_everything, words, expected):
    response = admin_client.get(reverse("admin:directory_partnership_changelist"), {"q": words})

    assert [str(row) for row in response.context["cl"].result_list] == [expected]


@pytest.mark.parametrize(
    ("model", "words", "expected"),
    [
        ("place", "sor-trondelag", "Sør-Trøndelag"),
        ("place", "宁波", "Ningbo"),
        ("topic", "oil", "Oil and gas"),
        ("contact", "Kari", "Kari Nordmann"),
    ],
)
def test_search_of_places_topics_and_contacts(admin_client, some_of_everything, model, words, expected):
    response = admin_client.get(reverse(f"admin:directory_{model}_changelist"), {"q": words})

    assert [str(row) for row in response.context["cl"].result_list] == [expected]


def test_partnership_filters_by_decade_and_status(admin_client, some_of_everything):
    url = reverse("admin:directory_partnership_changelist")

    in_2000s = admin_client.get(url, {"decade": "2000"}).context["cl"].result_list
    unknown = admin_client.get(url, {"decade": "unknown"}).context["cl"].result_list
    drafts = admin_client.get(url, {"status__exact": "draft"}).context["cl"].result_list

    assert [p.signed for p in in_2000s] == ["2004-22"]
    assert [p.signed for p in unknown] == [""]
    assert all(not p.is_published for p in drafts)
    assert len(drafts) == 1


def test_the_list_shows_dates_as_people_write_them(admin_client, some_of_everything):
    response = admin_client.get(reverse("admin:directory_partnership_changelist"))

    assert "Summer 2004" in response.text


@pytest.mark.parametrize("model", MODELS)
def test_every_add_page_answers(admin_client, model):
    assert admin_client.get(reverse(f"admin:directory_{model}_add")).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("partnership", lambda: PartnershipFactory()),
        ("place", lambda: NorwegianPlaceFactory()),
        ("topic", lambda: TopicFactory()),
        ("contact", lambda: ContactFactory()),
    ],
)
def test_every_change_page_answers(admin_client, model, make):
    obj = make()

    response = admin_client.get(reverse(f"admin:directory_{model}_change", args=[obj.pk]))

    assert response.status_code == HTTPStatus.OK


def test_adding_a_partnership_with_a_milestone_and_a_contact_saves_a_draft_with_its_slug(admin_client):
    norwegian, chinese = NorwegianPlaceFactory(slug="stavanger"), ChinesePlaceFactory(slug="ningbo")
    data = partnership_form(
        norwegian,
        chinese,
        signed="summer 2004",
        **inline_management("milestones", total=1),
        **{"milestones-0-date": "May 1995", "milestones-0-text": "First contact."},
        **inline_management("contacts", total=1),
        **{
            "contacts-0-side": "embassy",
            "contacts-0-organisation": "Royal Norwegian Embassy",
            "contacts-0-lawful_basis": "public-role",
        },
    )

    response = admin_client.post(reverse("admin:directory_partnership_add"), data, follow=True)

    assert response.status_code == HTTPStatus.OK
    partnership = Partnership.objects.get()
    assert partnership.slug == "stavanger-ningbo"
    assert partnership.signed == "2004-22"
    assert partnership.status == Partnership.Status.DRAFT
    assert [m.date for m in partnership.milestones.all()] == ["1995-05"]
    assert partnership.contacts.get().organisation == "Royal Norwegian Embassy"
    assert "Summer 2004 (season), stored as 2004-22" in response.text


def test_adding_places_topics_and_contacts(admin_client):
    partnership = PartnershipFactory()
    admin_client.post(
        reverse("admin:directory_place_add"),
        {"name": "Tromsø", "native_name": "Tromsø kommune", "slug": "tromso", "country": "NO", "level": "municipality"},
    )
    admin_client.post(reverse("admin:directory_topic_add"), {"name": "Schools", "slug": "schools"})
    admin_client.post(
        reverse("admin:directory_contact_add"),
        {"partnership": partnership.pk, "side": "norwegian", "name": "Ola Nordmann", "lawful_basis": "public-role"},
    )

    assert Place.objects.filter(slug="tromso").exists()
    assert Topic.objects.filter(slug="schools").exists()
    assert Contact.objects.filter(name="Ola Nordmann", partnership=partnership).exists()


def test_a_bad_milestone_saves_nothing_and_says_which_field_and_how(admin_client):
    norwegian, chinese = NorwegianPlaceFactory(), ChinesePlaceFactory()
    data = partnership_form(
        norwegian,
        chinese,
        signed="2005",
        **inline_management("milestones", total=1),
        **{"milestones-0-date": "sometime in the nineties", "milestones-0-text": "First contact."},
    )

    response = admin_client.post(reverse("admin:directory_partnership_add"), data)

    assert response.status_code == HTTPStatus.OK
    assert not Partnership.objects.exists()
    assert not Milestone.objects.exists()
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "date" in errors
    assert "12 April 2010" in errors["date"][0]


@pytest.mark.parametrize("written", ["in the summer", "31 February 2010", "12/04/2010", "2004-25"])
def test_a_date_the_directory_cannot_read_is_refused_with_examples(admin_client, written):
    data = partnership_form(NorwegianPlaceFactory(), ChinesePlaceFactory(), signed=written)

    response = admin_client.post(reverse("admin:directory_partnership_add"), data)

    assert not Partnership.objects.exists()
    message = response.context["adminform"].form.errors["signed"][0]
    assert written in message
    assert "Summer 2004" in message


def test_a_second_partnership_for_the_same_pair_is_refused_with_a_message(admin_client):
    existing = PartnershipFactory()

    response = admin_client.post(
        reverse("admin:directory_partnership_add"),
        partnership_form(existing.norwegian_party, existing.chinese_party),
    )

    assert Partnership.objects.count() == 1
    assert "already have a partnership" in response.text


def test_a_chinese_place_cannot_be_the_norwegian_party(admin_client):
    response = admin_client.post(
        reverse("admin:directory_partnership_add"),
        partnership_form(ChinesePlaceFactory(), ChinesePlaceFactory()),
    )

    assert not Partnership.objects.exists()
    assert "norwegian_party" in response.context["adminform"].form.errors


def test_the_change_page_says_how_it_understood_the_date(admin_client):
    partnership = PartnershipFactory(signed="2004-22")

    response = admin_client.get(reverse("admin:directory_partnership_change", args=[partnership.pk]))

    assert "Understood as Summer 2004 (season), stored as 2004-22" in response.text
    assert 'value="Summer 2004"' in response.text


def test_a_published_partnership_keeps_its_slug(admin_client):
    partnership = PartnershipFactory(slug="stavanger-ningbo")
    response = admin_client.get(reverse("admin:directory_partnership_change", args=[partnership.pk]))
    data = {
        **partnership_form(partnership.norwegian_party, partnership.chinese_party, opened_version=partnership.version),
        "slug": "something-else",
    }
    data["status"] = "published"

    admin_client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)

    assert "slug" not in response.context["adminform"].form.fields
    partnership.refresh_from_db()
    assert partnership.slug == "stavanger-ningbo"


def test_a_draft_that_was_never_published_may_change_its_slug(admin_client):
    partnership = PartnershipFactory(status=Partnership.Status.DRAFT, slug="old-slug")
    data = {
        **partnership_form(partnership.norwegian_party, partnership.chinese_party, opened_version=partnership.version),
        "slug": "new-slug",
    }

    admin_client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)

    partnership.refresh_from_db()
    assert partnership.slug == "new-slug"


def test_a_place_in_use_cannot_be_deleted_and_the_page_names_the_partnership(admin_client):
    partnership = PartnershipFactory()
    url = reverse("admin:directory_place_delete", args=[partnership.norwegian_party.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"post": "yes"})

    assert Place.objects.filter(pk=partnership.norwegian_party.pk).exists()
    assert "is in use, so it cannot be deleted" in page.text
    assert partnership.title in page.text


def test_a_topic_in_use_cannot_be_deleted_and_the_page_names_the_partnership(admin_client):
    partnership = PartnershipFactory()
    topic = TopicFactory()
    partnership.topics.add(topic)
    url = reverse("admin:directory_topic_delete", args=[topic.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"post": "yes"})

    assert Topic.objects.filter(pk=topic.pk).exists()
    assert partnership.topics.filter(pk=topic.pk).exists()
    assert "is in use, so it cannot be deleted" in page.text
    assert partnership.title in page.text


def test_deleting_topics_in_use_from_the_list_deletes_none(admin_client):
    used, unused = TopicFactory(), TopicFactory()
    PartnershipFactory().topics.add(used)

    response = admin_client.post(
        reverse("admin:directory_topic_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert Topic.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2
    assert "are in use, so none was deleted" in response.text


def test_an_unused_topic_can_be_deleted(admin_client):
    topic = TopicFactory()

    admin_client.post(reverse("admin:directory_topic_delete", args=[topic.pk]), {"post": "yes"})

    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_the_place_autocomplete_offers_only_places_of_the_right_country(admin_client):
    NorwegianPlaceFactory(name="Bergen")
    ChinesePlaceFactory(name="Bengbu")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Be", "app_label": "directory", "model_name": "partnership", "field_name": "chinese_party"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["Bengbu"]


def test_view_on_site_links_to_the_public_page(admin_client):
    partnership = PartnershipFactory()

    response = admin_client.get(reverse("admin:directory_partnership_change", args=[partnership.pk]))

    assert response.context["has_absolute_url"]
    assert "View on site" in response.text


def test_an_editor_adds_sources_in_order_and_the_page_lists_them(admin_client):
    partnership = PartnershipFactory(slug="kommune-city")
    data = {
        **partnership_form(
            partnership.norwegian_party,
            partnership.chinese_party,
            slug="kommune-city",
            status="published",
            opened_version=partnership.version,
        ),
        **inline_management("sources", total=2),
        **{
            "sources-0-order": "2",
            "sources-0-title": "Samarbeid med Ningbo",
            "sources-0-url": "www.kommune.no/ningbo",
            "sources-0-publisher": "Kommune",
            "sources-0-published": "May 2011",
            "sources-0-accessed": "2026-03-14",
            "sources-0-language": "nb",
            "sources-1-order": "1",
            "sources-1-title": "Friendship Cities and Provinces",
            "sources-1-language": "en",
        },
    }

    response = admin_client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)

    assert response.status_code == HTTPStatus.FOUND, response.context and response.context["errors"]
    sources = list(partnership.sources.all())
    assert [source.title for source in sources] == ["Friendship Cities and Provinces", "Samarbeid med Ningbo"]
    assert (sources[1].url, sources[1].published, str(sources[1].accessed)) == (
        "https://www.kommune.no/ningbo",
        "2011-05",
        "2026-03-14",
    )


def test_a_bad_source_saves_nothing_and_says_which_field(admin_client):
    partnership = PartnershipFactory(summary="Before.")
    data = {
        **partnership_form(partnership.norwegian_party, partnership.chinese_party, slug=partnership.slug),
        "summary": "After.",
        **inline_management("sources", total=1),
        **{
            "sources-0-order": "1",
            "sources-0-title": "",
            "sources-0-url": "not a web address",
            "sources-0-language": "en",
        },
    }

    response = admin_client.post(reverse("admin:directory_partnership_change", args=[partnership.pk]), data)

    assert response.status_code == HTTPStatus.OK
    partnership.refresh_from_db()
    assert partnership.summary == "Before."
    assert not partnership.sources.exists()
    errors = response.context["inline_admin_formsets"][1].formset.errors[0]
    assert set(errors) == {"title", "url"}
