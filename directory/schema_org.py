"""schema.org descriptions of the pages (JSON-LD): a partnership, its two places, the site."""

from django.urls import reverse

from .data import LICENCE, SITE_NAME
from .models import PlaceLevel

# schema.org: counties and provinces are administrative areas; the rest are cities.
SCHEMA_PLACE_TYPES = {
    PlaceLevel.COUNTY: "AdministrativeArea",
    PlaceLevel.PROVINCE: "AdministrativeArea",
}


def place_schema(place, request):
    """A place as a schema.org City or AdministrativeArea, with its coordinates and the place it lies in."""
    data = {
        "@type": SCHEMA_PLACE_TYPES.get(place.level, "City"),
        "name": place.name,
        "alternateName": [name for name in (place.native_name, place.pinyin) if name],
        "url": request.build_absolute_uri(place.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": place.country},
    }
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    if place.parent_id:
        data["containedInPlace"] = {
            "@type": SCHEMA_PLACE_TYPES.get(place.parent.level, "City"),
            "name": place.parent.name,
            "url": request.build_absolute_uri(place.parent.get_absolute_url()),
        }
    return data


def website_schema(request):
    return {"@type": "WebSite", "name": SITE_NAME, "url": request.build_absolute_uri(reverse("directory:home"))}


def partnership_schema(partnership, request):
    """A partnership's page for search engines: about its two places."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemPage",
        "name": partnership.title,
        "url": request.build_absolute_uri(partnership.get_absolute_url()),
        "description": partnership.summary,
        "dateModified": partnership.updated.isoformat(),
        "keywords": [topic.name for topic in partnership.topics.all()],
        "about": [place_schema(partnership.norwegian_party, request), place_schema(partnership.chinese_party, request)],
        "isPartOf": website_schema(request),
        "license": LICENCE["url"],
        "citation": [
            {"@type": "CreativeWork", "name": source.title, "url": source.url or None, "inLanguage": source.language}
            for source in partnership.sources.all()
        ],
    }


def place_page_schema(place, request):
    return {"@context": "https://schema.org", **place_schema(place, request)}
