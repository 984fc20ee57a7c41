from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # The admin's language chooser posts here (see twinning.middleware.AdminLanguageMiddleware).
    path("admin/language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("directory.urls")),
    # Empty: it tells LocaleMiddleware that pages carry their language in a prefix, English unprefixed.
    # The prefixed pages themselves are in directory/urls.py (see in_each_language there).
    *i18n_patterns(prefix_default_language=False),
]

# "Not found" suggests the partnerships and places the address seems to mean.
handler404 = "directory.views.page_not_found"
