"""The fixtures of the eight listed agreements, checked as data against the source text."""

import pytest

from directory.models import Partnership, Place, Topic

pytestmark = pytest.mark.usefixtures("listed_agreements")

# Each agreement as the embassy's list (docs/source/friendship-cities.txt) states it: parties, kind, date.
AGREEMENTS = {
    "rogaland-guangdong": ("rogaland", "guangdong", "cooperation-agreement", "2010-04-12", "12 April 2010"),
    "telemark-hubei": ("telemark", "hubei", "cooperation-agreement", "2005", "2005"),
    "sor-trondelag-chongqing": ("sor-trondelag", "chongqing", "cooperation-agreement", "2005", "2005"),
    "stavanger-ningbo": ("stavanger", "ningbo", "friendship-agreement", "2004-22", "Summer 2004"),
    "oslo-shanghai": ("oslo", "shanghai", "friendship-agreement", "2001-11-08", "8 November 2001"),
    "sandefjord-jiaxing": ("sandefjord", "jiaxing", "friendship-agreement", "2001-05", "May 2001"),
    "fredrikstad-zhuzhou": ("fredrikstad", "zhuzhou", "twin-town-agreement", "1999", "1999"),
    "bergen-dalian": ("bergen", "dalian", "cooperation-agreement", "2010-05-23", "23 May 2010"),
}


def test_there_are_exactly_the_eight_listed_agreements_all_published():
    assert set(Partnership.objects.published().values_list("slug", flat=True)) == set(AGREEMENTS)
    assert Partnership.objects.count() == 8


@pytest.mark.parametrize(("slug", "expected"), AGREEMENTS.items())
def test_each_agreement_has_its_parties_kind_and_date_as_the_source_states(slug, expected):
    norwegian, chinese, kind, edtf, display = expected
    partnership = Partnership.objects.get(slug=slug)

    assert (partnership.norwegian_party.slug, partnership.chinese_party.slug) == (norwegian, chinese)
    assert partnership.kind == kind
    assert partnership.signed == edtf
    assert partnership.signed_date.display() == display
    assert partnership.summary
    assert "Embassy" in partnership.source_note


@pytest.mark.parametrize(
    ("slug", "level", "parent"),
    [
        ("stavanger", "municipality", "rogaland"),
        ("sandefjord", "municipality", "vestfold"),
        ("fredrikstad", "municipality", "ostfold"),
        ("bergen", "municipality", "vestland"),
        ("oslo", "municipality", None),
        ("rogaland", "county", None),
        ("telemark", "county", None),
        ("sor-trondelag", "county", None),
        ("ningbo", "sub-provincial-city", "zhejiang"),
        ("dalian", "sub-provincial-city", "liaoning"),
        ("jiaxing", "prefecture-level-city", "zhejiang"),
        ("zhuzhou", "prefecture-level-city", "hunan"),
        ("chongqing", "direct-administered-municipality", None),
        ("shanghai", "direct-administered-municipality", None),
        ("guangdong", "province", None),
        ("hubei", "province", None),
    ],
)
def test_places_have_their_real_level_and_parent(slug, level, parent):
    place = Place.objects.get(slug=slug)

    assert place.level == level
    assert (place.parent.slug if place.parent else None) == parent


def test_every_place_has_native_name_and_coordinates_and_chinese_places_pinyin():
    for place in Place.objects.all():
        assert place.native_name, place
        assert place.latitude is not None, place
        assert place.longitude is not None, place
        if place.country == "CN":
            assert place.pinyin, place


@pytest.mark.parametrize(
    ("slug", "native_name", "pinyin"),
    [
        ("ningbo", "宁波市", "Níngbō Shì"),
        ("chongqing", "重庆市", "Chóngqìng Shì"),
        ("guangdong", "广东省", "Guǎngdōng Shěng"),
    ],
)
def test_chinese_names_are_in_simplified_characters_with_toned_pinyin(slug, native_name, pinyin):
    place = Place.objects.get(slug=slug)

    assert (place.native_name, place.pinyin) == (native_name, pinyin)


def test_former_places_stay_with_their_successor():
    sor_trondelag = Place.objects.get(slug="sor-trondelag")
    hordaland = Place.objects.get(slug="hordaland")

    assert sor_trondelag.is_former
    assert sor_trondelag.dissolved.isoformat() == "2017-12-31"
    assert sor_trondelag.successor.slug == "trondelag"
    assert hordaland.successor.slug == "vestland"
    assert not Place.objects.get(slug="trondelag").is_former


def test_the_telemark_date_disagreement_is_recorded_and_the_source_year_kept():
    partnership = Partnership.objects.get(slug="telemark-hubei")

    assert partnership.signed == "2005"
    assert "2006" in partnership.source_note


def test_where_oslo_shanghai_was_signed():
    assert Partnership.objects.get(slug="oslo-shanghai").signed_at == "Shanghai"


def test_milestones_of_fredrikstad_zhuzhou_start_with_first_contact_in_1995():
    milestones = list(Partnership.objects.get(slug="fredrikstad-zhuzhou").milestones.all())

    assert milestones[0].date == "1995"
    assert "First contact" in milestones[0].text
    assert any("elementary school" in m.text for m in milestones)


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("energy", "oil-and-gas"),
        ("environment", "water"),
        ("environment", "waste-treatment"),
        ("environment", "pollution-control"),
        ("environment", "soil"),
        ("environment", "air"),
        ("education", "student-exchange"),
        ("education", "schools"),
        ("culture", "food-culture"),
    ],
)
def test_the_topic_tree_covers_the_topics_the_source_names(parent, child):
    assert Topic.objects.get(slug=child).parent.slug == parent


def test_filtering_by_environment_finds_agreements_tagged_only_with_its_subtopics():
    environmental = Partnership.objects.about(Topic.objects.filter(slug="environment"))

    assert "sandefjord-jiaxing" in set(environmental.values_list("slug", flat=True))
    assert not Partnership.objects.get(slug="sandefjord-jiaxing").topics.filter(slug="environment").exists()
