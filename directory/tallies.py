"""The published directory's counts, unfiltered, kept as data (`Tally`): the one place they are written.

The home page (its regions, topics, timeline and total) and the list before any filter (its facets and
its count) show how many published partnerships each place, topic, kind and year gives. Counted on each
request, that is a GROUP BY over every partnership, and grows with the directory; here it is one row
read by its primary key. The row keeps the home page's two lists the same way: the partnerships added
last (in each language's name order) and the round anniversaries of the coming year (for the day they
were counted on: the first page of a new day counts again).

How they are kept true, whatever writes:

- Every write that could change a count (a partnership saved or deleted, its topics changed, a place or
  topic saved or deleted: a new parent moves counts up another branch) raises `Tally.edits` in the
  write's own transaction (`mark`, connected when the app starts). A page that reads the row sees
  either the data before the write with the counts made for it, or the data after it with `counted`
  behind `edits`; never new data with old counts. (A save outside any transaction, in a shell, commits
  before its signal is sent: for that moment a page may read the new data with the old counts.)
- Most writes editors make count again at their end, in the same transaction: the admin's save of a
  partnership (`save_related`, a restore from its history included), the CSV import (`after_import`),
  `load_directory`; so do `generate_synthetic` and `release` (whose previous release's edits marked
  nothing).
- Any other write (a place or topic saved in the admin, a delete, the publish and unpublish actions, a
  shell) leaves the counts marked stale, and the next page to read them counts again and stores the
  result (`read`). Under PostgreSQL it counts only after taking the row's lock, so its counts hold every
  edit up to the `edits` it stores; if an editor's transaction holds the lock, the page counts for itself
  and stores nothing.

Writes that send no signals (`bulk_create`, `QuerySet.update`) call `mark()` or `recount()` themselves.

Since every such write takes the row's lock at its first mark and keeps it to its commit, a transaction
that writes several rows must take the row first (`lock`, or `held()` around it): otherwise one that
holds a partnership and waits for the row, and another that holds the row and waits for that
partnership (an action on several, against the partnership's own form, which locks it to check its
version), wait for each other for good, and PostgreSQL ends one with an error. The admin's views that
write (directory/admin/history.py), the CSV import, `load_directory`, `generate_synthetic` and `release`
do; editors' saves so wait for each other from their start rather than deadlock.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone, translation

from . import facets, writes
from .anniversaries import upcoming
from .models import Partnership, Place, Tally, Topic
from .pictures.timeline import timeline_groups

# How many partnerships the home page lists as added last, and how many coming anniversaries.
NEWEST = 5
ANNIVERSARIES = 10


@dataclass
class Counts:
    """How many published partnerships each place, topic and kind gives, and the timeline's `timeline_groups`."""

    place: Counter = field(default_factory=Counter)
    topic: Counter = field(default_factory=Counter)
    kind: dict = field(default_factory=dict)
    timeline: list = field(default_factory=list)
    day: str = ""  # the day counted on (ISO), which the anniversaries start from
    anniversaries: list = field(default_factory=list)  # [(partnership pk, years, date's EDTF)], soonest first
    newest: dict = field(default_factory=dict)  # {language: [partnership pk]}, as `added_last` orders them

    @property
    def total(self):
        """How many partnerships are published: each has one kind."""
        return sum(self.kind.values())

    def as_json(self):
        return {
            "place": {str(pk): count for pk, count in self.place.items() if count},
            "topic": {str(pk): count for pk, count in self.topic.items() if count},
            "kind": self.kind,
            "timeline": [[count, signed] for count, signed in self.timeline],
            "day": self.day,
            "anniversaries": [list(anniversary) for anniversary in self.anniversaries],
            "newest": self.newest,
        }

    @classmethod
    def from_json(cls, stored):
        return cls(
            place=Counter({int(pk): count for pk, count in stored["place"].items()}),
            topic=Counter({int(pk): count for pk, count in stored["topic"].items()}),
            kind=dict(stored["kind"]),
            timeline=[(count, signed) for count, signed in stored["timeline"]],
            day=stored["day"],
            anniversaries=[tuple(anniversary) for anniversary in stored["anniversaries"]],
            newest=stored["newest"],
        )


def count():
    """The counts of the published directory, counted now (a few queries for each language)."""
    published = Partnership.objects.published()
    place, topic = facets.place_and_topic_counts(published)
    today = timezone.localdate()
    newest = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            newest[language] = [partnership.pk for partnership in published.added_last(NEWEST)]
    return Counts(
        place,
        topic,
        facets.kind_counts(published),
        timeline_groups(published),
        day=today.isoformat(),
        anniversaries=[
            (anniversary.partnership.pk, anniversary.years, anniversary.date.edtf)
            for anniversary in upcoming(published, today, limit=ANNIVERSARIES)
        ],
        newest=newest,
    )


def read():
    """The published directory's counts: the stored ones (one query), or counted again and stored when an
    edit has marked them stale or they were counted on another day."""
    stored = Tally.objects.filter(pk=1).values_list("edits", "counted", "counts").first()
    if stored is not None:
        edits, counted, counts = stored
        if counted == edits and counts.get("day") == timezone.localdate().isoformat():
            return Counts.from_json(counts)
    try:
        return recount()
    except DatabaseError:  # SQLite busy with an editor's write: count for this page alone
        return count()


def recount():
    """Count again and store the counts, at the `edits` they hold; returns them.

    Inside an edit's transaction (which holds the row since `mark`), the counts include the edit. Elsewhere
    the row is locked first, so every edit up to the stored `edits` is committed and counted; if another
    transaction holds it, the counts are for the caller alone and nothing is stored.
    """
    with transaction.atomic():
        row = Tally.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if row is None:
            if Tally.objects.filter(pk=1).exists():
                return count()  # another transaction holds it (and marked it): counted for this caller alone
            row = Tally(pk=1, edits=0)
        counts = count()
        row.counts, row.counted = counts.as_json(), row.edits
        row.save()
    return counts


def lock():
    """Take the row's lock now, in the current transaction, before any other row (see the module's
    docstring); it waits for a transaction that holds it. Nothing to do on SQLite, which lets one
    transaction write at a time."""
    Tally.objects.select_for_update().filter(pk=1).values_list("pk").first()


@contextmanager
def held():
    """A transaction that takes the row's lock first (`lock`)."""
    with transaction.atomic():
        lock()
        yield


def mark(**kwargs):
    """Mark the counts stale, in the current transaction (a signal receiver, and for writes that send none)."""
    if not Tally.objects.filter(pk=1).update(edits=F("edits") + 1):
        # The row is gone (a test's flush): made again, uncounted.
        Tally.objects.bulk_create([Tally(pk=1, edits=1)], ignore_conflicts=True)


# What a write of each changes: a partnership's kind, status, parties and date; a place's or topic's parent.
MARKED = (Partnership, Place, Topic)


def connect_signals():
    writes.connect(mark, MARKED, "tallies")


def disconnect_signals():
    writes.disconnect(MARKED, "tallies")
