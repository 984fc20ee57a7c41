"""The editors' admin: everything an embassy editor needs, and nothing they can break.

History and undo come from django-reversion: each save in the admin is a
revision (who, when, and Django's own "Changed signed and summary." message),
a partnership's revision carries its milestones and contacts, and deleted
objects can be recovered from "Recover deleted ...".
"""

import re

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import erasure, personal_data, search
from .conflicts import stored_version
from .dates import understood
from .forms import MultilineTextField, PartialDateFormField, PartnershipAdminForm, VersionedForm
from .models import Contact, Erasure, Milestone, PartialDateField, Partnership, Place, Publisher, Source, Topic
from .resources import PartnershipResource

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

    def record_state_before_change(self, queryset):
        versioned = Version.objects.get_for_model(self.model).values_list("object_id", flat=True)
        unrecorded = [obj for obj in queryset if str(obj.pk) not in set(versioned)]
        if unrecorded:
            with reversion.create_revision():
                reversion.set_comment(_("As it was before its first change in the admin."))
                for obj in unrecorded:
                    reversion.add_to_revision(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with erasure.erasing_as(request.user):  # a contact deleted from a partnership's form (or a restore)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.record_state_before_change(self.objects_named(request, [unquote(object_id)]))
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and self.model not in ERASED_ON_DELETE:
            self.record_state_before_change(self.objects_named(request, [unquote(object_id)]))
        with erasure.erasing_as(request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") and self.model not in ERASED_ON_DELETE:
            if request.POST.get("select_across") == "1":
                selected = self.model.objects.all()
            else:
                selected = self.objects_named(request, request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            self.record_state_before_change(selected)
        with erasure.erasing_as(request.user):
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
        version an edit began on is read first, and checked against the one read at the save."""
        self.key_or_404(object_id)
        with transaction.atomic():
            obj = self.objects_named(request, [unquote(object_id)]).first()
            request.version_before_restore = stored_version(obj) if obj is not None else None
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recovering a deleted object: there is no newer version to save over (someone who recovered it
        first makes this recovery fail as a duplicate)."""
        request.version_before_restore = None
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


class MilestoneInline(VersionedInline, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["date", "text", "text_nb", "text_zh_hans"]
    formfield_overrides = FORM_FIELDS


class SourceInline(VersionedInline, admin.TabularInline):
    """Where the facts come from, the first source first: shown on the page, in the JSON and the CSV."""

    model = Source
    extra = 0
    fields = ["order", "title", "url", "publisher", "published", "accessed", "language"]
    formfield_overrides = FORM_FIELDS


class ContactInline(VersionedInline, admin.StackedInline):
    model = Contact
    extra = 0
    formfield_overrides = FORM_FIELDS
    fieldsets = [
        (None, {"fields": ["side", ("name", "role"), "organisation", ("email", "phone"), "website", "is_public"]}),
        (
            _("Why we hold it, and until when"),
            {"fields": ["lawful_basis", ("consent_given", "consent_how"), ("last_checked", "review_by")]},
        ),
        (_("For embassy staff only"), {"fields": ["notes"]}),
    ]


class DecadeFilter(admin.SimpleListFilter):
    title = _("decade signed")
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("signed_earliest", "year")
        decades = sorted({date.year // 10 * 10 for date in years})
        return [
            *[(str(decade), _("%(decade)ds") % {"decade": decade}) for decade in decades],
            ("unknown", _("Date unknown")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.filter(signed_earliest__isnull=True)
        if self.value() and re.fullmatch("[0-9]{4}", self.value()):
            decade = int(self.value())
            return queryset.filter(signed_earliest__year__gte=decade, signed_earliest__year__lte=decade + 9)
        return queryset


class RegionFilter(admin.SimpleListFilter):
    """Where the parties lie: a Norwegian county or a Chinese province, with the places inside it."""

    title = _("region (county or province)")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Place.objects.filter(parent__isnull=True).order_by("country", "name")
        return [(place.slug, f"{place.name} ({place.get_country_display()})") for place in regions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.involving(Place.objects.filter(slug=self.value()))
        return queryset


@admin.register(Partnership)
class PartnershipAdmin(ImportExportMixin, HistoryAdmin):
    form = PartnershipAdminForm
    resource_classes = [PartnershipResource]
    formats = [CSV]
    from_encoding = "utf-8-sig"
    import_error_display = ("message", "row")
    change_form_template = "admin/directory/partnership/change_form.html"
    show_change_form_export = False
    import_template_name = "admin/directory/partnership/import.html"

    inlines = [MilestoneInline, SourceInline, ContactInline]
    list_display = ["title", "kind", "signed_as_written", "status", "updated"]
    list_display_links = ["title"]
    list_filter = ["status", "kind", DecadeFilter, "topics", RegionFilter]
    list_select_related = ["norwegian_party", "chinese_party"]
    search_fields = [
        f"{party}__{field}"
        for party in ("norwegian_party", "chinese_party")
        for field in ("name", "name_nb", "name_zh_hans", "native_name", "pinyin", "slug")
    ] + ["slug", "summary", "summary_nb", "summary_zh_hans"]
    autocomplete_fields = ["norwegian_party", "chinese_party"]
    filter_horizontal = ["topics"]
    actions = ["publish", "unpublish"]
    view_on_site = True
    save_on_top = True
    fieldsets = [
        (
            _("Who signed"),
            {
                "fields": ["norwegian_party", "chinese_party", "kind"],
                "description": _(
                    "Type a few letters of a place in English, Norwegian or Chinese to find it. "
                    "A place that is not listed yet must be added under Places first."
                ),
            },
        ),
        (_("When and where"), {"fields": ["signed", "signed_at"]}),
        (_("What it is about"), {"fields": ["topics", "source_note"]}),
        (
            _("Summary in three languages"),
            {
                "classes": ["translations"],
                "fields": [("summary", "summary_nb", "summary_zh_hans")],
                "description": _(
                    "English first; the Norwegian and Chinese say the same, no more and no less. A language "
                    "left empty shows the English, marked as not yet translated. The milestones below "
                    "have the same three columns."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": ["status", "slug", "published_at", "created", "updated"],
                "description": _(
                    "A new partnership is a draft: only staff see it. Publish it when it has been checked."
                ),
            },
        ),
    ]

    @admin.display(description=_("partnership"))
    def title(self, partnership):
        return partnership.title

    class Media:
        # The three languages of the summary and of the milestones, side by side.
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("signed"), ordering="signed_earliest")
    def signed_as_written(self, partnership):
        return partnership.signed_date.display() if partnership.signed_date else "–"

    def get_readonly_fields(self, request, obj=None):
        readonly = ["published_at", "created", "updated"]
        if obj is not None and obj.published_at is not None:
            readonly.append("slug")
        return readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save here writes the partnership, its topics, milestones and contacts: its search text is
        refreshed once, when all are saved (`save_related`)."""
        with search.refreshed_once():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.refresh_pending()

    def save_model(self, request, obj, form, change):
        if "_publish" in request.POST:
            obj.status = Partnership.Status.PUBLISHED
        elif "_unpublish" in request.POST:
            obj.status = Partnership.Status.DRAFT
        super().save_model(request, obj, form, change)
        if obj.signed_date:
            self.message_user(request, _("Signed: %(understood)s.") % {"understood": understood(obj.signed_date)})
        if not obj.is_published:
            self.message_user(
                request,
                _("“%(partnership)s” is a draft: the public cannot see it until it is published.")
                % {"partnership": obj},
                messages.WARNING,
            )

    @admin.action(description=_("Publish the selected partnerships"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Partnership.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected partnerships (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Partnership.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        changed = [partnership for partnership in queryset if partnership.status != status]
        for partnership in changed:
            partnership.status = status
            partnership.save()
            self.log_change(request, partnership, [{"changed": {"fields": ["status"]}}])
        verb = _("published") if status == Partnership.Status.PUBLISHED else _("unpublished")
        reversion.set_comment(_("Changed Status (%(verb)s).") % {"verb": verb})
        self.message_user(
            request,
            ngettext("%(count)d partnership %(verb)s.", "%(count)d partnerships %(verb)s.", len(changed))
            % {"count": len(changed), "verb": verb},
            messages.SUCCESS,
        )

    def get_import_data_kwargs(self, **kwargs):
        """Any bad row stops the whole file, at the preview and at the confirmation alike."""
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_dataset(self, dataset, form, request, **kwargs):
        """Import for real, as one revision by the editor, so that an import can be undone."""
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Imported from a CSV file."))
                result = super().process_dataset(dataset, form, request, **kwargs)
                if result.has_errors() or result.has_validation_errors():
                    raise _ImportRefused(result)
        except _ImportRefused as refused:
            result = refused.result
        return result

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the file no longer passes the checks. Upload it again to see why."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:directory_partnership_import"))
        return super().process_result(result, request)


class _ImportRefused(Exception):
    def __init__(self, result):
        self.result = result


@admin.register(Place)
class PlaceAdmin(HistoryAdmin):
    """Places are protected by the database: Django's delete page names the partnerships using one."""

    list_display = [
        "name",
        "name_zh_hans",
        "native_name",
        "pinyin",
        "country",
        "level",
        "parent",
        "is_former",
        "partnership_count",
    ]
    list_filter = ["country", "level", ("dissolved", admin.EmptyFieldListFilter)]
    search_fields = ["name", "name_nb", "name_zh_hans", "native_name", "pinyin", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent"]
    view_on_site = True
    fieldsets = [
        (
            _("Names"),
            {
                "classes": ["translations"],
                "fields": [("name", "name_nb", "name_zh_hans"), "native_name", "pinyin", "slug"],
                "description": _(
                    "The name in each of the site's languages, then the place's own. Norwegian pages show "
                    "the English name when the Norwegian one is empty; Chinese pages show a Chinese place's "
                    "native name when the Chinese one is empty."
                ),
            },
        ),
        (_("Where it lies"), {"fields": ["country", "level", "parent", ("latitude", "longitude")]}),
        (
            _("A former place"),
            {
                "classes": ["collapse"],
                "fields": ["dissolved", "successor", "history"],
                "description": _("Only for a place that no longer exists, such as Sør-Trøndelag."),
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                partnership_total=Count("partnerships_as_norwegian_party", distinct=True)
                + Count("partnerships_as_chinese_party", distinct=True)
            )
        )

    @admin.display(description=_("former"), boolean=True, ordering="dissolved")
    def is_former(self, place):
        return place.is_former

    @admin.display(description=_("partnerships"), ordering="partnership_total")
    def partnership_count(self, place):
        return place.partnership_total


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "name_nb", "name_zh_hans", "parent", "slug", "partnership_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_nb", "name_zh_hans", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"classes": ["translations"], "fields": [("name", "name_nb", "name_zh_hans"), "slug", "parent"]})
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partnership_total=Count("partnerships"))

    @admin.display(description=_("partnerships"), ordering="partnership_total")
    def partnership_count(self, topic):
        return topic.partnership_total

    def get_deleted_objects(self, objs, request):
        """A topic in use is protected like a place, though the database would only untag the partnerships."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for partnership in Partnership.objects.filter(topics__in=objs).distinct():
            url = reverse("admin:directory_partnership_change", args=[partnership.pk])
            protected.append(format_html('{}: <a href="{}">{}</a>', _("Partnership"), url, partnership))
        return deleted, model_count, perms_needed, protected


class ReviewFilter(admin.SimpleListFilter):
    """Contacts whose review date has come: the list of what to check (and to mark as checked, or delete)."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Due")), ("not-due", _("Not yet due"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "not-due":
            return queryset.exclude(pk__in=Contact.objects.due_for_review())
        return queryset


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    """Contacts are personal data: each says why it is held and when to check it again; deleting erases it."""

    list_display = ["__str__", "role", "organisation", "side", "partnership", "is_public", "lawful_basis", "review_by"]
    list_filter = [ReviewFilter, "lawful_basis", "side", "is_public", "partnership__status"]
    search_fields = [
        "name",
        "role",
        "organisation",
        "email",
        "partnership__norwegian_party__name",
        "partnership__norwegian_party__native_name",
        "partnership__chinese_party__name",
        "partnership__chinese_party__native_name",
        "partnership__chinese_party__pinyin",
    ]
    autocomplete_fields = ["partnership"]
    list_select_related = ["partnership__norwegian_party", "partnership__chinese_party"]
    actions = ["mark_checked"]
    # Django's own list, without "Recover deleted contacts": an erased contact cannot be recovered.
    change_list_template = "admin/directory/contact/change_list.html"
    change_form_template = "admin/directory/contact/change_form.html"
    fieldsets = [
        (None, {"fields": ["partnership", "side"]}),
        (_("Who"), {"fields": ["name", "role", "organisation"]}),
        (_("How to reach them"), {"fields": ["email", "phone", "website"]}),
        (_("Who may see it"), {"fields": ["is_public", "notes"]}),
        (
            _("Why we hold it, and until when"),
            {
                "fields": ["lawful_basis", ("consent_given", "consent_how"), ("last_checked", "review_by")],
                "description": _(
                    "Every contact needs a reason the directory may hold it. At the review date, check that "
                    "it is still right and still needed: then mark it as checked, or delete it."
                ),
            },
        ),
    ]

    @admin.action(description=_("Mark the selected contacts as checked today"), permissions=["change"])
    def mark_checked(self, request, queryset):
        for contact in queryset:
            contact.mark_checked()
            self.log_change(request, contact, [{"changed": {"fields": ["last checked", "review by"]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d contact marked as checked; the next review is in two years.",
                "%(count)d contacts marked as checked; the next review is in two years.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    def response_delete(self, request, obj_display, obj_id):
        """Says the contact is erased, without naming it (the message is shown on the next page)."""
        self.message_user(request, _("The contact was deleted and erased from the history and the logs."))
        return HttpResponseRedirect(reverse("admin:directory_contact_changelist"))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="directory_contact_personal_data",
            ),
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_by_email_view),
                name="directory_contact_personal_data_by_email",
            ),
            *super().get_urls(),
        ]

    def has_personal_data_permission(self, request):
        return request.user.has_perm("directory.download_personal_data")

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_download_personal_data"] = self.has_personal_data_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_download_personal_data": self.has_personal_data_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def personal_data_view(self, request, object_id):
        """Everything held about this contact, as a JSON file (an access request)."""
        if not self.has_personal_data_permission(request):
            raise PermissionDenied
        contact = self.get_object(request, unquote(object_id))
        if contact is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        data = personal_data.download(
            [personal_data.contact_record(contact, request)], request, {"contact": contact.pk}
        )
        return json_file(data, f"personal-data-contact-{contact.pk}.json")

    def personal_data_by_email_view(self, request):
        """Everything held about whoever has an email address, across all contacts and their history."""
        if not self.has_personal_data_permission(request):
            raise PermissionDenied
        form = EmailLookupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            contacts = list(personal_data.contacts_with_email(email))
            if contacts:
                records = [personal_data.contact_record(contact, request) for contact in contacts]
                data = personal_data.download(records, request, {"email": email})
                return json_file(data, "personal-data.json")
            form.add_error("email", _("No contact has or had this email address: the directory holds nothing for it."))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Access request: everything held about an email address"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/directory/contact/personal_data.html", context)


class EmailLookupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The address the person wrote from, or gave: every contact with it, now or before, is included."),
    )


def json_file(text, filename):
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """The notes erased contacts leave (when, by whom; no personal data): read-only, for superusers."""

    list_display = ["time", "contact_number", "partnership", "by", "removed"]
    list_select_related = ["by"]
    date_hierarchy = "time"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publisher)
class PublisherAdmin(HistoryAdmin):
    """The one row that says who keeps the directory: changed, never added or deleted."""

    fieldsets = [
        (None, {"fields": ["name", "name_nb", "name_zh_hans"]}),
        (_("How the public reaches you"), {"fields": ["postal_address", "email", "phone", "website"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The list of one row is the row itself."""
        publisher = Publisher.load()
        return HttpResponseRedirect(reverse("admin:directory_publisher_change", args=[publisher.pk]))
