"""Loading the directory from fixture files without trampling editors' work, and exporting it.

Fixtures are Django's JSON serialization with natural keys (slugs). A record
is a place, a topic or a partnership; a partnership's milestones, sources and
contacts travel with it. A record that is missing is added; one that exists is
kept as editors left it, unless `update` is asked for, which takes the file's
version and says what it replaced. Replacing a partnership replaces its
milestones and sources; its contacts stay as editors keep them (a file's
contacts are added only with a partnership that is new).

A partnership that has no sources at all is missing them: it gets the file's
sources without `update` (a database loaded before sources existed gets them on
the next deployment). One with sources keeps the list editors made.

A translation (a name, summary or milestone text in Norwegian or Chinese) that
is empty in the database and given in the file is missing, and is filled in
without `update`: a database loaded before the translations existed gets them
on the next deployment, and a translation an editor wrote is kept. A
milestone's translations are filled in where its date and English text are
still the file's.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder

from . import search, tallies
from .models import Contact, Milestone, Partnership, Place, Source, Topic
from .translations import translated_fields

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
DEFAULT_FIXTURES = [FIXTURES_DIR / name for name in ("places.json", "topics.json", "partnerships.json")]

# Records that belong to a partnership and are loaded, kept or replaced with it.
CHILD_MODELS = {"directory.milestone", "directory.source", "directory.contact"}
SOURCE_FIELDS = ["order", "title", "url", "publisher", "published", "accessed", "language"]

# The fields a missing translation is filled into, without `update`.
TRANSLATIONS = {
    Place: translated_fields("name"),
    Topic: translated_fields("name"),
    Partnership: translated_fields("summary"),
    Milestone: translated_fields("text"),
}


class LoadError(Exception):
    """A fixture that cannot be loaded: names the file, the record and the reason."""


@dataclass
class LoadReport:
    added: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    replaced: list = field(default_factory=list)
    translated: list = field(default_factory=list)
    sourced: list = field(default_factory=list)

    def summary(self):
        summary = f"Added {len(self.added)}, kept {len(self.kept)}, replaced {len(self.replaced)}."
        if self.translated:
            summary += f" Filled in missing translations of {len(self.translated)}."
        if self.sourced:
            summary += f" Filled in missing sources of {len(self.sourced)}."
        return summary


def load(paths=DEFAULT_FIXTURES, update=False):
    """Load the fixture files in one transaction; on any error nothing is changed.

    Each partnership written gets its search text once, when the whole load is written.
    """
    report = LoadReport()
    with tallies.held():
        with search.refreshed_once():
            for path in paths:
                _load_file(Path(path), update, report)
        tallies.recount()
    return report


def _read(path):
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LoadError(f"{path}: cannot read it as JSON: {error}") from None
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("model"), str) and isinstance(r.get("fields"), dict) for r in records
    ):
        raise LoadError(f'{path}: expected a list of {{"model": ..., "fields": {{...}}}} records.')
    return records


def _load_file(path, update, report):
    records = _read(path)
    children = defaultdict(list)
    for record in records:
        if record["model"] in CHILD_MODELS:
            key = record["fields"].get("partnership")
            slug = key[0] if isinstance(key, list) and key else None
            children[slug].append(record)
    known_parents = {r["fields"].get("slug") for r in records if r["model"] == "directory.partnership"}
    for slug in children:
        if slug not in known_parents:
            raise LoadError(
                f"{path}: a milestone, source or contact names partnership {slug!r}, which the file does not hold."
            )

    for record in records:
        if record["model"] in CHILD_MODELS:
            continue
        _load_record(path, record, children.get(record["fields"].get("slug"), []), update, report)


def _deserialize(path, record):
    try:
        return next(serializers.deserialize("python", [record]))
    except (DeserializationError, FieldDoesNotExist) as error:
        raise LoadError(f"{path}: {_describe(record)}: {error}") from None


def _describe(record):
    return f"{record['model'].split('.')[-1]} {record['fields'].get('slug') or ''}".strip()


def _validate(path, record, instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items())
        raise LoadError(f"{path}: {_describe(record)}: {messages}") from None


def _load_record(path, record, child_records, update, report):
    try:
        model = apps.get_model(record["model"])
    except (LookupError, ValueError):
        raise LoadError(f"{path}: unknown model {record['model']!r}.") from None
    slug = record["fields"].get("slug")
    existing = model.objects.filter(slug=slug).first() if slug else None
    incoming = _deserialize(path, record)
    label = _describe(record)

    if existing is None:
        _validate(path, record, incoming.object)
        timestamps = _timestamps(incoming.object, record)
        incoming.object.save()
        if timestamps:
            model.objects.filter(pk=incoming.object.pk).update(**timestamps)
        for name, values in incoming.m2m_data.items():
            getattr(incoming.object, name).set(values)
        _load_children(path, incoming.object, child_records)
        report.added.append(label)
        return

    filled = _fill_translations(existing, incoming.object, record)
    if isinstance(existing, Partnership):
        filled += _fill_milestone_translations(path, existing, child_records)
        if _fill_sources(path, existing, child_records):
            report.sourced.append(label)
    if filled:
        report.translated.append(f"{label} ({', '.join(filled)})")

    changed = _changed_fields(path, existing, incoming, record, child_records)
    if not update or not changed:
        report.kept.append(label)
        return

    for name in record["fields"]:
        model_field = model._meta.get_field(name)
        if not model_field.many_to_many:
            setattr(existing, model_field.attname, getattr(incoming.object, model_field.attname))
    _validate(path, record, existing)
    existing.save()
    for name, values in incoming.m2m_data.items():
        getattr(existing, name).set(values)
    if "milestones" in changed:
        existing.milestones.all().delete()
        _load_children(path, existing, [r for r in child_records if r["model"] == "directory.milestone"])
    if "sources" in changed:
        existing.sources.all().delete()
        _load_children(path, existing, _sources(child_records))
    report.replaced.append(f"{label} ({', '.join(changed)})")


def _sources(child_records):
    return [record for record in child_records if record["model"] == "directory.source"]


def _fill_sources(path, partnership, child_records):
    """Give a partnership without any source the file's sources; whether it did."""
    if partnership.sources.exists() or not _sources(child_records):
        return False
    _load_children(path, partnership, _sources(child_records))
    return True


