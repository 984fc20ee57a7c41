"""Links to the data twins, Open Graph tags and schema.org JSON-LD for the pages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..data import partnership_schema, place_page_schema
from ..pictures import share

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
