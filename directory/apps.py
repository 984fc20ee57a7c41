from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Friendship cities directory")

    def ready(self):
        from . import caching, checks, signals, tallies  # noqa: F401  (checks and signals register themselves on import)

        caching.connect_signals()
        tallies.connect_signals()
