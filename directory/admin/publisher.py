"""The publisher in the admin: the one row that says who keeps the directory."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Publisher
from .history import HistoryAdmin


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
