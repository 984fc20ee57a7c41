"""The closure tables of the place and topic trees stay true after every kind of write (directory/ancestry.py)."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from directory import ancestry
from directory.models import Place, PlaceAncestry, Topic, TopicAncestry
from directory.trees import closure

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def walked(model):
    """Each (node, ancestor, depth), found by walking up the parents one row at a time."""
    rows = set()
    for node in model.objects.all():
        depth, above = 0, node
        while above is not None:
            rows.add((node.pk, above.pk, depth))
            depth, above = depth + 1, above.parent
    return rows


def stored(model):
    table, node = ancestry.CLOSURES[model]
    return set(table.objects.values_list(f"{node}_id", "ancestor_id", "depth"))


def test_closure_gives_each_node_itself_and_every_node_above_it_and_stops_at_a_loop_or_a_missing_parent():
    parents = {1: None, 2: 1, 3: 2, 4: 5, 5: 4, 6: 99}

    rows = set(closure(parents))

    assert {row for row in rows if row[0] == 3} == {(3, 3, 0), (3, 2, 1), (3, 1, 2)}
    assert {row for row in rows if row[0] == 4} == {(4, 4, 0), (4, 5, 1)}
    assert {row for row in rows if row[0] == 6} == {(6, 6, 0)}


def test_a_new_place_a_move_with_everything_beneath_and_a_delete_each_leave_the_table_true():
    zhejiang = ChinesePlaceFactory(slug="zhejiang", level=Place.Level.PROVINCE)
    guangdong = ChinesePlaceFactory(slug="guangdong", level=Place.Level.PROVINCE)
    ningbo = ChinesePlaceFactory(slug="ningbo", parent=zhejiang)
    beilun = ChinesePlaceFactory(slug="beilun", parent=ningbo)
    assert stored(Place) == walked(Place)
    assert (beilun.pk, zhejiang.pk, 2) in stored(Place)

    ningbo.parent = guangdong
    ningbo.save()

    assert stored(Place) == walked(Place)
    assert (beilun.pk, guangdong.pk, 2) in stored(Place)
    assert (beilun.pk, zhejiang.pk, 2) not in stored(Place)

    beilun.delete()
    assert stored(Place) == walked(Place)
    assert not PlaceAncestry.objects.filter(place=beilun.pk).exists()


def test_a_save_that_leaves_the_tree_as_it_was_only_reads_the_node_s_own_rows():
    county = NorwegianPlaceFactory(slug="rogaland", level=Place.Level.COUNTY)
    stavanger = NorwegianPlaceFactory(slug="stavanger", parent=county)

    stavanger.name = "Stavanger!"
    with CaptureQueriesContext(connection) as queries:
        stavanger.save()

    closure_queries = [query["sql"] for query in queries if "placeancestry" in query["sql"]]
    assert len(closure_queries) == 1
    assert closure_queries[0].startswith("SELECT")


def test_topics_moved_and_deleted_keep_their_table_true():
    energy = TopicFactory(slug="energy")
    oil = TopicFactory(slug="oil-and-gas", parent=energy)
    offshore = TopicFactory(slug="offshore", parent=oil)
    schools = TopicFactory(slug="schools")
    assert stored(Topic) == walked(Topic)

    oil.parent = schools
    oil.save()
    assert (offshore.pk, schools.pk, 2) in stored(Topic)
    offshore.delete()
    energy.delete()

    assert stored(Topic) == walked(Topic)


def test_fixtures_loaded_raw_with_children_before_their_parents_fill_the_table(tmp_path):
    records = [
        {
            "model": "directory.topic",
            "pk": 30,
            "fields": {"name": "Drilling", "slug": "drilling", "parent": 20, "version": 1},
        },
        {
            "model": "directory.topic",
            "pk": 20,
            "fields": {"name": "Oil and gas", "slug": "oil-and-gas", "parent": 10, "version": 1},
        },
        {"model": "directory.topic", "pk": 10, "fields": {"name": "Energy", "slug": "energy", "version": 1}},
    ]
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(records), encoding="utf-8")

    call_command("loaddata", str(path), verbosity=0)

    assert (
        stored(Topic)
        == walked(Topic)
        == {
            (10, 10, 0),
            (20, 20, 0),
            (20, 10, 1),
            (30, 30, 0),
            (30, 20, 1),
            (30, 10, 2),
        }
    )


def test_the_listed_agreements_loaded_by_load_directory_fill_both_tables():
    call_command("load_directory", verbosity=0)

    assert Place.objects.filter(parent__isnull=False).exists()
    assert stored(Place) == walked(Place)
    assert stored(Topic) == walked(Topic)


def test_the_synthetic_directory_written_in_bulk_fills_both_tables():
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("generate_synthetic", partnerships=30, seed=3, verbosity=0)

    assert stored(Place) == walked(Place)
    assert stored(Topic) == walked(Topic)
    assert TopicAncestry.objects.filter(depth=1).exists()


def test_sync_puts_right_what_writes_without_signals_left(django_assert_max_num_queries):
    county = NorwegianPlaceFactory(slug="rogaland", level=Place.Level.COUNTY)
    other = NorwegianPlaceFactory(slug="vestland", level=Place.Level.COUNTY)
    stavanger = NorwegianPlaceFactory(slug="stavanger", parent=county)
    Place.objects.filter(pk=stavanger.pk).update(parent=other)  # as the previous release's edit, unseen
    assert stored(Place) != walked(Place)

    with django_assert_max_num_queries(5):
        added, removed = ancestry.sync(Place)

    assert (added, removed) == (1, 1)
    assert stored(Place) == walked(Place)
    assert ancestry.sync(Place) == (0, 0)
