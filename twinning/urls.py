from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the admin's language chooser posts here (see twinning.middleware.AdminLanguageMiddleware).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("directory.urls")),
    # Empty: it tells LocaleMiddleware that pages carry their language in a prefix, English unprefixed.
    # The prefixed pages themselves are in directory/urls.py (see in_each_language there).
    *i18n_patterns(prefix_default_language=False),
]
