"""Names and content in every language (issue 8, items 3, 4 and 6).

Places, topics, summaries and milestones in English, Norwegian and Chinese; the English shown, marked
with lang="en" and a note, where a translation is missing; and a search that finds the same partnership
by any of its names, in any script, from the pages of every language.
"""

import json
import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from directory.loading import DEFAULT_FIXTURES
from directory.models import Milestone, Partnership, Place, Topic

from .admin_helpers import form_data_from, make_editor, sign_in
from .factories import ChinesePlaceFactory, MilestoneFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

PREFIXES = {"en": "", "nb": "/nb", "zh-hans": "/zh-hans"}

# The eight agreements' Norwegian parties in Chinese, as the fixtures carry them (checked place data).
CHINESE_NAMES = {
    "oslo": "奥斯陆",
    "bergen": "卑尔根",
    "stavanger": "斯塔万格",
    "sandefjord": "桑德菲尤尔",
    "fredrikstad": "腓特烈斯塔",
    "rogaland": "罗加兰郡",
    "telemark": "泰勒玛克郡",
    "sor-trondelag": "南特伦德拉格郡",
}


@pytest.fixture(autouse=True)
def _english_between_requests():
    """The test client leaves the last page's language active."""
    translation.activate("en")
    yield
    translation.activate("en")


def note(language):
    with translation.override(language):
        return translation.gettext("Not yet translated; shown in English.")


def h1(response):
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.DOTALL).group(1)


def title(response):
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


def listed_slugs(response, prefix):
    """The partnerships on a list page's cards."""
    card_link = rf'<h3 class="ds-heading" data-size="xs"><a class="ds-link" href="{prefix}/partnerships/([-\w]+)/"'
    return set(re.findall(card_link, response.text))


# The fixtures


@pytest.mark.usefixtures("listed_agreements")
def test_every_norwegian_party_has_its_chinese_name():
    parties = Place.objects.filter(partnerships_as_norwegian_party__isnull=False)

    assert {place.slug: place.name_zh_hans for place in parties} == CHINESE_NAMES


@pytest.mark.usefixtures("listed_agreements")
def test_chinese_places_keep_their_english_name_in_norwegian_and_their_native_name_in_chinese():
    for place in Place.objects.filter(country="CN"):
        assert place.name_nb == ""
        assert place.name_zh_hans == ""
        with translation.override("nb"):
            assert place.local_name == place.name
        with translation.override("zh-hans"):
            assert place.local_name == place.native_name
            assert not place.local_name.is_fallback


@pytest.mark.usefixtures("listed_agreements")
def test_every_topic_summary_and_milestone_of_the_fixtures_is_in_norwegian_and_chinese():
    assert not Topic.objects.filter(name_nb="").exists()
    assert not Topic.objects.filter(name_zh_hans="").exists()
    assert not Partnership.objects.filter(summary_nb="").exists()
    assert not Partnership.objects.filter(summary_zh_hans="").exists()
    assert Milestone.objects.count() == 5
    assert not Milestone.objects.filter(text_nb="").exists()
    assert not Milestone.objects.filter(text_zh_hans="").exists()


@pytest.mark.usefixtures("listed_agreements")
def test_each_translated_summary_keeps_the_years_of_the_english_one():
    def years(text):
        return sorted(re.findall(r"(?<!\d)\d{4}(?!\d)", text))

    for partnership in Partnership.objects.all():
        assert years(partnership.summary), partnership.slug
        assert years(partnership.summary_nb) == years(partnership.summary), partnership.slug
        assert years(partnership.summary_zh_hans) == years(partnership.summary), partnership.slug


@pytest.mark.usefixtures("listed_agreements")
def test_each_translated_summary_names_its_parties_in_its_language():
    for partnership in Partnership.objects.select_related("norwegian_party", "chinese_party"):
        norwegian, chinese = partnership.norwegian_party, partnership.chinese_party
        assert norwegian.name in partnership.summary_nb
        assert chinese.name in partnership.summary_nb
        assert norwegian.name_zh_hans in partnership.summary_zh_hans
        assert chinese.native_name.removesuffix("市").removesuffix("省") in partnership.summary_zh_hans


# Pages in each language


