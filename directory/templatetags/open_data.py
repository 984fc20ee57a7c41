"""Links to the data twins, Open Graph URLs and schema.org JSON-LD for the pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..data import partnership_schema, place_page_schema

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


@register.simple_tag(takes_context=True)
def data_twin_url(context, url_name):
    """The data twin of the list as it is shown: its query string without the page and the filters it left out."""
    query = context["request"].GET.copy()
    filterset = context.get("filter")
    for parameter in ["page", *(filterset.problems if filterset is not None else [])]:
        query.pop(parameter, None)
    url = reverse(url_name)
    return f"{url}?{query.urlencode()}" if query else url
