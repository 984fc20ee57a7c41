import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.loading import DEFAULT_FIXTURES
from directory.models import Milestone, Partnership, Place, Source, Topic

pytestmark = pytest.mark.django_db


def load(*args):
    out = StringIO()
    call_command("load_directory", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything the loader could touch, to compare before and after."""
    return (
        sorted(Place.objects.values_list("slug", "name", "native_name", "parent__slug", "successor__slug")),
        sorted(Topic.objects.values_list("slug", "name", "parent__slug")),
        sorted(Partnership.objects.values_list("slug", "signed", "summary", "status", "updated")),
        sorted(Milestone.objects.values_list("partnership__slug", "date", "text")),
        sorted(Source.objects.values_list("partnership__slug", "order", "title", "url")),
    )


def test_first_load_adds_everything_and_says_so():
    output = load()

    assert Partnership.objects.count() == 8
    assert output.strip().splitlines()[-1] == "Added 50, kept 0, replaced 0."


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert "Added 0, kept 50, replaced 0." in output


def test_an_editors_change_is_kept():
    load()
    Partnership.objects.filter(slug="telemark-hubei").update(signed="2006", summary="Edited by an editor.")

    output = load()

    partnership = Partnership.objects.get(slug="telemark-hubei")
    assert (partnership.signed, partnership.summary) == ("2006", "Edited by an editor.")
    assert "replaced 0" in output


def test_an_editors_deletion_is_restored_as_missing():
    load()
    Partnership.objects.filter(slug="bergen-dalian").delete()

    output = load()

    assert Partnership.objects.filter(slug="bergen-dalian").exists()
    assert "Added 1, kept 49, replaced 0." in output


def test_update_takes_the_fixtures_version_and_names_what_it_replaced():
    load()
    partnership = Partnership.objects.get(slug="telemark-hubei")
    partnership.signed = "2006"
    partnership.save()
    partnership.milestones.create(date="2006", text="An extra milestone.")
    Place.objects.filter(slug="ningbo").update(native_name="Ningbo")

    output = load("--update")

    partnership.refresh_from_db()
    assert partnership.signed == "2005"
    assert partnership.signed_earliest.isoformat() == "2005-01-01"
    assert not partnership.milestones.exists()
    assert Place.objects.get(slug="ningbo").native_name == "宁波市"
    assert "Replaced partnership telemark-hubei (signed, milestones)" in output
    assert "Replaced place ningbo (native_name)" in output
    assert "Added 0, kept 48, replaced 2." in output


def test_the_embassys_list_is_the_first_source_of_every_listed_agreement():
    load()

    for partnership in Partnership.objects.all():
        first = partnership.sources.first()
        assert (first.publisher, first.title) == (
            "Royal Norwegian Embassy in Beijing",
            "Friendship Cities and Provinces",
        )
        assert first.url.endswith("/Friendship-cooperation/friendship/")
    hubei = Partnership.objects.get(slug="telemark-hubei").sources.all()
    assert [(source.language, source.published) for source in hubei] == [
        ("en", ""),
        ("nb", ""),
        ("nb", ""),
        ("zh-Hans", "2006-09-13"),
    ]


def test_a_partnership_without_sources_gets_the_fixtures_sources_on_the_next_load():
    load()
    Source.objects.filter(partnership__slug="stavanger-ningbo").delete()

    output = load()

    stavanger = Partnership.objects.get(slug="stavanger-ningbo")
    assert [source.publisher for source in stavanger.sources.all()] == [
        "Royal Norwegian Embassy in Beijing",
        "中国宁波网",
    ]
    assert "Added 0, kept 50, replaced 0. Filled in missing sources of 1." in output


def test_the_sources_an_editor_keeps_are_kept_and_update_takes_the_fixtures():
    load()
    hubei = Partnership.objects.get(slug="telemark-hubei")
    hubei.sources.filter(order=3).delete()
    hubei.sources.filter(order=1).update(title="Vennskapsbyer og -provinser", language="nb")

    kept = load()

    assert hubei.sources.count() == 3
    assert hubei.sources.first().title == "Vennskapsbyer og -provinser"
    assert "missing sources" not in kept
    assert "Replaced partnership telemark-hubei (sources)" in load("--update")
    assert [source.order for source in hubei.sources.all()] == [1, 2, 3, 4]
    assert hubei.sources.first().title == "Friendship Cities and Provinces"


def test_update_twice_replaces_nothing_the_second_time():
    load()
    Partnership.objects.filter(slug="oslo-shanghai").update(signed_at="Oslo")
    load("--update")

    assert "replaced 0" in load("--update")


def bergen_dalian(records):
    return next(record for record in records if record["fields"].get("slug") == "bergen-dalian")["fields"]


def broken_copy(tmp_path, change):
    records = json.loads(DEFAULT_FIXTURES[2].read_text(encoding="utf-8"))
    change(records)
    path = tmp_path / "partnerships.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda records: bergen_dalian(records).update(signed="summer 2010"), "not a date this directory understands"),
        (lambda records: bergen_dalian(records).update(chinese_party=["atlantis"]), "atlantis"),
        (lambda records: bergen_dalian(records).update(chinese_party=["bergen"]), "is not in China"),
        (lambda records: records[-1]["fields"].update(colour="red"), "has no field named 'colour'"),
        (lambda records: records.append({"model": "directory.milestone", "fields": {"partnership": ["x"]}}), "'x'"),
        (lambda records: records.append({"model": "directory.nothing", "fields": {"slug": "y"}}), "unknown model"),
    ],
)
def test_a_broken_file_stops_with_file_and_reason_and_changes_nothing(tmp_path, change, reason):
    load()
    Partnership.objects.filter(slug="bergen-dalian").delete()
    before = snapshot()
    path = broken_copy(tmp_path, change)

    with pytest.raises(CommandError) as stop:
        load("--from", str(DEFAULT_FIXTURES[0]), str(DEFAULT_FIXTURES[1]), path)

    assert path in str(stop.value)
    assert reason in str(stop.value)
    assert "Nothing was changed" in str(stop.value)
    assert snapshot() == before


def test_a_file_that_is_not_json_stops_the_load_before_anything_is_added(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "directory.place", ', encoding="utf-8")

    with pytest.raises(CommandError, match="cannot read it as JSON"):
        load("--from", str(DEFAULT_FIXTURES[0]), str(path))

    assert not Place.objects.exists()
