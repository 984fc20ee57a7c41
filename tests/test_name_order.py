"""Names in the order each language reads them: by pinyin on the Chinese pages; "newest" in an order it says."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.models import Partnership, Place, Topic
from directory.translations import chinese_sort_key

from .factories import ChinesePlaceFactory, ContactFactory, NorwegianPlaceFactory, PartnershipFactory, TopicFactory

LIST = reverse("directory:partnership-list")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "key"),
    [
        # A Norwegian place read by its Chinese name (pypinyin), or by its letters where it has none.
        ({"name": "Oslo", "name_zh_hans": "奥斯陆"}, "aosilu"),
        ({"name": "Bergen", "name_zh_hans": "卑尔根"}, "beiergen"),
        ({"name": "Østfold", "name_zh_hans": ""}, "ostfold"),
        ({"name": "Sør-Trøndelag", "name_zh_hans": ""}, "sortrondelag"),
        # A Chinese place by the pinyin editors gave it (重庆 is chóngqìng, not zhòngqìng).
        ({"name": "Chongqing", "native_name": "重庆市", "pinyin": "Chóngqìng Shì", "country": "CN"}, "chongqingshi"),
        ({"name": "Guangxi", "native_name": "广西壮族自治区", "pinyin": "Guǎngxī", "country": "CN"}, "guangxi"),
    ],
)
def test_each_place_stores_its_reading_for_the_chinese_pages(fields, key):
    level = {"country": "CN", "level": Place.Level.PROVINCE} if fields.get("country") == "CN" else {}
    factory = ChinesePlaceFactory if level else NorwegianPlaceFactory
    place = factory(**{**fields, **level})

    assert Place.objects.get(pk=place.pk).sort_key_zh_hans == key


@pytest.mark.django_db
def test_a_name_as_long_as_validation_allows_keeps_a_sort_key_the_column_holds():
    # 100 Chinese characters read as 300 letters; PostgreSQL refused the save before the key was cut.
    longest = Place._meta.get_field("name_zh_hans").max_length
    place = NorwegianPlaceFactory(name="Oslo", name_zh_hans="挪" * longest)

    room = Place._meta.get_field("sort_key_zh_hans").max_length
    assert Place.objects.get(pk=place.pk).sort_key_zh_hans == ("nuo" * longest)[:room]
    assert len("nuo" * longest) > room


@pytest.mark.django_db
def test_a_topic_reads_by_its_chinese_name_and_a_change_of_name_changes_its_reading():
    topic = TopicFactory(name="Oil and gas", name_zh_hans="石油和天然气")
    assert Topic.objects.get(pk=topic.pk).sort_key_zh_hans == "shiyouhetianranqi"

    topic.name_zh_hans = "油气"
    topic.save(update_fields=["name_zh_hans"])
    assert Topic.objects.get(pk=topic.pk).sort_key_zh_hans == "youqi"


@pytest.mark.django_db
def test_synthetic_places_and_topics_have_the_reading_save_would_store():
    call_command("generate_synthetic", partnerships=30, seed=3, verbosity=0)

    for node in [*Place.objects.all(), *Topic.objects.all()]:
        assert node.sort_key_zh_hans == chinese_sort_key(node), node.slug
    assert any(place.name_zh_hans for place in Place.objects.filter(country="NO"))


def region_names(response, label):
    regions = dict(response.context["region_lists"])[label]
    return [str(region.local_name) for region in regions]


@pytest.mark.usefixtures("listed_agreements")
def test_the_chinese_home_page_lists_counties_provinces_and_topics_by_pinyin(client):
    chinese = client.get("/zh-hans/")
    english = client.get("/")

    counties = [region.slug for region in chinese.context["region_lists"][0][1]]
    # 奥斯陆 aosilu, 罗加兰郡 luojialanjun, 南特伦德拉格郡 nan…, Østfold ostfold, 泰勒玛克郡 tai…, Vestfold, Vestland
    assert counties == ["oslo", "rogaland", "sor-trondelag", "ostfold", "telemark", "vestfold", "vestland"]
    provinces = [region.slug for region in chinese.context["region_lists"][1][1]]
    # 重庆 chong, 广东 guang, 湖北 hubei, 湖南 hunan, 辽宁 liao, 上海 shang, 浙江 zhe
    assert provinces == ["chongqing", "guangdong", "hubei", "hunan", "liaoning", "shanghai", "zhejiang"]
    topics = [topic.sort_key_zh_hans for topic in chinese.context["topics"]]
    assert len(topics) > 3
    assert topics == sorted(topics)
    english_counties = [region.slug for region in english.context["region_lists"][0][1]]
    assert english_counties == ["oslo", "rogaland", "sor-trondelag", "telemark", "vestfold", "vestland", "ostfold"]


@pytest.mark.usefixtures("listed_agreements")
def test_the_chinese_facets_list_places_by_pinyin(client):
    html = client.get(f"/zh-hans{LIST}").text

    chinese_places = re.findall(r'for="place-([a-z-]+)"', html)
    assert chinese_places.index("chongqing") < chinese_places.index("guangdong") < chinese_places.index("zhejiang")
    assert chinese_places.index("zhejiang") < chinese_places.index("jiaxing") < chinese_places.index("ningbo")
    assert chinese_places.index("oslo") < chinese_places.index("rogaland") < chinese_places.index("telemark")
    english_places = re.findall(r'for="place-([a-z-]+)"', client.get(LIST).text)
    assert english_places.index("vestland") < english_places.index("ostfold")  # Ø after Z, as Norwegian has it
    assert chinese_places.index("ostfold") < chinese_places.index("telemark")  # ostfold before 泰勒玛克郡 tailemakejun


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "first", "last"),
    [
        ("", "bergen-dalian", "telemark-hubei"),
        ("/nb", "bergen-dalian", "telemark-hubei"),
        ("/zh-hans", "oslo-shanghai", "telemark-hubei"),  # 奥斯陆 aosilu … 泰勒玛克郡 tailemakejun
    ],
)
def test_sorting_the_list_by_name_follows_the_pages_language(client, prefix, first, last):
    slugs = [partnership.slug for partnership in client.get(f"{prefix}{LIST}?sort=name").context["page_obj"]]

    assert (slugs[0], slugs[-1]) == (first, last)
    if prefix == "/zh-hans":
        assert slugs.index("bergen-dalian") < slugs.index("fredrikstad-zhuzhou") < slugs.index("stavanger-ningbo")


@pytest.mark.django_db
def test_the_place_page_lists_the_places_inside_it_by_pinyin_on_chinese_pages(client):
    zhejiang = ChinesePlaceFactory(name="Zhejiang", native_name="浙江省", pinyin="Zhèjiāng Shěng", slug="zhejiang")
    for name, native, pinyin in [("Ningbo", "宁波市", "Níngbō Shì"), ("Wenzhou", "温州市", "Wēnzhōu Shì")]:
        ChinesePlaceFactory(name=name, native_name=native, pinyin=pinyin, slug=name.lower(), parent=zhejiang)
    ChinesePlaceFactory(name="Zz", native_name="安庆市", pinyin="Ānqìng Shì", slug="zz", parent=zhejiang)

    english = [child.slug for child in client.get("/places/zhejiang/").context["children"]]
    chinese = [child.slug for child in client.get("/zh-hans/places/zhejiang/").context["children"]]

    assert english == ["ningbo", "wenzhou", "zz"]
    assert chinese == ["zz", "ningbo", "wenzhou"]  # 安庆 anqing, 宁波 ningbo, 温州 wenzhou


def newest_on(response):
    """The home page's "newest" as shown: each day's heading and the titles under it."""
    section = re.search(r'<section aria-labelledby="newest-heading">(.*?)</section>', response.text, re.DOTALL)[1]
    shown = []
    for heading, items in re.findall(r"<h3[^>]*>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", section, re.DOTALL):
        titles = [re.sub(r"<[^>]+>", "", title) for title in re.findall(r"<a [^>]*>(.*?)</a>", items)]
        shown.append((re.sub(r"<[^>]+>", "", heading).strip(), titles))
    return shown


@pytest.mark.django_db
def test_newest_is_by_the_day_added_then_by_name_and_says_so(client):
    places = {
        name: NorwegianPlaceFactory(name=name, name_zh_hans=chinese, slug=name.lower())
        for name, chinese in [("Oslo", "奥斯陆"), ("Bergen", "卑尔根"), ("Stavanger", "斯塔万格"), ("Alta", "")]
    }
    china = ChinesePlaceFactory(name="Ningbo", native_name="宁波市", pinyin="Níngbō Shì", slug="ningbo")
    for place in places.values():
        PartnershipFactory(norwegian_party=place, chinese_party=china)
    earlier = timezone.now() - datetime.timedelta(days=40)
    Partnership.objects.filter(norwegian_party=places["Alta"]).update(published_at=earlier)

    english = newest_on(client.get("/"))
    chinese = newest_on(client.get("/zh-hans/"))

    assert [titles for _day, titles in english] == [
        ["Bergen – Ningbo", "Oslo – Ningbo", "Stavanger – Ningbo"],
        ["Alta – Ningbo"],
    ]
    assert english[0][0] == f"Added {timezone.localdate():%-d %B %Y}"
    assert [titles for _day, titles in chinese] == [
        ["奥斯陆 – 宁波市", "卑尔根 – 宁波市", "斯塔万格 – 宁波市"],  # aosilu, beiergen, sitawange
        ["Alta – 宁波市"],
    ]
    assert chinese[0][0].startswith("添加于")
    assert "those added on the same day by name" in client.get("/").text


@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_the_home_page_promises_whom_to_write_to_only_when_a_contact_is_listed(client):
    partnership = PartnershipFactory()
    ContactFactory(partnership=partnership, is_public=False)
    ContactFactory(partnership=PartnershipFactory(status=Partnership.Status.DRAFT), is_public=True)

    for prefix, promise in [("", "whom to write to"), ("/nb", "hvem du kan skrive til"), ("/zh-hans", "联系人")]:
        assert promise not in client.get(f"{prefix}/").text
    assert "who signed, when and what it is about." in client.get("/").text

    ContactFactory(partnership=partnership, is_public=True)

    for prefix, promise in [("", "whom to write to"), ("/nb", "hvem du kan skrive til"), ("/zh-hans", "联系人")]:
        assert promise in client.get(f"{prefix}/").text
