"""export_directory writes a backup that load_directory restores into an empty database, identically."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db.models import F

from directory.models import Contact, Milestone, Partnership, Place, Source, Topic

from .factories import ContactFactory, MilestoneFactory, PartnershipFactory


def snapshot():
    """Everything stored, with rows named by their natural keys instead of primary keys."""
    return {
        "places": list(
            Place.objects.order_by("slug").values_list(
                "slug", "name", "native_name", "pinyin", "country", "level", "parent__slug", "latitude",
                "longitude", "dissolved", "successor__slug", "history",
            )
        ),
        "topics": list(Topic.objects.order_by("slug").values_list("slug", "name", "parent__slug")),
        "partnerships": [
            (*row, sorted(Partnership.objects.get(slug=row[0]).topics.values_list("slug", flat=True)))
            for row in Partnership.objects.order_by("slug").values_list(
                "slug", "norwegian_party__slug", "chinese_party__slug", "kind", "signed", "signed_earliest",
                "signed_latest", "signed_at", "summary", "source_note", "status", "published_at", "created",
                "updated",
            )
        ],
        "milestones": sorted(
            Milestone.objects.values_list("partnership__slug", "date", "date_earliest", "date_latest", "text")
        ),
        "sources": sorted(
            Source.objects.values_list(
                "partnership__slug", "order", "title", "url", "publisher", "published", "accessed", "language",
            )
        ),
        "contacts": sorted(
            Contact.objects.values_list(
                "partnership__slug", "side", "name", "role", "organisation", "email", "phone", "website",
                "is_public", "notes",
            )
        ),
    }  # fmt: skip


def empty_the_directory():
    Partnership.objects.all().delete()
    Place.objects.update(parent=None, successor=None)
    Place.objects.all().delete()
    Topic.objects.update(parent=None)
    Topic.objects.all().delete()


@pytest.fixture
def full_directory(listed_agreements):
    """The listed agreements plus what only editors add: drafts, private contacts, staff notes."""
    draft = PartnershipFactory(status=Partnership.Status.DRAFT, signed="2004-22", summary="Still being checked.")
    MilestoneFactory(partnership=draft, date="", text="An undated first meeting.")
    ContactFactory(partnership=draft, is_public=False, notes="Call before noon.", phone="+47 12 34 56 78")
    ContactFactory(partnership=Partnership.objects.get(slug="stavanger-ningbo"), name="Ærlig Øye", is_public=True)
    draft.sources.create(title="Kommunestyrets vedtak", publisher="Kommune", accessed=datetime.date(2025, 3, 14))
    Partnership.objects.filter(slug="stavanger-ningbo").update(
        created=datetime.datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    )


def test_an_export_restores_into_an_empty_database_identically(full_directory, tmp_path):
    backup = tmp_path / "backup.json"
    before = snapshot()
    call_command("export_directory", output=str(backup))

    empty_the_directory()
    assert not Place.objects.exists()
    call_command("load_directory", paths=[str(backup)], verbosity=0)

    assert snapshot() == before
    again = tmp_path / "again.json"
    call_command("export_directory", output=str(again))
    assert again.read_text() == backup.read_text()


def test_the_export_holds_drafts_private_contacts_and_staff_notes(full_directory, capsys):
    call_command("export_directory")
    records = json.loads(capsys.readouterr().out)

    drafts = [r for r in records if r["model"] == "directory.partnership" and r["fields"]["status"] == "draft"]
    private = [r for r in records if r["model"] == "directory.contact" and not r["fields"]["is_public"]]
    assert len(drafts) == 1
    assert private[0]["fields"]["notes"] == "Call before noon."
    assert {r["model"] for r in records} == {
        "directory.place",
        "directory.topic",
        "directory.partnership",
        "directory.milestone",
        "directory.source",
        "directory.contact",
    }


def test_places_come_after_the_places_they_refer_to(full_directory, capsys):
    call_command("export_directory")
    records = json.loads(capsys.readouterr().out)

    seen = set()
    for record in (r for r in records if r["model"] == "directory.place"):
        for link in ("parent", "successor"):
            if record["fields"][link]:
                assert record["fields"][link][0] in seen, record["fields"]["slug"]
        seen.add(record["fields"]["slug"])
    assert "trondelag" in seen


@pytest.mark.django_db
def test_a_backup_leaves_out_what_every_save_works_out_so_a_restore_replaces_only_what_differs(
    full_directory, tmp_path, capsys
):
    backup = tmp_path / "backup.json"
    call_command("export_directory", output=str(backup))
    records = json.loads(backup.read_text(encoding="utf-8"))
    Partnership.objects.update(version=F("version") + 5)  # as if saved since, unchanged

    call_command("load_directory", paths=[str(backup)], update=True)

    assert not any({"version", "search_text"} & record["fields"].keys() for record in records)
    assert "replaced 0" in capsys.readouterr().out
