from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from twinning.metrics import metrics

urlpatterns = [
    # The admin's language chooser posts here (see twinning.middleware.AdminLanguageMiddleware); for signed-in
    # staff only, as every admin page.
    path("admin/language/", admin.site.admin_view(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("metrics", metrics, name="metrics"),
    path("", include("directory.urls")),
    # Empty: it tells LocaleMiddleware that pages carry their language in a prefix, English unprefixed.
    # The prefixed pages themselves are in directory/urls.py (see in_each_language there).
    *i18n_patterns(prefix_default_language=False),
]

# "Not found" suggests the partnerships and places the address seems to mean.
handler404 = "directory.views.pages.page_not_found"
