"""What every form of the editors' admin shares: the row's version checked on save, the history
of changes, and undo (django-reversion)."""

from contextlib import nullcontext

import reversion
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import erasure, tallies
from ..conflicts import stored_version
from ..forms import MultilineTextField, PartialDateFormField, VersionedForm
from ..models import Contact, PartialDateField

admin.site.site_header = _("Norway–China friendship cities: editors")
admin.site.site_title = _("Friendship cities editors")
admin.site.index_title = _("Keep the directory true")

FORM_FIELDS = {
    PartialDateField: {"form_class": PartialDateFormField},
    models.TextField: {"form_class": MultilineTextField},
    models.URLField: {"assume_scheme": "https"},
}


class VersionedFieldsets:
    """Every form of the admin, inlines included, carries the version of the row it edits (a hidden field of
    `VersionedForm`), so that an edit of an older copy is refused (directory/conflicts.py)."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if "opened_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "opened_version"]}), *others]


class VersionedInline(VersionedFieldsets):
    def get_formset(self, request, obj=None, **kwargs):
        """An inline's rows are restored with their partnership as they were: the partnership's version is
        the one checked then (`HistoryAdmin.revision_view`)."""
        formset = super().get_formset(request, obj, **kwargs)
        if hasattr(request, "version_before_restore"):
            formset.form = type(formset.form.__name__, (formset.form,), {"checks_version": False})
        return formset


# Deleting one of these erases it (directory.erasure): no state is recorded before, nothing can be recovered.
ERASED_ON_DELETE = {Contact}


class HistoryAdmin(VersionedFieldsets, VersionAdmin):
    """An admin whose changes are recorded by django-reversion and can be undone.

    Objects loaded by `load_directory` have no history yet. Before their first
    change or deletion through the admin, their current state is recorded as a
    revision of its own, so that the change can be undone and the deletion
    recovered.

    Its forms refuse to save over a version someone saved after the editor
    opened the page (`VersionedForm`), restores of old versions included; and
    whatever is in the address bar or a posted form, it answers without a
    server error.
    """

    history_latest_first = True
    show_facets = admin.ShowFacets.ALWAYS
    formfield_overrides = FORM_FIELDS

    @staticmethod
    def writing(request):
        """A transaction for a view that may write, holding the directory's counts first (`tallies.lock`: two
        editors' saves then wait for each other rather than deadlock); nothing for a view that only reads."""
        return tallies.held() if request.method not in ("GET", "HEAD", "OPTIONS") else nullcontext()

    def record_state_before_change(self, queryset):
        versioned = Version.objects.get_for_model(self.model).values_list("object_id", flat=True)
        unrecorded = [obj for obj in queryset if str(obj.pk) not in set(versioned)]
        if unrecorded:
            with reversion.create_revision():
                reversion.set_comment(_("As it was before its first change in the admin."))
                for obj in unrecorded:
                    reversion.add_to_revision(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A contact deleted from a partnership's form (or a restore) is erased.
        with self.writing(request), erasure.erasing_as(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.record_state_before_change(self.objects_named(request, [unquote(object_id)]))
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and self.model not in ERASED_ON_DELETE:
            self.record_state_before_change(self.objects_named(request, [unquote(object_id)]))
        with self.writing(request), erasure.erasing_as(request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") and self.model not in ERASED_ON_DELETE:
            if request.POST.get("select_across") == "1":
                selected = self.model.objects.all()
            else:
                selected = self.objects_named(request, request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            self.record_state_before_change(selected)
        with self.writing(request), erasure.erasing_as(request.user):
            return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if hasattr(request, "version_before_restore"):
            restoring = {"restoring": True, "version_before_restore": request.version_before_restore}
            form = type(form.__name__, (form,), restoring)
        return form

    def history_view(self, request, object_id, extra_context=None):
        self.key_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring an old version: django-reversion writes it over the row before showing the form, so the
        version an edit began on is read first, and checked against the one read at the save. It writes
        even to show the form (and rolls back): it holds the counts first, as a save does."""
        self.key_or_404(object_id)
        with tallies.held():
            obj = self.objects_named(request, [unquote(object_id)]).first()
            request.version_before_restore = stored_version(obj) if obj is not None else None
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recovering a deleted object: there is no newer version to save over (someone who recovered it
        first makes this recovery fail as a duplicate)."""
        request.version_before_restore = None
        with tallies.held():
            return super().recover_view(request, version_id, extra_context)

    def get_changelist_instance(self, request):
        """A list asked for with a NUL character in its address (which PostgreSQL cannot compare) has parameters
        Django's admin cannot use: it shows the whole list, as for any other such parameter."""
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise IncorrectLookupParameters
        return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def response_action(self, request, queryset):
        """Django's, on the selected rows that exist: a selection naming none (a key that is not a number, a row
        deleted meanwhile) is told that nothing was selected, rather than causing a server error."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        existing = [str(pk) for pk in self.objects_named(request, selected).values_list("pk", flat=True)]
        if sorted(existing) != sorted(selected):
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, existing)
        return super().response_action(request, queryset)

    def key_or_404(self, object_id):
        """The primary key an address names. One that cannot be a key names nothing: django-reversion's views
        would look it up as text, and PostgreSQL refuses some text (a NUL character)."""
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    def objects_named(self, request, keys):
        """The objects with these primary keys as a request gives them; a key that is not one names none.

        One `pk=` condition each, which Django answers with nothing for a number too large for the column.
        """
        named = Q(pk__in=[])
        for key in keys:
            try:
                named |= Q(pk=self.model._meta.pk.to_python(key))
            except ValidationError:
                continue
        return self.get_queryset(request).filter(named)
