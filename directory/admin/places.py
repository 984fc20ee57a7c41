"""Places and topics in the admin: the two trees the directory is filtered by."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Partnership, Place, Topic
from .history import HistoryAdmin


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
