"""Derived data depends on the partnership alone: not on the language of whoever saved it, nor on the path that
wrote it (the admin, its inlines, a CSV import, load_directory, a shell). Its search text is computed by one
function, once per save, after the topics and milestones are saved."""

import json
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from directory.models import Partnership
from directory.models import partnerships as directory_models
from directory.search import normalise, search_text

from .admin_helpers import inline_management, make_editor, partnership_form, sign_in
from .factories import ChinesePlaceFactory, MilestoneFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory
from .html_forms import form_data
from .test_import_export import confirm, csv_file, preview

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "nb", "zh-hans"]
DERIVED = ["search_text", "signed_earliest", "signed_latest", "slug", "published_at"]


@pytest.fixture
def parties_and_topics():
    stavanger = NorwegianPlaceFactory(name="Stavanger", name_zh_hans="斯塔万格", slug="stavanger")
    ningbo = ChinesePlaceFactory(name="Ningbo", native_name="宁波市", pinyin="Níngbō Shì", slug="ningbo")
    energy = TopicFactory(name="Energy", name_nb="Energi", name_zh_hans="能源", slug="energy")
    schools = TopicFactory(name="Schools", name_nb="Skoler", name_zh_hans="学校", slug="schools")
    return stavanger, ningbo, [energy, schools]


def derived(partnership):
    partnership.refresh_from_db()
    return {name: getattr(partnership, name) for name in DERIVED}


def test_the_search_text_holds_the_kind_and_topic_labels_in_all_three_languages(parties_and_topics):
    stavanger, ningbo, topics = parties_and_topics
    with translation.override("nb"):
        partnership = PartnershipFactory(norwegian_party=stavanger, chinese_party=ningbo, kind="cooperation-agreement")
        partnership.topics.set(topics)

    partnership.refresh_from_db()
    for label in [
        "Cooperation agreement",
        "Samarbeidsavtale",
        "合作协议",
        "Energy",
        "Energi",
        "能源",
        "Skoler",
        "学校",
    ]:
        assert normalise(label) in partnership.search_text


@pytest.mark.parametrize("words", ["samarbeidsavtale", "合作协议", "cooperation agreement", "energi"])
def test_a_search_finds_the_kind_and_topics_in_any_language_from_any_page(client, parties_and_topics, words):
    stavanger, ningbo, topics = parties_and_topics
    partnership = PartnershipFactory(norwegian_party=stavanger, chinese_party=ningbo, kind="cooperation-agreement")
    partnership.topics.set(topics)

    for prefix in ["", "/nb", "/zh-hans"]:
        response = client.get(f"{prefix}/partnerships/", {"q": words})
        assert response.context["page_obj"].paginator.count == 1, (prefix, words)


def test_saving_a_partnership_with_the_admin_in_each_language_stores_the_same_derived_fields(
    client, parties_and_topics
):
    stavanger, ningbo, topics = parties_and_topics
    partnership = PartnershipFactory(
        norwegian_party=stavanger, chinese_party=ningbo, signed="2004-22", kind="twin-town-agreement"
    )
    partnership.topics.set(topics)
    MilestoneFactory(partnership=partnership, date="1995", text="First contact.", text_nb="Første kontakt.")
    sign_in(client, make_editor())
    url = reverse("admin:directory_partnership_change", args=[partnership.pk])

    stored = {}
    for language in LANGUAGES:
        Partnership.objects.filter(pk=partnership.pk).update(search_text="stale", signed_earliest=None)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(url)
        assert page["Content-Language"] == language
        response = client.post(url, form_data(page.text, "partnership_form"))
        assert response.status_code == 302
        stored[language] = derived(partnership)

    assert stored["en"] == stored["nb"] == stored["zh-hans"]
    assert stored["en"]["search_text"] != "stale"
    partnership.refresh_from_db()
    assert partnership.search_text == search_text(partnership)