@pytest.mark.usefixtures("listed_agreements")
def test_a_partnership_page_shows_names_summary_topics_and_milestones_in_its_language(client):
    english = client.get("/partnerships/oslo-shanghai/")
    norwegian = client.get("/nb/partnerships/oslo-shanghai/")
    chinese = client.get("/zh-hans/partnerships/oslo-shanghai/")

    assert h1(english) == "Oslo – Shanghai"
    assert h1(norwegian) == "Oslo – Shanghai"
    assert h1(chinese) == "奥斯陆 – 上海市"
    assert title(chinese).startswith("奥斯陆 – 上海市 – ")
    assert "Oslo and Shanghai signed a friendship agreement in Shanghai" in english.text
    assert "Oslo og Shanghai undertegnet en vennskapsavtale i Shanghai 8. november 2001." in norwegian.text
    assert "奥斯陆与上海于2001年11月8日在上海签署友好协议。" in chinese.text
    assert ">Miljø</a>" in norwegian.text
    assert ">环境</a>" in chinese.text
    assert "Skoler i Oslo og Shanghai knyttet kontakt med hverandre." in norwegian.text
    assert "奥斯陆和上海的学校相互建立了联系。" in chinese.text
    for response, language in [(english, "en"), (norwegian, "nb"), (chinese, "zh-hans")]:
        assert note(language) not in response.text
    json_ld = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)  # stays in English
    assert "Oslo and Shanghai signed" not in json_ld.sub("", norwegian.text + chinese.text)


@pytest.mark.usefixtures("listed_agreements")
def test_the_native_names_stay_in_their_own_scripts_on_every_page(client):
    for prefix in PREFIXES.values():
        text = client.get(f"{prefix}/partnerships/stavanger-ningbo/").text

        assert '<span lang="nb">Stavanger kommune</span>' in text
        assert '<span lang="zh-Hans">宁波市</span>' in text


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("path", "shown", "left_out"),
    [
        # Not "Rogaland Rogaland fylke": the native name only adds the level, which the page says in its words.
        ("/places/rogaland/", ["Rogaland"], ["Rogaland fylke"]),
        ("/places/stavanger/", ["Stavanger"], ["Stavanger kommune"]),
        ("/nb/places/rogaland/", ["Rogaland"], ["Rogaland fylke"]),
        ("/zh-hans/places/rogaland/", ['罗加兰郡 <span lang="nb">Rogaland fylke</span>'], []),
        ("/zh-hans/places/trondelag/", ['<span lang="en">Trøndelag</span>'], ["Trøndelag fylke"]),
        ("/places/ningbo/", ['Ningbo <span lang="zh-Hans">宁波市</span>'], []),
        ("/nb/places/ningbo/", ['Ningbo <span lang="zh-Hans">宁波市</span>'], []),
        ("/zh-hans/places/ningbo/", ["宁波市"], ["Ningbo"]),
    ],
)
def test_a_place_heading_adds_its_native_name_only_where_it_says_more(client, path, shown, left_out):
    heading = h1(client.get(path))

    for text in shown:
        assert text in heading
    for text in left_out:
        assert text not in heading
    assert heading.count("宁波市") <= 1
    assert heading.count("Rogaland") <= 1


@pytest.mark.usefixtures("listed_agreements")
def test_lists_cards_facets_and_home_use_the_names_of_the_page_language(client):
    # Every topic: the listed agreements' 18 are more than a short facet shows (oil and gas among those cut).
    chinese_list = client.get("/zh-hans/partnerships/?all=topic")
    norwegian_list = client.get("/nb/partnerships/?all=topic")
    chinese_home = client.get("/zh-hans/")

    assert ">奥斯陆 – 上海市</a></h3>" in chinese_list.text
    assert ">卑尔根 – 大连市</a></h3>" in chinese_list.text
    assert re.search(r'for="place-bergen">卑尔根（', chinese_list.text)
    assert re.search(r'for="topic-oil-and-gas">石油和天然气（', chinese_list.text)
    assert re.search(r'for="topic-oil-and-gas">Olje og gass ', norwegian_list.text)
    assert ">奥斯陆 – 上海市</a>" in chinese_home.text
    assert ">罗加兰郡</a>" in chinese_home.text
    assert ">饮食文化</a>" not in chinese_home.text  # a subtopic: the home page lists the broad ones
    assert ">文化</a>" in chinese_home.text


@pytest.mark.usefixtures("listed_agreements")
def test_the_map_names_its_places_in_the_page_language(client):
    chinese = client.get("/zh-hans/partnerships/oslo-shanghai/").text
    english = client.get("/partnerships/oslo-shanghai/").text

    assert "<title>奥斯陆</title>" in chinese
    assert "<title>奥斯陆 – 上海市</title>" in chinese
    assert re.search(r'lang="zh-Hans"[^>]*>奥斯陆</text>', chinese)
    assert re.search(r'lang="nb"[^>]*>Oslo kommune</text>', english)


