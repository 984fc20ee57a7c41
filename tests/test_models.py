import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Contact, Country, Partnership, Place, Topic, ascii_slug

from .factories import (
    ChinesePlaceFactory,
    ContactFactory,
    MilestoneFactory,
    NorwegianPlaceFactory,
    PartnershipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def messages_of(error, field):
    return " ".join(error.value.message_dict[field])


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Sør-Trøndelag", "sor-trondelag"), ("Østfold", "ostfold"), ("Ålesund", "alesund"), ("Bærum", "baerum")],
)
def test_slugs_write_norwegian_letters_in_plain_ascii(name, slug):
    assert ascii_slug(name) == slug


class TestPlace:
    def test_an_empty_slug_is_made_from_the_english_name(self):
        place = NorwegianPlaceFactory.build(name="Sør-Trøndelag", slug="")

        place.full_clean()

        assert place.slug == "sor-trondelag"

    def test_is_not_its_own_parent_in_the_database(self):
        place = NorwegianPlaceFactory()
        place.parent_id = place.pk

        refused_by_database(place.save)

    def test_is_not_its_own_successor_in_the_database(self):
        place = NorwegianPlaceFactory(dissolved="2017-12-31")
        place.successor_id = place.pk

        refused_by_database(place.save)

    def test_has_a_successor_only_when_dissolved_in_the_database(self):
        successor = NorwegianPlaceFactory()
        place = NorwegianPlaceFactory.build(successor=successor)

        refused_by_database(place.save)

    def test_level_must_exist_in_its_country_in_the_database(self):
        refused_by_database(lambda: NorwegianPlaceFactory(level=Place.Level.PROVINCE))

    def test_coordinates_stay_on_the_globe_in_the_database(self):
        refused_by_database(lambda: NorwegianPlaceFactory(latitude="91"))
        refused_by_database(lambda: NorwegianPlaceFactory(longitude="-181"))

    def test_cannot_lie_inside_its_own_descendant(self):
        county = NorwegianPlaceFactory(level=Place.Level.COUNTY, name="Rogaland")
        municipality = NorwegianPlaceFactory(parent=county, name="Stavanger")
        county.parent = municipality

        with pytest.raises(ValidationError) as refusal:
            county.full_clean()

        assert "Stavanger already comes under Rogaland" in messages_of(refusal, "parent")

    def test_lies_in_a_place_of_its_own_country(self):
        province = ChinesePlaceFactory(level=Place.Level.PROVINCE)
        place = NorwegianPlaceFactory.build(parent=province)

        with pytest.raises(ValidationError) as refusal:
            place.full_clean()

        assert "its own country" in messages_of(refusal, "parent")

    def test_nests_at_most_four_levels(self):
        parent = None
        for _ in range(4):
            parent = ChinesePlaceFactory(parent=parent)
        too_deep = ChinesePlaceFactory.build(parent=parent)

        with pytest.raises(ValidationError) as refusal:
            too_deep.full_clean()

        assert "5 levels" in messages_of(refusal, "parent")

    def test_a_successor_needs_a_dissolution_date(self):
        place = NorwegianPlaceFactory.build(successor=NorwegianPlaceFactory())

        with pytest.raises(ValidationError) as refusal:
            place.full_clean()

        assert "dissolved" in refusal.value.message_dict

    def test_a_chinese_place_needs_its_pinyin(self):
        place = ChinesePlaceFactory.build(pinyin="")

        with pytest.raises(ValidationError) as refusal:
            place.full_clean()

        assert "Níngbō Shì" in messages_of(refusal, "pinyin")

    def test_with_descendants_finds_places_at_every_depth_and_no_others(self):
        province = ChinesePlaceFactory(level=Place.Level.PROVINCE)
        city = ChinesePlaceFactory(parent=province)
        district = ChinesePlaceFactory(parent=city)
        elsewhere = ChinesePlaceFactory()

        found = set(Place.objects.with_descendants([province]))

        assert found == {province, city, district}
        assert elsewhere not in found


class TestTopic:
    def test_is_not_its_own_parent_in_the_database(self):
        topic = TopicFactory()
        topic.parent_id = topic.pk

        refused_by_database(topic.save)

    def test_cannot_belong_to_its_own_subtopic(self):
        energy = TopicFactory(name="Energy")
        oil = TopicFactory(name="Oil and gas", parent=energy)
        energy.parent = oil

        with pytest.raises(ValidationError) as refusal:
            energy.full_clean()

        assert "Oil and gas already comes under Energy" in messages_of(refusal, "parent")


