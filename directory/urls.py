from django.contrib.sitemaps.views import sitemap
from django.urls import LocalePrefixPattern, URLResolver, path
from django.urls.resolvers import RoutePattern

from .feeds import PartnershipFeed
from .sitemaps import SITEMAPS
from .views import data, images, pages, service

app_name = "directory"

# The pages people read: English at the addresses of docs/contracts.md, Norwegian under /nb/, Chinese under /zh-hans/.
page_patterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("partnerships/", pages.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships/<slug:slug>/", pages.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("places/<slug:slug>/", pages.PlaceDetailView.as_view(), name="place-detail"),
    path("privacy/", pages.PrivacyView.as_view(), name="privacy"),
    # Each page's share image, in the page's language (og:image).
    path("share.png", images.HomeImageView.as_view(), name="home-image"),
    path("partnerships/<slug:slug>/share.png", images.PartnershipImageView.as_view(), name="partnership-image"),
    path("places/<slug:slug>/share.png", images.PlaceImageView.as_view(), name="place-image"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("accessibility/", pages.AccessibilityView.as_view(), name="accessibility"),
    path("data/", pages.OpenDataView.as_view(), name="open-data"),
]

# The data, feeds and files for machines: one address each, whatever the language.
data_patterns = [
    path("partnerships.json", data.PartnershipListJSONView.as_view(), name="partnership-list-json"),
    path("partnerships.csv", data.PartnershipListCSVView.as_view(), name="partnership-list-csv"),
    path("partnerships/<slug:slug>.json", data.PartnershipDetailJSONView.as_view(), name="partnership-detail-json"),
    path("feeds/partnerships.atom", PartnershipFeed(), name="partnership-feed"),
    path("anniversaries.ics", data.AnniversariesView.as_view(), name="anniversaries"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", service.robots_txt, name="robots"),
    path("favicon.ico", service.favicon, name="favicon"),
    path("apple-touch-icon.png", service.touch_icon, {"size": 180}, name="apple-touch-icon"),
    path("apple-touch-icon-precomposed.png", service.touch_icon, {"size": 180}, name="apple-touch-icon-precomposed"),
    path("icon-192.png", service.touch_icon, {"size": 192}, name="icon"),
    path("healthz", service.healthz, name="healthz"),
    path("readyz", service.readyz, name="readyz"),
]


def in_each_language(patterns):
    """`i18n_patterns(*patterns, prefix_default_language=False)` inside this app's namespace.

    Django's i18n_patterns() may only stand in the root URLconf, but the data must keep its one
    address and share the `directory:` namespace with the pages, which one namespace can only do
    from one include. So the pages' language prefix is built here, a level below the include, and
    twinning/urls.py carries an empty i18n_patterns() so that LocaleMiddleware reads the language
    from the prefix (django.conf.urls.i18n.is_language_prefix_patterns_used looks at the root only).
    """
    return URLResolver(RoutePattern(""), [URLResolver(LocalePrefixPattern(prefix_default_language=False), patterns)])


# The data first: /partnerships/<slug>.json must not be read as a page's address.
urlpatterns = [*data_patterns, in_each_language(page_patterns)]
