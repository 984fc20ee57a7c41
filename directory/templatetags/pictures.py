from django import template
from django.urls import reverse
from django.utils.html import format_html

from .. import pictures
from ..models import Partnership
from .translated import join_list

register = template.Library()

# A template that names no partnerships (the home page) passes None, or "" for an unknown variable.


@register.simple_tag
def partnership_map(partnerships=None, small=False):
    """`{% partnership_map partnerships small=True as map %}`: the map; all published partnerships if none given."""
    if partnerships in (None, ""):
        partnerships = Partnership.objects.published()
    return pictures.partnership_map(partnerships, small=small)


@register.filter
def partnership_links(unplaced):
    """The map's (slug, title) pairs as links, listed as the page's language lists."""
    return join_list(
        format_html('<a href="{}">{}</a>', reverse("directory:partnership-detail", args=[slug]), title)
        for slug, title in unplaced
    )