class TestPartnership:
    def test_one_partnership_per_pair_in_the_database(self):
        first = PartnershipFactory()

        refused_by_database(
            lambda: PartnershipFactory(
                norwegian_party=first.norwegian_party, chinese_party=first.chinese_party, slug="another"
            )
        )

    def test_one_partnership_per_pair_says_so_in_validation(self):
        first = PartnershipFactory()
        second = PartnershipFactory.build(
            norwegian_party=first.norwegian_party, chinese_party=first.chinese_party, slug="another"
        )

        with pytest.raises(ValidationError) as refusal:
            second.full_clean()

        assert "already have a partnership" in " ".join(refusal.value.messages)

    def test_parties_differ_in_the_database(self):
        place = NorwegianPlaceFactory()

        refused_by_database(lambda: PartnershipFactory(norwegian_party=place, chinese_party=place))

    def test_status_is_draft_or_published_in_the_database(self):
        refused_by_database(lambda: PartnershipFactory(status="archived"))

    def test_norwegian_party_is_in_norway_and_chinese_party_in_china(self):
        partnership = PartnershipFactory.build(
            norwegian_party=ChinesePlaceFactory(name="Ningbo"), chinese_party=NorwegianPlaceFactory(name="Bergen")
        )

        with pytest.raises(ValidationError) as refusal:
            partnership.full_clean()

        assert "Ningbo is not in Norway" in messages_of(refusal, "norwegian_party")
        assert "Bergen is not in China" in messages_of(refusal, "chinese_party")

    def test_a_malformed_date_is_refused_with_examples_and_nothing_is_saved(self):
        partnership = PartnershipFactory.build(signed="summer 2004")

        with pytest.raises(ValidationError) as refusal:
            partnership.full_clean()

        assert "2004-22" in messages_of(refusal, "signed")
        assert not Partnership.objects.exists()

    def test_slug_is_made_from_the_parties(self):
        partnership = PartnershipFactory(
            norwegian_party=NorwegianPlaceFactory(slug="stavanger"),
            chinese_party=ChinesePlaceFactory(slug="ningbo"),
        )

        assert partnership.slug == "stavanger-ningbo"

    def test_saving_stores_the_interval_of_the_date(self):
        partnership = PartnershipFactory(signed="2004-22")

        assert partnership.signed_earliest.isoformat() == "2004-06-01"
        assert partnership.signed_latest.isoformat() == "2004-08-31"

    def test_an_unknown_date_stays_empty(self):
        partnership = PartnershipFactory(signed="")

        assert partnership.signed_date is None
        assert partnership.signed_earliest is None

    def test_published_is_the_visibility_rule(self):
        published = PartnershipFactory()
        PartnershipFactory(status=Partnership.Status.DRAFT)

        assert list(Partnership.objects.published()) == [published]

    def test_a_new_partnership_starts_as_a_draft(self):
        assert Partnership().status == Partnership.Status.DRAFT

    def test_involving_a_county_finds_partnerships_of_places_inside_it(self):
        county = NorwegianPlaceFactory(level=Place.Level.COUNTY)
        inside = PartnershipFactory(norwegian_party=NorwegianPlaceFactory(parent=county))
        PartnershipFactory()

        assert list(Partnership.objects.involving([county])) == [inside]

    def test_about_a_topic_includes_its_subtopics(self):
        energy = TopicFactory()
        oil = TopicFactory(parent=energy)
        tagged = PartnershipFactory()
        tagged.topics.add(oil)
        PartnershipFactory().topics.add(TopicFactory())

        assert list(Partnership.objects.about([energy])) == [tagged]


class TestMilestoneAndContact:
    def test_a_milestone_date_must_be_valid_edtf(self):
        milestone = MilestoneFactory.build(partnership=PartnershipFactory(), date="1995-13")

        with pytest.raises(ValidationError) as refusal:
            milestone.full_clean()

        assert "2001-05" in messages_of(refusal, "date")

    def test_milestones_are_in_date_order_with_undated_last(self):
        partnership = PartnershipFactory()
        for date in ["", "2007-06-14", "1995"]:
            MilestoneFactory(partnership=partnership, date=date)

        assert [m.date for m in partnership.milestones.all()] == ["1995", "2007-06-14", ""]

    def test_a_contact_needs_a_name_or_an_organisation_in_the_database(self):
        refused_by_database(lambda: ContactFactory(name="", organisation=""))

    def test_a_contact_is_private_unless_ticked(self):
        assert Contact().is_public is False


def test_country_codes_are_iso():
    assert {Country.NORWAY.value, Country.CHINA.value} == {"NO", "CN"}


def test_topic_natural_key_is_its_slug():
    topic = Topic(slug="energy")

    assert topic.natural_key() == ("energy",)
