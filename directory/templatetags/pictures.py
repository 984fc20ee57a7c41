from django import template
from django.urls import reverse
from django.utils.html import format_html

from .. import pictures
from .translated import join_list

register = template.Library()


@register.simple_tag
def partnership_map(partnerships, small=False):
    """`{% partnership_map partnerships small=True as map %}`: the map of the partnerships the view gives
    (published ones only: the view decides what is visible, and the tag makes no query of its own choosing)."""
    if partnerships in (None, ""):
        # An unknown variable reads as "": a template that forgot to pass them, not "every partnership".
        raise template.TemplateSyntaxError("partnership_map needs the partnerships the view gives.")
    return pictures.partnership_map(partnerships, small=small)


@register.filter
def partnership_links(unplaced):
    """The map's (slug, title) pairs as links, listed as the page's language lists."""
    return join_list(
        format_html('<a href="{}">{}</a>', reverse("directory:partnership-detail", args=[slug]), title)
        for slug, title in unplaced
    )
