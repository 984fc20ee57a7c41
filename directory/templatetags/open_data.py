"""Links to the data twins and the calendar, citations, the licence, Open Graph tags and schema.org JSON-LD
for the pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..citations import CITATION, SOURCE_BY, SOURCE_PUBLISHED, SOURCE_READ, citation_bibtex, citation_parts, display_day
from ..data import CSV_COLUMN_CODES, CSV_COLUMN_NOTES, LICENCE, licence_deed_url
from ..pictures import share
from ..schema_org import partnership_schema, place_page_schema
from ..translations import current_language
from .translated import join_list

register = template.Library()

# As django.utils.html.json_script escapes: no text can close the script element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A schema.org data block. A data block is not a script, so a strict CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def partnership_json_ld(context, partnership):
    return json_ld(partnership_schema(partnership, context["request"]))


@register.simple_tag(takes_context=True)
def place_json_ld(context, place):
    return json_ld(place_page_schema(place, context["request"]))


@register.simple_tag(takes_context=True)
def absolute_uri(context, path):
    return context["request"].build_absolute_uri(path)


def with_query(url, query):
    return f"{url}?{query.urlencode()}" if query else url


def in_page_language(query):
    """`query` asking for the page's language (`lang`), which the files take from it; English needs none."""
    language = current_language()
    if language != settings.LANGUAGE_CODE:
        query["lang"] = language
    return query


@register.simple_tag(takes_context=True)
def data_twin_url(context, url_name, for_people=False, file_format=None):
    """The data twin of the list as it is shown: its query string without the page, the facets shown in full
    (`all`, which no file needs) and the filters it left out.

    `for_people`: the file in the page's language (a CSV or calendar people open); `file_format="excel"`:
    the CSV that Excel opens.
    """
    query = context["request"].GET.copy()
    filterset = context.get("filter")
    for parameter in ["page", "all", *(filterset.problems if filterset is not None else [])]:
        query.pop(parameter, None)
    if for_people:
        in_page_language(query)
    if file_format:
        query["format"] = file_format
    return with_query(reverse(url_name), query)


@register.simple_tag
def file_url(url_name, file_format=None, **filters):
    """`{% file_url 'directory:partnership-list-csv' place=place.slug %}`: a file in the page's language."""
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.items() if value})
    in_page_language(query)
    if file_format:
        query["format"] = file_format
    return with_query(reverse(url_name), query)


@register.simple_tag(takes_context=True)
def webcal_url(context, url):
    """The calendar at `url` (a path) as a `webcal://` address, which calendar programs open to subscribe."""
    absolute = context["request"].build_absolute_uri(url)
    return "webcal://" + absolute.split("://", 1)[1]


@register.simple_tag
def licence_url():
    """The data licence's summary in the page's language."""
    return licence_deed_url()


@register.simple_tag
def licence_name():
    return LICENCE["name"]


@register.simple_tag(takes_context=True)
def citation(context, partnership, style="text"):
    """How to cite the partnership's page in the page's language: as text (its address a link, which
    copies as the address), or `style="bibtex"`."""
    url = context["request"].build_absolute_uri(partnership.get_absolute_url())
    if style == "bibtex":
        return citation_bibtex(partnership, url)
    parts = {name: conditional_escape(value) for name, value in citation_parts(partnership, url).items()}
    parts["url"] = format_html('<a class="ds-link" href="{}" translate="no">{}</a>', url, url)
    return mark_safe(conditional_escape(str(CITATION)) % parts)  # each part escaped, or markup made here


@register.filter
def source_citation(source):
    """`{{ source|source_citation }}`: a source as a page lists it, its title a link when it is online, its
    title and publisher marked with the source's language."""
    title = format_html('<cite lang="{}">{}</cite>', source.language, source.title)
    if source.url:
        title = format_html('<a class="ds-link" href="{}">{}</a>', source.url, title)
    text = title
    if source.publisher:
        publisher = format_html('<span lang="{}">{}</span>', source.language, source.publisher)
        text = format_html(conditional_escape(SOURCE_BY), publisher=publisher, title=title)
    if source.published_date:
        text = format_html(conditional_escape(SOURCE_PUBLISHED), source=text, date=source.published_date.display())
    if source.accessed:
        text = format_html(conditional_escape(SOURCE_READ), source=text, date=display_day(source.accessed))
    return text


def code_with_meaning(code, meaning):
    """A code in `<code>`, and what it means in the page's language where that says more than the code."""
    markup = format_html("<code>{}</code>", code)
    if meaning is None or str(meaning).lower().replace(" ", "-") == code:
        return markup
    return format_html(
        conditional_escape(pgettext("a code and what it means", "{code} ({meaning})")), code=markup, meaning=meaning
    )


@register.filter
def column_note(column):
    """`{{ column|column_note }}`: what a CSV column holds, the codes it names in `<code>`."""
    note = conditional_escape(str(CSV_COLUMN_NOTES[column]))
    codes = [code_with_meaning(code, meaning) for code, meaning in CSV_COLUMN_CODES.get(column, [])]
    return mark_safe(note.replace("{codes}", join_list(codes)))  # the note escaped, the codes made here


@register.filter
def breakable_name(name):
    """`{{ column|breakable_name }}`: a name in snake case that a narrow screen may break after an underscore only."""
    return mark_safe("_<wbr>".join(conditional_escape(part) for part in name.split("_")))  # each part escaped


# Open Graph names languages as locales.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "nb": "nb_NO", "zh-hans": "zh_CN"}


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, title="", description="", image="", image_alt="", kind="website", url=""):
    """`{% open_graph title=... image=... image_alt=... %}`: the tags a shared link's card is made from.

    Every page has them (base.html): by default the site's name and the home page's share image, in the
    page's language. Addresses are made absolute, as the Open Graph protocol wants them.
    """
    request = context["request"]
    language = translation.get_language()
    if not image:
        image = reverse("directory:home-image")
        image_alt = _(
            "A map of Norway and China with the partnerships of the directory, each drawn as a line between "
            "its two places"
        )
    return {
        "title": title or _("Norway–China friendship cities"),
        "description": description,
        "kind": kind,
        "url": request.build_absolute_uri(url or request.get_full_path()),
        "image": request.build_absolute_uri(image),
        "image_alt": image_alt,
        "image_width": share.WIDTH,
        "image_height": share.HEIGHT,
        "locale": OPEN_GRAPH_LOCALES.get(language, OPEN_GRAPH_LOCALES[settings.LANGUAGE_CODE]),
        "other_locales": [locale for code, locale in OPEN_GRAPH_LOCALES.items() if code != language],
    }