def write_with_the_admin(client, stavanger, ningbo, topics, language="zh-hans"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = partnership_form(
        stavanger,
        ningbo,
        kind="cooperation-agreement",
        signed="2004年夏" if language == "zh-hans" else "sommeren 2004",
        summary="Harbours and schools.",
        topics=[str(topic.pk) for topic in topics],
    )
    response = client.post(reverse("admin:directory_partnership_add"), data)
    assert response.status_code == 302


def write_with_an_import(client, stavanger, ningbo, topics):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    row = {
        "norwegian_party": stavanger.slug,
        "chinese_party": ningbo.slug,
        "kind": "cooperation-agreement",
        "signed": "sommeren 2004",
        "summary": "Harbours and schools.",
        "topics": ";".join(topic.slug for topic in topics),
    }
    confirm(client, preview(client, csv_file([row])))


def write_with_load_directory(client, stavanger, ningbo, topics, tmp_path):
    fixture = [
        {
            "model": "directory.partnership",
            "fields": {
                "slug": f"{stavanger.slug}-{ningbo.slug}",
                "norwegian_party": [stavanger.slug],
                "chinese_party": [ningbo.slug],
                "kind": "cooperation-agreement",
                "signed": "2004-22",
                "summary": "Harbours and schools.",
                "topics": [[topic.slug] for topic in topics],
            },
        }
    ]
    path = tmp_path / "partnerships.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    with translation.override("nb"):
        call_command("load_directory", "--from", str(path), verbosity=0)


def write_in_a_shell(client, stavanger, ningbo, topics):
    with translation.override("zh-hans"):
        partnership = Partnership.objects.create(
            norwegian_party=stavanger,
            chinese_party=ningbo,
            kind="cooperation-agreement",
            signed="2004-22",
            summary="Harbours and schools.",
        )
        partnership.topics.set(topics)


WRITE_PATHS = {
    "the admin in Chinese": write_with_the_admin,
    "the admin in Norwegian": lambda *args: write_with_the_admin(*args, language="nb"),
    "a CSV import": write_with_an_import,
    "load_directory": write_with_load_directory,
    "a shell": write_in_a_shell,
}


def test_every_write_path_stores_the_same_derived_fields(client, parties_and_topics, tmp_path):
    stavanger, ningbo, topics = parties_and_topics
    sign_in(client, make_editor())
    stored = {}
    for path, write in WRITE_PATHS.items():
        arguments = (client, stavanger, ningbo, topics) + ((tmp_path,) if path == "load_directory" else ())
        write(*arguments)
        partnership = Partnership.objects.get()
        stored[path] = {name: getattr(partnership, name) for name in ["search_text", "signed_earliest", "slug"]}
        partnership.delete()

    assert len({json.dumps(values, default=str) for values in stored.values()}) == 1, stored
    assert "samarbeidsavtale" in stored["a shell"]["search_text"]


def test_milestones_written_by_the_admin_s_inline_load_directory_or_a_shell_give_the_same_search_text(
    client, parties_and_topics, tmp_path
):
    stavanger, ningbo, _topics = parties_and_topics
    sign_in(client, make_editor())
    data = partnership_form(
        stavanger,
        ningbo,
        **inline_management("milestones", total=1),
        **{"milestones-0-date": "1995", "milestones-0-text": "First contact.", "milestones-0-text_nb": "Kontakt."},
    )
    client.post(reverse("admin:directory_partnership_add"), data)
    by_admin = Partnership.objects.get().search_text
    Partnership.objects.get().delete()

    fixture = [
        {
            "model": "directory.partnership",
            "fields": {"slug": "stavanger-ningbo", "norwegian_party": ["stavanger"], "chinese_party": ["ningbo"]},
        },
        {
            "model": "directory.milestone",
            "fields": {
                "partnership": ["stavanger-ningbo"],
                "date": "1995",
                "text": "First contact.",
                "text_nb": "Kontakt.",
            },
        },
    ]
    (tmp_path / "one.json").write_text(json.dumps(fixture), encoding="utf-8")
    call_command("load_directory", "--from", str(tmp_path / "one.json"), verbosity=0)
    by_load = Partnership.objects.get().search_text
    Partnership.objects.get().delete()

    partnership = Partnership.objects.create(norwegian_party=stavanger, chinese_party=ningbo)
    MilestoneFactory(partnership=partnership, date="1995", text="First contact.", text_nb="Kontakt.")
    partnership.refresh_from_db()

    assert by_admin == by_load == partnership.search_text
    assert "kontakt" in by_admin


@pytest.fixture
def counted_search_text():
    """How often the search text is computed."""
    with mock.patch.object(directory_models, "search_text", wraps=directory_models.search_text) as counted:
        yield counted


def test_an_admin_save_with_topics_and_milestones_computes_the_search_text_once(
    client, parties_and_topics, counted_search_text
):
    stavanger, ningbo, topics = parties_and_topics
    sign_in(client, make_editor())
    data = partnership_form(
        stavanger,
        ningbo,
        topics=[str(topic.pk) for topic in topics],
        **inline_management("milestones", total=2),
        **{"milestones-0-date": "1995", "milestones-0-text": "First contact."},
        **{"milestones-1-date": "May 2001", "milestones-1-text": "A visit."},
    )

    response = client.post(reverse("admin:directory_partnership_add"), data)

    assert response.status_code == 302
    assert counted_search_text.call_count == 1
    partnership = Partnership.objects.get()
    assert partnership.search_text == search_text(partnership)
    assert "a visit" in partnership.search_text
    assert "energi" in partnership.search_text


def test_an_import_computes_each_partnership_s_search_text_once_in_the_preview_and_once_when_confirmed(
    client, parties_and_topics, counted_search_text
):
    stavanger, ningbo, _topics = parties_and_topics
    bergen = NorwegianPlaceFactory(name="Bergen", slug="bergen")
    sign_in(client, make_editor())
    rows = [
        {
            "norwegian_party": party.slug,
            "chinese_party": ningbo.slug,
            "kind": "cooperation-agreement",
            "topics": "energy",
        }
        for party in (stavanger, bergen)
    ]

    previewed = preview(client, csv_file(rows))
    assert counted_search_text.call_count == 2
    counted_search_text.reset_mock()
    confirm(client, previewed)

    assert counted_search_text.call_count == 2
    for partnership in Partnership.objects.all():
        assert partnership.search_text == search_text(partnership)
        assert "能源" in partnership.search_text


def test_load_directory_computes_each_partnership_s_search_text_once(counted_search_text):
    call_command("load_directory", verbosity=0)

    assert counted_search_text.call_count == Partnership.objects.count() == 8
    for partnership in Partnership.objects.all():
        assert partnership.search_text == search_text(partnership)


def test_a_shell_s_writes_still_refresh_the_search_text(parties_and_topics):
    stavanger, ningbo, topics = parties_and_topics
    partnership = Partnership.objects.create(norwegian_party=stavanger, chinese_party=ningbo)

    partnership.topics.add(topics[0])
    MilestoneFactory(partnership=partnership, text="A delegation from Ningbo.")
    topics[0].name_zh_hans = "能源与电力"
    topics[0].save()
    ningbo.name_nb = "Ningbo by"
    ningbo.save()

    partnership.refresh_from_db()
    assert partnership.search_text == search_text(partnership)
    assert "能源与电力" in partnership.search_text
    assert "ningbo by" in partnership.search_text
    assert "a delegation from ningbo" in partnership.search_text