@pytest.mark.usefixtures("listed_agreements")
def test_a_place_without_a_chinese_name_is_shown_in_english_and_marked(client):
    response = client.get("/zh-hans/places/vestfold/")

    assert h1(response).startswith('<span lang="en">Vestfold</span>')
    assert note("zh-hans") in response.text
    assert title(response).startswith("Vestfold – ")
    card = client.get("/zh-hans/places/sandefjord/").text
    assert '<span lang="en">Vestfold</span>' in card
    assert note("zh-hans") not in card


@pytest.mark.usefixtures("listed_agreements")
def test_a_place_with_its_own_name_is_not_marked(client):
    response = client.get("/zh-hans/places/oslo/")

    assert h1(response) == '奥斯陆 <span lang="nb">Oslo kommune</span>'
    assert note("zh-hans") not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "zh-hans"])
def test_a_summary_not_yet_translated_is_shown_in_english_marked_and_noted(client, language):
    partnership = PartnershipFactory(summary="Only in English so far.", summary_nb="", summary_zh_hans="")

    text = client.get(f"{PREFIXES[language]}{partnership.get_absolute_url()}").text

    assert '<p class="ds-paragraph" data-variant="long" lang="en">Only in English so far.</p>' in text
    assert note(language) in text


@pytest.mark.django_db
def test_only_the_missing_translation_falls_back(client):
    url = PartnershipFactory(summary="In English.", summary_nb="På norsk.", summary_zh_hans="").get_absolute_url()

    norwegian = client.get(f"/nb{url}").text
    chinese = client.get(f"/zh-hans{url}").text

    assert '<p class="ds-paragraph" data-variant="long">På norsk.</p>' in norwegian
    assert note("nb") not in norwegian
    assert '<p class="ds-paragraph" data-variant="long" lang="en">In English.</p>' in chinese
    assert note("zh-hans") in chinese


@pytest.mark.django_db
def test_a_milestone_and_a_topic_not_yet_translated_are_marked(client):
    topic = TopicFactory(name="Shipping", name_nb="Skipsfart", name_zh_hans="")
    partnership = PartnershipFactory(summary_zh_hans="中文摘要。")
    partnership.topics.add(topic)
    MilestoneFactory(partnership=partnership, date="1995", text="First contact.", text_zh_hans="首次接触。")
    MilestoneFactory(partnership=partnership, date="1999", text="Renewed.", text_zh_hans="")

    url = partnership.get_absolute_url()

    chinese = client.get(f"/zh-hans{url}").text
    norwegian = client.get(f"/nb{url}").text

    assert "首次接触。</li>" in chinese
    assert '<span lang="en">Renewed.</span>' in chinese
    assert note("zh-hans") in chinese
    assert '<span lang="en">Shipping</span></a>' in chinese
    assert ">Skipsfart</a>" in norwegian


@pytest.mark.django_db
def test_a_translated_name_is_escaped_like_any_other(client):
    place = NorwegianPlaceFactory(name="Evil", name_zh_hans="<script>x</script>")
    partnership = PartnershipFactory(norwegian_party=place)

    text = client.get(f"/zh-hans{partnership.get_absolute_url()}").text

    assert "<script>x</script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text


# Search in every script, from every language's pages


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("query", ["奥斯陆", "Oslo", "oslo", "上海", "Shanghai", "Shànghǎi", "shanghai", "上海市"])
def test_oslo_shanghai_is_found_by_any_of_its_names_from_every_language(client, language, query):
    prefix = PREFIXES[language]

    response = client.get(f"{prefix}/partnerships/", {"q": query})

    assert response.status_code == HTTPStatus.OK
    assert listed_slugs(response, prefix) == {"oslo-shanghai"}


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("卑尔根", "bergen-dalian"),
        ("南特伦德拉格郡", "sor-trondelag-chongqing"),
        ("罗加兰 广东", "rogaland-guangdong"),  # 罗加兰 alone finds Stavanger–Ningbo too: Stavanger lies in Rogaland
        ("石油和天然气", "stavanger-ningbo"),
        ("olje og gass", "stavanger-ningbo"),
        ("vennskapsbyavtale", "fredrikstad-zhuzhou"),
        ("首次接触", "fredrikstad-zhuzhou"),
        ("Níngbō", "stavanger-ningbo"),
        ("ningbo", "stavanger-ningbo"),
    ],
)
def test_names_topics_summaries_and_milestones_in_every_language_are_searched(client, language, query, slug):
    prefix = PREFIXES[language]

    assert listed_slugs(client.get(f"{prefix}/partnerships/", {"q": query}), prefix) == {slug}