def _fill_translations(existing, incoming, record):
    """Fill in the translations the file gives and `existing` lacks; the names of those filled in."""
    filled = [
        name
        for name in TRANSLATIONS[type(existing)]
        if name in record["fields"] and not getattr(existing, name) and getattr(incoming, name)
    ]
    if filled:
        for name in filled:
            setattr(existing, name, getattr(incoming, name))
        existing.save(update_fields=filled)
    return filled


def _fill_milestone_translations(path, partnership, child_records):
    """Fill in the translations of the stored milestones whose date and English text are the file's."""
    stored = {}
    for milestone in partnership.milestones.all():
        stored.setdefault((milestone.date, milestone.text), []).append(milestone)
    filled = []
    for record in child_records:
        if record["model"] != "directory.milestone":
            continue
        incoming = _deserialize(path, record).object
        for milestone in stored.get((incoming.date, incoming.text), []):
            filled += [f"milestone {name}" for name in _fill_translations(milestone, incoming, record)]
    return sorted(set(filled))


def _timestamps(instance, record):
    """The created/updated times a file gives (a backup does), which saving would set to now."""
    return {
        model_field.attname: getattr(instance, model_field.attname)
        for model_field in instance._meta.concrete_fields
        if (getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False))
        and model_field.name in record["fields"]
    }


def _changed_fields(path, existing, incoming, record, child_records):
    """The names of the fields where the file differs from what is stored."""
    changed = []
    for name in record["fields"]:
        model_field = existing._meta.get_field(name)
        if model_field.many_to_many:
            stored = set(getattr(existing, name).values_list("pk", flat=True))
            if stored != {int(pk) for pk in incoming.m2m_data.get(name, [])}:
                changed.append(name)
        elif getattr(existing, model_field.attname) != model_field.to_python(
            getattr(incoming.object, model_field.attname)
        ):
            changed.append(name)
    if isinstance(existing, Partnership):
        milestone_fields = ["date", "text", *TRANSLATIONS[Milestone]]
        stored = sorted(existing.milestones.values_list(*milestone_fields))
        wanted = sorted(
            tuple(r["fields"].get(name, "") for name in milestone_fields)
            for r in child_records
            if r["model"] == "directory.milestone"
        )
        if stored != wanted:
            changed.append("milestones")
        stored = sorted(_source_row(source) for source in existing.sources.all())
        wanted = sorted(_source_row(_deserialize(path, record).object) for record in _sources(child_records))
        if stored != wanted:
            changed.append("sources")
    return changed


def _source_row(source):
    return tuple(str(getattr(source, name) or "") for name in SOURCE_FIELDS)


def _load_children(path, partnership, child_records):
    for record in child_records:
        child = _deserialize(path, record).object
        child.partnership = partnership
        _validate(path, record, child)
        child.save()


# Derived from other fields on save, or counted by every save; a backup leaves them out.
DERIVED_FIELDS = {
    "signed_earliest",
    "signed_latest",
    "date_earliest",
    "date_latest",
    "sort_key_zh_hans",
    "search_text",
    "version",
}


class _BackupEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder stops at milliseconds), so a restore is exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _parents_first(nodes, *links):
    """Places or topics ordered so that each comes after the rows it refers to (its parent, its successor)."""
    by_pk = {node.pk: node for node in nodes}
    ordered, placed = [], set()

    def place(node, seen=()):
        if node.pk in placed or node.pk in seen:
            return
        for link in links:
            target = by_pk.get(getattr(node, f"{link}_id"))
            if target is not None:
                place(target, (*seen, node.pk))
        placed.add(node.pk)
        ordered.append(node)

    for node in sorted(nodes, key=lambda node: node.slug):
        place(node)
    return ordered


def _records(objects):
    records = serializers.serialize("python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True)
    for record in records:
        record.pop("pk", None)
        for name in DERIVED_FIELDS & record["fields"].keys():
            del record["fields"][name]
    return records


def export_json():
    """The whole directory, drafts and private contacts included, in the format `load` reads back.

    A backup for staff: it holds private data. Edit history is not part of it.
    """
    places = _parents_first(list(Place.objects.all()), "parent", "successor")
    topics = _parents_first(list(Topic.objects.all()), "parent")
    partnerships = Partnership.objects.order_by("slug").prefetch_related("topics")
    milestones = Milestone.objects.select_related("partnership").order_by("partnership__slug", "date", "text", "pk")
    sources = Source.objects.select_related("partnership").order_by("partnership__slug", "order", "pk")
    contacts = Contact.objects.select_related("partnership").order_by(
        "partnership__slug", "side", "name", "organisation", "email", "pk"
    )
    records = [*_records(places), *_records(topics), *_records(partnerships), *_records(milestones), *_records(sources)]
    records += _records(contacts)
    return json.dumps(records, cls=_BackupEncoder, ensure_ascii=False, indent=2) + "\n"
