"""The public data shapes of docs/contracts.md: a partnership and a place as plain dicts, a CSV row,
and the data's licence. Citations are in directory/citations.py, the pages' schema.org descriptions in
directory/schema_org.py."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy

from .citations import source_text
from .dates import DAY, MONTH, SEASON, YEAR
from .languages import html_lang
from .models import Partnership, Place
from .translations import FIELD_SUFFIXES, current_language, place_name, translate

SITE_NAME = "Norway–China friendship cities"

# The data's licence: Creative Commons Attribution 4.0 International (why CC BY 4.0 rather than NLOD 2.0:
# README, "Open data"). Pages link its summary ("deed") in their own language.
LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_DEEDS = {
    "en": "https://creativecommons.org/licenses/by/4.0/deed.en",
    "nb": "https://creativecommons.org/licenses/by/4.0/deed.no",
    "zh-hans": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
}
# Whom a re-user names: the directory, and GeoNames for the places' coordinates (themselves CC BY 4.0).
ATTRIBUTION = gettext_lazy(
    "Norway–China friendship cities directory ({url}); coordinates of places from GeoNames (geonames.org)."
)


def licence_deed_url():
    """The licence's summary in the active language."""
    return LICENCE_DEEDS.get(current_language(), LICENCE["url"])


def licence_data(request):
    """The `licence` of the JSON: its name, address and the attribution a re-user gives."""
    home = request.build_absolute_uri(reverse("directory:home"))
    return {**LICENCE, "attribution": str(ATTRIBUTION).format(url=home)}


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


def iso_date_or_none(date):
    return date.isoformat() if date else None


def source_data(source):
    return {
        "title": source.title,
        "url": source.url or None,
        "publisher": source.publisher or None,
        "published": date_data(source.published_date),
        "accessed": iso_date_or_none(source.accessed),
        "language": source.language,
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
        "sources": [source_data(source) for source in partnership.sources.all()],
        "updated": partnership.updated.isoformat(),
    }


# The CSV twin: the columns of docs/contracts.md, in its order. The admin's export writes these first
# columns and its import reads them; the public CSV adds `CSV_MORE_COLUMNS` after them, read-only.
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

# Added after the first columns (docs/contracts.md): what a spreadsheet needs beside them. `signed_display`
# and these are in the file's language (`?lang=`); slugs, codes and the English columns are not.
CSV_MORE_COLUMNS = [
    "signed_precision",
    "signed_first_day",
    "signed_last_day",
    "url",
    "norwegian_party_native_name",
    "norwegian_party_region",
    "chinese_party_native_name",
    "chinese_party_region",
    "topic_names",
    "sources",
]
PUBLIC_CSV_COLUMNS = CSV_COLUMNS + CSV_MORE_COLUMNS

# What each column holds, for the page that offers the files (directory:open-data).
CSV_COLUMN_NOTES = {
    "slug": gettext_lazy("The partnership's name in addresses: {codes}."),
    "title": gettext_lazy("The two parties' names in English: Stavanger – Ningbo."),
    "kind": gettext_lazy("The kind of agreement, as one of these codes: {codes}."),
    "signed": gettext_lazy(
        "When it was signed, in EDTF: 2010-04-12 (a day), 2001-05 (a month), 2004-22 (a season: 21 spring, "
        "22 summer, 23 autumn, 24 winter) or 2005 (a year). Empty when it is not known."
    ),
    "signed_display": gettext_lazy("When it was signed, as people write it, in the file's language: Summer 2004."),
    "signed_at": gettext_lazy("Where it was signed, when the source says."),
    "norwegian_party": gettext_lazy("The Norwegian party's name in addresses: {codes}."),
    "norwegian_party_name": gettext_lazy("The Norwegian party's name in English: Stavanger."),
    "chinese_party": gettext_lazy("The Chinese party's name in addresses: {codes}."),
    "chinese_party_name": gettext_lazy("The Chinese party's name in English: Ningbo."),
    "topics": gettext_lazy("What it is about, as topic codes separated by “;”: {codes}."),
    "summary": gettext_lazy("What was agreed, in English."),
    "updated": gettext_lazy("When the entry last changed, in ISO 8601 with its time zone."),
    "signed_precision": gettext_lazy("How precisely the date is known, as one of these codes: {codes}."),
    "signed_first_day": gettext_lazy(
        "The first day the date can mean, as YYYY-MM-DD: 2004-06-01 for summer 2004, 2005-01-01 for 2005. Sort by it."
    ),
    "signed_last_day": gettext_lazy(
        "The last day the date can mean, as YYYY-MM-DD: 2004-08-31 for summer 2004, 2005-12-31 for 2005."
    ),
    "url": gettext_lazy("The partnership's page on this site, in the file's language."),
    "norwegian_party_native_name": gettext_lazy("The Norwegian party's name in Norwegian: Stavanger kommune."),
    "norwegian_party_region": gettext_lazy(
        "The county the Norwegian party lies in, or the party itself when it lies in none, in the file's language."
    ),
    "chinese_party_native_name": gettext_lazy("The Chinese party's name in Chinese characters: 宁波市."),
    "chinese_party_region": gettext_lazy(
        "The province the Chinese party lies in, or the party itself when it lies in none, in the file's language."
    ),
    "topic_names": gettext_lazy("The topics' names in the file's language, separated by “; ”."),
    "sources": gettext_lazy(
        "Where the facts come from, each source with its publisher, title, date and address, separated by “ | ”."
    ),
}