@pytest.mark.usefixtures("listed_agreements")
def test_a_name_in_another_script_does_not_find_everything(client):
    assert listed_slugs(client.get("/zh-hans/partnerships/", {"q": "卑尔根 上海"}), "/zh-hans") == set()


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_the_search_follows_a_translation_an_editor_adds_to_a_place_or_topic(client):
    place = NorwegianPlaceFactory(name="Tromsø", slug="tromso")
    topic = TopicFactory(name="Fisheries", slug="fisheries")
    partnership = PartnershipFactory(norwegian_party=place)
    partnership.topics.add(topic)
    assert not listed_slugs(client.get("/zh-hans/partnerships/", {"q": "特罗姆瑟"}), "/zh-hans")

    place.name_zh_hans = "特罗姆瑟"
    place.save()
    topic.name_nb = "Fiskeri"
    topic.save()

    assert listed_slugs(client.get("/zh-hans/partnerships/", {"q": "特罗姆瑟"}), "/zh-hans") == {partnership.slug}
    assert listed_slugs(client.get("/nb/partnerships/", {"q": "fiskeri"}), "/nb") == {partnership.slug}


# The data


@pytest.mark.usefixtures("listed_agreements")
def test_the_json_adds_the_names_and_texts_of_the_other_languages(client):
    data = client.get(reverse("directory:partnership-detail-json", args=["oslo-shanghai"])).json()

    assert data["title"] == "Oslo – Shanghai"
    assert data["summary"].startswith("Oslo and Shanghai")
    assert data["summaries"]["nb"].startswith("Oslo og Shanghai")
    assert data["summaries"]["zh-Hans"].startswith("奥斯陆与上海")
    assert data["norwegian_party"]["name"] == "Oslo"
    assert data["norwegian_party"]["names"] == {"nb": "Oslo", "zh-Hans": "奥斯陆"}
    assert data["chinese_party"]["names"] == {"nb": "Shanghai", "zh-Hans": "上海市"}
    assert data["milestones"][0]["texts"] == {
        "nb": "Skoler i Oslo og Shanghai knyttet kontakt med hverandre.",
        "zh-Hans": "奥斯陆和上海的学校相互建立了联系。",
    }


@pytest.mark.django_db
def test_the_json_gives_null_where_the_pages_fall_back_to_english(client):
    place = NorwegianPlaceFactory(name="Vardø", name_zh_hans="")
    partnership = PartnershipFactory(norwegian_party=place, summary_nb="", summary_zh_hans="På kinesisk.")

    data = client.get(reverse("directory:partnership-detail-json", args=[partnership.slug])).json()

    assert data["norwegian_party"]["names"] == {"nb": "Vardø", "zh-Hans": None}
    assert data["summaries"] == {"nb": None, "zh-Hans": "På kinesisk."}


# Loading the fixtures into a directory loaded before the translations existed


def load(*args):
    out = StringIO()
    call_command("load_directory", *args, stdout=out)
    return out.getvalue()


def forget_translations():
    """The directory as it was loaded before there were translations."""
    Place.objects.update(name_nb="", name_zh_hans="")
    Topic.objects.update(name_nb="", name_zh_hans="")
    Partnership.objects.update(summary_nb="", summary_zh_hans="")
    Milestone.objects.update(text_nb="", text_zh_hans="")


@pytest.mark.django_db
def test_loading_again_fills_in_the_missing_translations_without_update():
    load()
    forget_translations()

    output = load()

    assert Place.objects.get(slug="oslo").name_zh_hans == "奥斯陆"
    assert Topic.objects.get(slug="energy").name_nb == "Energi"
    assert Partnership.objects.get(slug="bergen-dalian").summary_zh_hans.startswith("卑尔根与大连")
    assert not Milestone.objects.filter(text_nb="").exists()
    assert "Filled in the missing translations of place oslo (name_zh_hans)" in output
    assert "Added 0, kept 50, replaced 0. Filled in missing translations of 34." in output
    assert Partnership.objects.search("奥斯陆").get().slug == "oslo-shanghai"
    assert "Added 0, kept 50, replaced 0.\n" in load() + "\n"


