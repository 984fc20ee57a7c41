"""Partnerships in the admin, with their milestones, sources and contacts inline, filters by decade and
region, and the editors' CSV import and export."""

import re

import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV

from .. import search, tallies
from ..dates import understood
from ..forms import PartnershipAdminForm
from ..models import Contact, Milestone, Partnership, Place, Source
from ..resources import PartnershipResource
from .history import FORM_FIELDS, HistoryAdmin, VersionedInline


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
        tallies.recount()  # in the save's transaction: the home page and the list count the edit at once

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

    def import_action(self, request, **kwargs):
        with self.writing(request):  # the preview writes the rows too, and rolls them back
            return super().import_action(request, **kwargs)

    def process_import(self, request, **kwargs):
        with self.writing(request):
            return super().process_import(request, **kwargs)

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
