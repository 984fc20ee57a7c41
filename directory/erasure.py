"""Erasure: a deleted contact's data leaves every copy the site keeps, and a note without it stays.

A contact is deleted by itself, with its partnership, from a partnership's form, by restoring an older
version of a partnership, or in a shell: each sends `post_delete`, which `contact_deleted` answers. Once the
deletion is committed (after the admin has written its log entry and django-reversion its revision, both of
which name the contact), `erase` removes:

- every version of the contact django-reversion keeps (so it can no longer be recovered or restored, alone
  or with its partnership), and revisions left empty by that;
- every entry of the admin's log about the contact;
- the contact's names (as the log and the revisions' comments quote them: "Deleted contact “Kari”.")
  from every other log entry and revision comment, replaced by "[erased]";
- the page cache, which may hold public pages that showed the contact.

What remains is an `Erasure`: when, by whom, which contact number of which partnership, and how much was
removed. The request log never holds a contact's data (twinning.middleware redacts the admin's query
strings), and no other log the site writes names contacts.
"""

import contextvars
import json
import logging
import re
from contextlib import contextmanager

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from reversion.models import Revision, Version

from .models import Contact, Erasure, Partnership

logger = logging.getLogger(__name__)

ERASED = "[erased]"
# The fields whose values may be quoted in a log entry or a revision comment: the names a contact is shown by.
NAMING_FIELDS = ("name", "organisation", "email", "phone")

_erased_by = contextvars.ContextVar("erased_by", default=None)


@contextmanager
def erasing_as(user):
    """Deletions inside are erasures by `user` (the admin wraps each of its views in this)."""
    token = _erased_by.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _erased_by.reset(token)


def contact_deleted(sender, instance, **kwargs):
    """post_delete of a Contact: erase it once the deletion is committed (at once outside a transaction)."""
    # Read now: Django clears the instance's primary key once the deletion is done.
    contact_pk = instance.pk
    names = naming_values(instance.__dict__) | {str(instance)}
    by_id = getattr(_erased_by.get(), "pk", None)
    slug = Partnership.objects.filter(pk=instance.partnership_id).values_list("slug", flat=True).first()
    partnership = slug or str(instance.partnership_id)
    transaction.on_commit(lambda: erase(contact_pk, names, by_id=by_id, partnership=partnership))


def naming_values(fields):
    return {str(fields[name]).strip() for name in NAMING_FIELDS if fields.get(name) and str(fields[name]).strip()}


@transaction.atomic
def erase(contact_pk, names, by_id=None, partnership=""):
    """Remove what the site keeps of contact `contact_pk`, known by `names`; leave an Erasure. Returns it."""
    content_type = ContentType.objects.get_for_model(Contact)
    versions = Version.objects.filter(content_type=content_type, object_id=str(contact_pk))
    names = set(names)
    for version in versions:
        names.add(version.object_repr)
        try:
            names |= naming_values(version.field_dict)
        except Exception:  # A version django-reversion can no longer read still goes, names or not.
            logger.warning("An old version of contact %s could not be read; it is removed all the same.", contact_pk)
    revision_ids = set(versions.values_list("revision_id", flat=True))
    version_count, _deleted = versions.delete()
    Revision.objects.filter(pk__in=revision_ids, version__isnull=True).delete()
    log_count, _deleted = LogEntry.objects.filter(content_type=content_type, object_id=str(contact_pk)).delete()
    scrubbed = scrub(names - {""})
    erasure = Erasure.objects.create(
        by_id=by_id,
        contact_number=contact_pk,
        partnership=partnership,
        removed=(
            f"the contact, {version_count} stored version(s), {log_count} admin log entry(ies); "
            f"named in {scrubbed} other entry(ies), now [erased]"
        )[:200],
    )
    try:
        cache.clear()  # Public pages may have shown the contact; the cache is rebuilt as pages are asked for.
    except Exception:
        logger.warning("The page cache could not be cleared after an erasure.", exc_info=True)
    return erasure


def scrub(names):
    """Replace `names` in the admin's log and the revisions' comments; how many rows were changed."""
    if not names:
        return 0
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in sorted(names, key=len, reverse=True)),
        re.IGNORECASE,
    )
    # Django writes change messages as JSON with non-ASCII letters escaped: look for both spellings.
    spellings = {spelling for name in names for spelling in (name, json.dumps(name)[1:-1])}
    changed = 0
    log_condition = Q()
    for spelling in spellings:
        log_condition |= Q(change_message__icontains=spelling) | Q(object_repr__icontains=spelling)
    for entry in LogEntry.objects.filter(log_condition):
        entry.object_repr = pattern.sub(ERASED, entry.object_repr)
        entry.change_message = _scrub_change_message(entry.change_message, pattern)
        entry.save(update_fields=["object_repr", "change_message"])
        changed += 1
    comment_condition = Q()
    for name in names:
        comment_condition |= Q(comment__icontains=name)
    for revision in Revision.objects.filter(comment_condition):
        revision.comment = pattern.sub(ERASED, revision.comment)
        revision.save(update_fields=["comment"])
        changed += 1
    return changed


def _scrub_change_message(message, pattern):
    try:
        data = json.loads(message)
    except ValueError:
        return pattern.sub(ERASED, message)

    def walk(value):
        if isinstance(value, str):
            return pattern.sub(ERASED, value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    return json.dumps(walk(data))
