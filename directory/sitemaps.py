from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from .models import Partnership, Place


class LanguagesSitemap(Sitemap):
    """Every page once in each language, each entry with its alternates in the others."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(LanguagesSitemap):
    """The home page, the list, the open data page and the pages about the directory."""

    changefreq = "weekly"

    def items(self):
        return [
            "directory:home",
            "directory:partnership-list",
            "directory:open-data",
            "directory:about",
            "directory:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class PartnershipSitemap(LanguagesSitemap):
    changefreq = "monthly"

    def items(self):
        return Partnership.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated


class PlaceSitemap(LanguagesSitemap):
    """Every place a published partnership shows on: its two parties and the places they lie in."""

    changefreq = "monthly"

    def items(self):
        published = Partnership.objects.published()
        parties = Place.objects.filter(
            Q(pk__in=published.values("norwegian_party")) | Q(pk__in=published.values("chinese_party"))
        )
        return Place.objects.with_ancestors(parties).order_by("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "partnerships": PartnershipSitemap,
    "places": PlaceSitemap,
}
