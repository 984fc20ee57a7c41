"""The public data shapes of docs/contracts.md: a partnership and a place as plain dicts, a CSV row,
and the schema.org descriptions of the pages."""

from django.db.models import Prefetch
from django.urls import reverse

from .languages import html_lang
from .models import PlaceLevel
from .translations import FIELD_SUFFIXES, place_name, translate

SITE_NAME = "Norway–China friendship cities"


def date_data(partial_date):
    if partial_date is None:
        return {"edtf": None, "display": None}
    return {"edtf": partial_date.edtf, "display": partial_date.display()}


def in_other_languages(translated, *args):
    """{"nb": ..., "zh-Hans": ...}: `translated(*args, language=...)` in each language the site translates
    into, None where its pages show the English. Optional keys beside the English ones of docs/contracts.md."""
    values = {}
    for language in FIELD_SUFFIXES:
        value = translated(*args, language=language)
        values[html_lang(language)] = value.text if value and not value.is_fallback else None
    return values


def place_data(place):
    return {
        "slug": place.slug,
        "name": place.name,
        "native_name": place.native_name,
        "pinyin": place.pinyin or None,
        "country": place.country,
        "level": place.level,
        "parent": place.parent.slug if place.parent_id else None,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "names": in_other_languages(place_name, place),
    }


def contact_data(contact):
    return {
        "side": contact.side,
        "name": contact.name,
        "role": contact.role,
        "organisation": contact.organisation,
        "email": contact.email,
        "phone": contact.phone,
        "website": contact.website,
    }


def partnership_data(partnership, request):
    """One partnership, from a queryset made with `with_related()` (public contacts only)."""
    return {
        "slug": partnership.slug,
        "url": request.build_absolute_uri(partnership.get_absolute_url()),
        "title": partnership.title,
        "kind": partnership.kind,
        "signed": date_data(partnership.signed_date),
        "signed_at": partnership.signed_at or None,
        "norwegian_party": place_data(partnership.norwegian_party),
        "chinese_party": place_data(partnership.chinese_party),
        "topics": [topic.slug for topic in partnership.topics.all()],
        "summary": partnership.summary,
        "summaries": in_other_languages(translate, partnership, "summary"),
        "milestones": [
            {
                "date": date_data(milestone.partial_date),
                "text": milestone.text,
                "texts": in_other_languages(translate, milestone, "text"),
            }
            for milestone in partnership.milestones.all()
        ],
        "contacts": [contact_data(contact) for contact in partnership.public_contacts],
        "updated": partnership.updated.isoformat(),
    }


# The CSV twin: the columns of docs/contracts.md, in its order. The admin's import reads the same columns.
CSV_COLUMNS = [
    "slug",
    "title",
    "kind",
    "signed",
    "signed_display",
    "signed_at",
    "norwegian_party",
    "norwegian_party_name",
    "chinese_party",
    "chinese_party_name",
    "topics",
    "summary",
    "updated",
]

TOPIC_SEPARATOR = ";"

# A cell starting with one of these is read as a formula (or its start) by
# spreadsheets. The apostrophe is escaped too, so that the escape can be undone
# exactly: `csv_cell_value(csv_cell(text)) == text` for every text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(text):
    """`text` as written to a CSV cell: an apostrophe before what a spreadsheet would run."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_cell_value(cell):
    """The text a CSV cell written by `csv_cell()` stands for: what an import reads."""
    return cell[1:] if cell.startswith("'") else cell


def with_csv_related(partnerships):
    """These partnerships with what `partnership_csv_row()` reads: their parties and topics.

    The topics go to a plain list: a prefetched manager would tie each row into a
    reference cycle, and a long export would hold its rows until the garbage
    collector's next full pass instead of freeing each chunk as it is written.
    """
    return (
        partnerships.select_related(None)
        .select_related("norwegian_party", "chinese_party")
        .prefetch_related(None)
        .prefetch_related(Prefetch("topics", to_attr="csv_topics"))
    )


def partnership_csv_row(partnership):
    """One partnership as the cells of a CSV row, in `CSV_COLUMNS` order, escaped with `csv_cell()`.

    Works on any partnership; from `with_csv_related()` it makes no query.
    """
    signed = partnership.signed_date
    topics = getattr(partnership, "csv_topics", None)
    if topics is None:
        topics = partnership.topics.all()
    values = [
        partnership.slug,
        partnership.title,
        partnership.kind,
        signed.edtf if signed else "",
        signed.display() if signed else "",
        partnership.signed_at,
        partnership.norwegian_party.slug,
        partnership.norwegian_party.name,
        partnership.chinese_party.slug,
        partnership.chinese_party.name,
        TOPIC_SEPARATOR.join(topic.slug for topic in topics),
        partnership.summary,
        partnership.updated.isoformat(),
    ]
    return [csv_cell(str(value)) for value in values]


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
    }


def place_page_schema(place, request):
    return {"@context": "https://schema.org", **place_schema(place, request)}
