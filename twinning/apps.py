from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    """Django's admin, served by the site that asks for a second factor (accounts.sites.AdminSite)."""

    default_site = "accounts.sites.AdminSite"