# The codes a column's note names (`{codes}`), each with what it means in the active language, if anything.
CSV_COLUMN_CODES = {
    "slug": [("stavanger-ningbo", None)],
    "kind": Partnership.Kind.choices,
    "norwegian_party": [("stavanger", None)],
    "chinese_party": [("ningbo", None)],
    "topics": [("energy;schools", None)],
    "signed_precision": [
        (DAY, gettext_lazy("day")),
        (MONTH, gettext_lazy("month")),
        (SEASON, gettext_lazy("season")),
        (YEAR, gettext_lazy("year")),
    ],
}

# Between the topics' slugs in the CSV: what the editors' import (directory/resources.py) splits them by.
TOPIC_SEPARATOR = ";"
# Between the topics' names, and between the sources (not a line break: a row stays one line, for the
# programs that read a CSV line by line).
NAME_SEPARATOR = "; "
SOURCE_SEPARATOR = " | "

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
    """These partnerships with what `CSVRows.row()` reads: their parties, topics and sources.

    The topics and sources go to plain lists: a prefetched manager would tie each
    row into a reference cycle, and a long export would hold its rows until the
    garbage collector's next full pass instead of freeing each chunk as it is written.
    """
    return (
        partnerships.select_related(None)
        .select_related("norwegian_party", "chinese_party")
        .prefetch_related(None)
        .prefetch_related(Prefetch("topics", to_attr="csv_topics"), Prefetch("sources", to_attr="csv_sources"))
    )


def regions_of(places):
    """{place pk: the county or province it lies in, or itself}, from every place (with `parent_id`)."""
    by_pk = {place.pk: place for place in places}
    regions = {}
    for place in by_pk.values():
        region, seen = place, {place.pk}
        while region.parent_id in by_pk and region.parent_id not in seen:
            region = by_pk[region.parent_id]
            seen.add(region.pk)
        regions[place.pk] = region
    return regions


class CSVRows:
    """The public CSV's rows: `row(partnership)` gives the cells of one.

    Reads every place once (for the parties' regions), so that a row makes no query of its own:
    its partnership comes from `with_csv_related()`.
    """

    def __init__(self, request):
        self.request = request
        self.regions = regions_of(Place.objects.all())

    def row(self, partnership):
        """The cells of `PUBLIC_CSV_COLUMNS`, each escaped with `csv_cell()`; `signed_display` and the texts
        of the later columns in the active language."""
        signed = partnership.signed_date
        norwegian, chinese = partnership.norwegian_party, partnership.chinese_party
        values = [
            partnership.slug,
            partnership.title,
            partnership.kind,
            signed.edtf if signed else "",
            signed.display() if signed else "",
            partnership.signed_at,
            norwegian.slug,
            norwegian.name,
            chinese.slug,
            chinese.name,
            TOPIC_SEPARATOR.join(topic.slug for topic in partnership.csv_topics),
            partnership.summary,
            partnership.updated.isoformat(),
            # CSV_MORE_COLUMNS
            signed.precision if signed else "",
            signed.earliest.isoformat() if signed else "",
            signed.latest.isoformat() if signed else "",
            self.request.build_absolute_uri(partnership.get_absolute_url()),
            norwegian.native_name,
            place_name(self.regions.get(norwegian.pk, norwegian)),
            chinese.native_name,
            place_name(self.regions.get(chinese.pk, chinese)),
            NAME_SEPARATOR.join(topic.local_name for topic in partnership.csv_topics),
            SOURCE_SEPARATOR.join(source_text(source) for source in partnership.csv_sources),
        ]
        return [csv_cell(str(value)) for value in values]
