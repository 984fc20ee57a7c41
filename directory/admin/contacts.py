"""Contacts in the admin: personal data held with its lawful basis, reviewed, handed over on request,
and erased on deletion (directory/erasure.py, directory/personal_data.py)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import personal_data
from ..models import Contact, Erasure
from .history import HistoryAdmin


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
