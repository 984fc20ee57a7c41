import factory

from directory.models import Contact, Country, Milestone, Partnership, Place, Topic


class NorwegianPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kommune {n}")
    native_name = factory.LazyAttribute(lambda place: f"{place.name} kommune")
    slug = factory.Sequence(lambda n: f"kommune-{n}")
    country = Country.NORWAY
    level = Place.Level.MUNICIPALITY
    latitude = "60.0"
    longitude = "10.0"


class ChinesePlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City {n}")
    native_name = factory.Sequence(lambda n: f"城市{n}")
    pinyin = factory.Sequence(lambda n: f"Chéngshì {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = Country.CHINA
    level = Place.Level.PREFECTURE_CITY
    latitude = "30.0"
    longitude = "120.0"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    norwegian_party = factory.SubFactory(NorwegianPlaceFactory)
    chinese_party = factory.SubFactory(ChinesePlaceFactory)
    kind = Partnership.Kind.FRIENDSHIP
    signed = "2010-04-12"
    summary = "An agreement on cooperation."
    status = Partnership.Status.PUBLISHED


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    partnership = factory.SubFactory(PartnershipFactory)
    date = "1995"
    text = "First contact."


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partnership = factory.SubFactory(PartnershipFactory)
    side = Contact.Side.NORWEGIAN
    name = "Kari Nordmann"
    organisation = "Kommune"
    email = "kari@example.no"
    is_public = True
    lawful_basis = Contact.LawfulBasis.PUBLIC_ROLE