@pytest.mark.django_db
def test_loading_again_keeps_a_translation_an_editor_wrote():
    load()
    Partnership.objects.filter(slug="bergen-dalian").update(summary_nb="Redigert av en redaktør.", summary_zh_hans="")
    Place.objects.filter(slug="bergen").update(name_zh_hans="贝尔根")
    Milestone.objects.filter(text__startswith="First contact").update(text_nb="Første kontakt (redigert).")

    load()

    bergen_dalian = Partnership.objects.get(slug="bergen-dalian")
    assert bergen_dalian.summary_nb == "Redigert av en redaktør."
    assert bergen_dalian.summary_zh_hans.startswith("卑尔根与大连")
    assert Place.objects.get(slug="bergen").name_zh_hans == "贝尔根"
    assert Milestone.objects.get(text__startswith="First contact").text_nb == "Første kontakt (redigert)."


@pytest.mark.django_db
def test_a_milestone_an_editor_rewrote_gets_no_translation_of_the_old_text():
    load()
    forget_translations()
    Milestone.objects.filter(text__startswith="First contact").update(text="First contact, by letter.")

    load()

    assert Milestone.objects.get(text="First contact, by letter.").text_nb == ""


@pytest.mark.django_db
def test_update_takes_the_fixtures_translations_and_names_them():
    load()
    Place.objects.filter(slug="bergen").update(name_zh_hans="贝尔根")
    Milestone.objects.filter(text__startswith="First contact").update(text_zh_hans="第一次接触。")

    output = load("--update")

    assert Place.objects.get(slug="bergen").name_zh_hans == "卑尔根"
    assert Milestone.objects.get(text__startswith="First contact").text_zh_hans == "腓特烈斯塔与株洲首次接触。"
    assert "Replaced place bergen (name_zh_hans)" in output
    assert "Replaced partnership fredrikstad-zhuzhou (milestones)" in output


@pytest.mark.django_db
def test_a_file_without_translations_leaves_the_stored_ones_alone(tmp_path):
    load()
    records = json.loads(DEFAULT_FIXTURES[0].read_text(encoding="utf-8"))
    for record in records:
        record["fields"].pop("name_nb")
        record["fields"].pop("name_zh_hans")
    path = tmp_path / "places.json"
    path.write_text(json.dumps(records), encoding="utf-8")

    output = load("--update", "--from", str(path))

    assert Place.objects.get(slug="oslo").name_zh_hans == "奥斯陆"
    assert "replaced 0" in output


# The admin


@pytest.mark.django_db
def test_the_admin_shows_the_three_languages_side_by_side(client):
    partnership = PartnershipFactory()
    MilestoneFactory(partnership=partnership)
    sign_in(client, make_editor())

    text = client.get(reverse("admin:directory_partnership_change", args=[partnership.pk])).text

    row = re.search(r'<div class="form-row field-summary field-summary_nb field-summary_zh_hans">', text)
    assert row
    for name in ["milestones-0-text", "milestones-0-text_nb", "milestones-0-text_zh_hans"]:
        assert f'name="{name}"' in text
    assert "css/admin.css" in text
    place = client.get(reverse("admin:directory_place_change", args=[partnership.norwegian_party.pk])).text
    assert 'class="form-row field-name field-name_nb field-name_zh_hans"' in place


@pytest.mark.django_db
def test_a_translation_changed_in_the_admin_is_in_the_history_and_can_be_undone(client):
    partnership = PartnershipFactory(summary_zh_hans="正确的摘要。")
    editor = make_editor()
    sign_in(client, editor)
    url = reverse("admin:directory_partnership_change", args=[partnership.pk])
    data = form_data_from(client.get(url))
    data.update(summary_zh_hans="错误的摘要。")

    client.post(url, data)

    partnership.refresh_from_db()
    assert partnership.summary_zh_hans == "错误的摘要。"
    latest = Version.objects.get_for_object(partnership).first()
    assert latest.field_dict["summary_zh_hans"] == "错误的摘要。"
    assert "Summary in Chinese" in latest.revision.comment
    before = Version.objects.get_for_object(partnership).last()
    revision_url = reverse("admin:directory_partnership_revision", args=[partnership.pk, before.pk])
    client.post(revision_url, form_data_from(client.get(revision_url)))
    partnership.refresh_from_db()
    assert partnership.summary_zh_hans == "正确的摘要。"


@pytest.mark.django_db
def test_the_place_autocomplete_finds_a_place_by_its_chinese_name(client):
    ChinesePlaceFactory(name="Dalian", native_name="大连市")
    place = NorwegianPlaceFactory(name="Bergen", name_zh_hans="卑尔根")
    sign_in(client, make_editor())

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "卑尔根", "app_label": "directory", "model_name": "partnership", "field_name": "norwegian_party"},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(place.pk)]
