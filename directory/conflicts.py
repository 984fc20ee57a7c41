"""Two editors at once: an edit begun on a copy that someone else has since saved over is refused.

Every place, topic, partnership, milestone and contact carries a version number (`Versioned.version`),
raised by every save (`directory.signals`). The admin's forms carry the number the editor's copy had
(`VersionedForm`, directory/forms.py) and refuse the save when the stored number has moved on; a CSV
import compares a row's `updated` column (the time of the last change when the file was exported) with
the partnership's (directory/resources.py). Either way the refusal says who saved it since, when, and
what, from django-reversion's history: its revisions record who and when, with Django's change message
("Changed Summary."), and its versions the values, from which the fields that now differ are named in
the reader's language.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from reversion.models import Version

# Changes listed one by one in a refusal; older ones are counted.
SHOWN_CHANGES = 3
# Fields that every save changes or that are worked out from others: not what an editor changed.
DERIVED_FIELDS = {
    "version",
    "search_text",
    "updated",
    "published_at",
    "signed_earliest",
    "signed_latest",
    "date_earliest",
    "date_latest",
}


def stored_version(instance):
    """The version number stored for `instance`'s row, locked until the transaction ends (on PostgreSQL
    a second save of the row waits, then reads the first one's number); None when the row is gone."""
    rows = type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
    return rows.values_list("version", flat=True).first()


def refusal(instance, opened_version):
    """Why an edit of `instance` begun on its version `opened_version` is not saved."""
    versions = list(_versions(instance))
    later = [version for version in versions if _number(version) > opened_version and _saved(version)]
    base = next((version for version in versions if _number(version) <= opened_version), None)
    return ValidationError(
        gettext_lazy(
            "Someone else saved this %(object)s after you opened it. %(changes)s Nothing was saved: your input "
            "is kept below. Check it against theirs (History shows every change), then save again to apply it."
        ),
        code="changed_meanwhile",
        params={"object": instance._meta.verbose_name, "changes": _changes(instance, later, base)},
    )


def import_refusal(instance, exported):
    """Why an import row for `instance` (a partnership), exported when its `updated` was `exported`, is
    not imported; None when it has not been saved since.

    `exported` may be less precise than the stored time (a spreadsheet that kept whole seconds): a
    change within the same second is not told apart from the exported state.
    """
    if instance.updated is None or _as_precise(instance.updated, exported) <= exported:
        return None
    versions = list(_versions(instance))
    later = [version for version in versions if version.revision.date_created > exported and _saved(version)]
    base = next((version for version in versions if version.revision.date_created <= exported), None)
    return ValidationError(
        gettext_lazy(
            "Someone else saved this %(object)s after the file was exported. %(changes)s Nothing was imported: "
            "export the partnerships again and make your change in the new file, or leave this row out."
        ),
        code="changed_since_export",
        params={
            "object": instance._meta.verbose_name,
            "changes": _changes(instance, later, base, when=instance.updated),
        },
    )


def _changes(instance, later, base, when=None):
    """Who saved `instance` since an editor's copy, when, and what; and which fields differ from the copy."""
    separator = pgettext("between the items of a list", ", ")
    if later:
        changes = [_change(version) for version in later[:SHOWN_CHANGES]]
        if len(later) > SHOWN_CHANGES:
            more = len(later) - SHOWN_CHANGES
            changes.append(ngettext("%(count)d earlier change", "%(count)d earlier changes", more) % {"count": more})
        text = _("Saved by %(changes)s.") % {"changes": separator.join(changes)}
    elif when is not None:
        text = _("Changed on %(when)s by a command or script, which records no name.") % {"when": _when(when)}
    else:
        text = _("Changed by a command or script, which records no name or time.")
    differing = _differing_fields(instance, base) if base is not None else []
    if differing:
        text += " " + _("Fields that now differ from your copy: %(fields)s.") % {"fields": separator.join(differing)}
    return text


def _versions(instance):
    """The django-reversion versions of `instance`, newest first."""
    return (
        Version.objects.get_for_object(instance)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _saved(version):
    """Whether the version records someone's save: the admin records the state of a row before its first
    change as a revision without a user (`HistoryAdmin.record_state_before_change`), which is none."""
    return version.revision.user_id is not None


def _number(version):
    """The version number a django-reversion version recorded (1 for those recorded before there were any)."""
    return version.field_dict.get("version") or 1


def _change(version):
    """Who saved this version, when, and what Django's change message says they changed."""
    user = version.revision.user
    name = user.get_full_name()
    who = f"{name} ({user.get_username()})" if name else user.get_username()
    values = {"who": who, "when": _when(version.revision.date_created), "what": version.revision.get_comment()}
    return _("%(who)s on %(when)s (“%(what)s”)") % values if values["what"] else _("%(who)s on %(when)s") % values


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _differing_fields(instance, base):
    """The names, in the reader's language, of the fields whose stored values differ from `base`'s."""
    model = type(instance)
    stored = model._base_manager.get(pk=instance.pk)
    names = []
    for name, old in base.field_dict.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.name in DERIVED_FIELDS or not field.editable:
            continue
        if field.many_to_many:
            now, old = sorted(getattr(stored, field.name).values_list("pk", flat=True)), sorted(old or [])
        else:
            now = getattr(stored, field.attname)
        if now != old:
            names.append(capfirst(str(field.verbose_name)))
    return names


def _as_precise(moment, like):
    """`moment` as precisely as `like` is given: to the second when `like` has no fraction of one."""
    return moment.replace(microsecond=0) if like.microsecond == 0 else moment
