from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from directory.dates import PartialDate
from directory.models import Contact, DataVersion, Milestone, Partnership, Place, Topic
from directory.search import search_text

pytestmark = pytest.mark.django_db


def generate(partnerships=200, seed=1, **options):
    out = StringIO()
    # The command's transaction commits (the test's never does): what waits for the commit runs here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("generate_synthetic", partnerships=partnerships, seed=seed, stdout=out, **options)
    return out.getvalue()


def snapshot():
    return list(Partnership.objects.order_by("slug").values_list("slug", "signed", "kind", "status", "summary"))


def test_it_makes_the_partnerships_asked_for_all_marked_synthetic():
    output = generate(200)

    assert Partnership.objects.count() == 200
    assert "200 partnerships" in output
    for model in (Partnership, Place, Topic):
        assert not model.objects.exclude(slug__startswith="synthetic-").exists()
    assert set(Partnership.objects.values_list("source_note", flat=True)) == {
        "Synthetic data made by generate_synthetic for benchmarks and tests. Not a real agreement."
    }


def test_the_synthetic_directory_looks_like_a_real_one():
    generate(500)

    precisions = Counter(
        PartialDate.parse(signed).precision if signed else "unknown"
        for signed in Partnership.objects.values_list("signed", flat=True)
    )
    assert set(precisions) == {"day", "month", "season", "year", "unknown"}
    assert Partnership.objects.filter(status=Partnership.Status.DRAFT).exists()
    assert Partnership.objects.published().count() > 400
    assert Place.objects.filter(country="NO", parent__isnull=False).exists()
    assert Place.objects.filter(country="CN", parent__isnull=False).exists()
    assert Place.objects.filter(successor__isnull=False).exists()
    assert Topic.objects.filter(parent__isnull=False).exists()
    assert Milestone.objects.exclude(date="").exists()
    assert Contact.objects.filter(is_public=True).exists()
    assert Contact.objects.filter(is_public=False).exists()
    assert Partnership.objects.filter(topics__isnull=False).distinct().count() > 250


def test_every_row_passes_the_models_validation_and_stores_what_save_would():
    generate(100)

    for model in (Place, Topic, Partnership, Milestone, Contact):
        for row in model.objects.all():
            row.full_clean()
    for partnership in Partnership.objects.exclude(signed=""):
        date = PartialDate.parse(partnership.signed)
        assert (partnership.signed_earliest, partnership.signed_latest) == (date.earliest, date.latest)
        assert (partnership.published_at is not None) == partnership.is_published
    for milestone in Milestone.objects.exclude(date=""):
        assert milestone.date_earliest == PartialDate.parse(milestone.date).earliest


def test_its_search_text_is_what_save_would_store():
    generate(100)

    for partnership in Partnership.objects.select_related("norwegian_party", "chinese_party").prefetch_related(
        "topics", "milestones"
    ):
        assert partnership.search_text == search_text(partnership), partnership.slug


def test_most_names_and_texts_are_translated_and_some_show_the_english_fallback():
    generate(300)

    for model, fields in [
        (Place.objects.filter(country="NO"), ["name_zh_hans"]),
        (Topic.objects.all(), ["name_nb", "name_zh_hans"]),
        (Partnership.objects.all(), ["summary_nb", "summary_zh_hans"]),
        (Milestone.objects.all(), ["text_nb", "text_zh_hans"]),
    ]:
        for name in fields:
            assert model.exclude(**{name: ""}).count() > model.filter(**{name: ""}).count() > 0, name
    place = Place.objects.filter(partnerships_as_norwegian_party__isnull=False).exclude(name_zh_hans="").first()
    assert place.partnerships_as_norwegian_party.search(place.name_zh_hans).exists()


def test_the_same_seed_makes_the_same_directory_and_another_seed_another():
    generate(100, seed=5)
    first = snapshot()
    generate(100, seed=5)
    again = snapshot()
    generate(100, seed=6)

    assert again == first
    assert snapshot() != first
    assert Partnership.objects.count() == 100


@pytest.mark.usefixtures("listed_agreements")
def test_it_refuses_a_database_with_real_partnerships_unless_forced():
    real = snapshot()
    version = DataVersion.objects.get().number

    with pytest.raises(CommandError, match="holds real partnerships"):
        generate(50)
    assert snapshot() == real
    assert not DataVersion.objects.filter(number__gt=version).exists()

    generate(50, force=True)
    assert Partnership.objects.count() == len(real) + 50
    assert Partnership.objects.filter(slug="stavanger-ningbo").exists()


def test_cached_pages_show_the_new_synthetic_directory_at_once(client):
    generate(10, seed=1)
    url = reverse("directory:partnership-list-json")
    assert client.get(url).json()["count"] == Partnership.objects.published().count()

    generate(60, seed=1)

    assert client.get(url).json()["count"] == Partnership.objects.published().count() > 40


def test_ten_thousand_partnerships_fit_in_a_database():
    generate(10_000)

    assert Partnership.objects.count() == 10_000
    assert Partnership.objects.values("norwegian_party", "chinese_party").distinct().count() == 10_000


def test_each_synthetic_partnership_has_the_search_text_save_would_give_it():
    generate(50)

    for partnership in Partnership.objects.select_related("norwegian_party", "chinese_party"):
        stored = partnership.search_text
        assert stored == search_text(partnership)
        assert partnership in Partnership.objects.search(partnership.chinese_party.native_name)
