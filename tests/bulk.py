"""Many partnerships quickly, for tests that compare 10 rows with 1,000."""

import datetime

from django.test import TestCase
from django.utils import timezone

from directory import ancestry, tallies
from directory.caching import directory_changed
from directory.models import Contact, Country, Milestone, Partnership, Place, Topic
from directory.search import normalise


def region(slug, country):
    level = Place.Level.COUNTY if country == Country.NORWAY else Place.Level.PROVINCE
    place, _created = Place.objects.get_or_create(
        slug=slug,
        defaults={
            "name": slug.title(),
            "native_name": slug.title(),
            "pinyin": slug,
            "country": country,
            "level": level,
        },
    )
    return place


def make_partnerships(count):
    """`count` more published partnerships between municipalities of one county and cities of one province,
    each with two topics (one a subtopic), a milestone and a public contact, signed a few years apart."""
    county = region("bulk-county", Country.NORWAY)
    province = region("bulk-province", Country.CHINA)
    energy, _created = Topic.objects.get_or_create(slug="bulk-energy", defaults={"name": "Bulk energy"})
    oil, _created = Topic.objects.get_or_create(slug="bulk-oil", defaults={"name": "Bulk oil", "parent": energy})
    start = Place.objects.filter(parent=county).count()
    numbers = range(start, start + count)
    norwegian = Place.objects.bulk_create(
        Place(
            name=f"Bulk kommune {n}",
            native_name=f"Bulk kommune {n}",
            slug=f"bulk-kommune-{n}",
            country=Country.NORWAY,
            level=Place.Level.MUNICIPALITY,
            parent=county,
        )
        for n in numbers
    )
    chinese = Place.objects.bulk_create(
        Place(
            name=f"Bulk city {n}",
            native_name=f"城市{n}",
            pinyin=f"Chéngshì {n}",
            slug=f"bulk-city-{n}",
            country=Country.CHINA,
            level=Place.Level.PREFECTURE_CITY,
            parent=province,
        )
        for n in numbers
    )
    today = timezone.localdate()
    partnerships = []
    for n, (ours, theirs) in enumerate(zip(norwegian, chinese, strict=True)):
        signed = datetime.date(today.year - 5 - n % 30, today.month, 1)
        partnerships.append(
            Partnership(
                norwegian_party=ours,
                chinese_party=theirs,
                slug=f"{ours.slug}-{theirs.slug}",
                kind=Partnership.Kind.FRIENDSHIP if n % 2 else Partnership.Kind.COOPERATION,
                signed=signed.strftime("%Y-%m"),
                signed_earliest=signed,
                signed_latest=signed.replace(day=28),
                summary="An agreement on energy.",
                status=Partnership.Status.PUBLISHED,
                published_at=timezone.now(),
                search_text=normalise(f"{ours.name} {theirs.name} {theirs.pinyin} an agreement on energy bulk oil"),
            )
        )
    partnerships = Partnership.objects.bulk_create(partnerships)
    Through = Partnership.topics.through
    Through.objects.bulk_create(
        Through(partnership=partnership, topic=topic) for partnership in partnerships for topic in (energy, oil)
    )
    Milestone.objects.bulk_create(Milestone(partnership=p, text="First contact.") for p in partnerships)
    Contact.objects.bulk_create(
        Contact(partnership=p, side=Contact.Side.NORWEGIAN, name="Kari Nordmann", is_public=True) for p in partnerships
    )
    # bulk_create sends no signals: put the places' tree right, count the directory again and mark the change,
    # as code that writes in bulk must. The change is counted when the transaction commits, which a test's
    # never does: the callbacks run here, as a commit would run them.
    ancestry.sync(Place)
    tallies.recount()
    with TestCase.captureOnCommitCallbacks(execute=True):
        directory_changed()
    return partnerships
