from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SignInEvent


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    """The sign-in record, read-only and for superusers alone: no permission opens it to an editor."""

    list_display = ["time", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind", "time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "time"
    list_select_related = ["user"]

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


# django-otp's own pages show each device's secret key: second factors are set up by their owner and reset
# with `manage.py reset_second_factor`, never edited in the admin.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
