from django import template

from .. import pictures
from ..models import Partnership

register = template.Library()

# A template that names no partnerships (the home page) passes None, or "" for an unknown variable.


@register.simple_tag
def partnership_map(partnerships=None, small=False):
    """`{% partnership_map partnerships small=True as map %}`: the map; all published partnerships if none given."""
    if partnerships in (None, ""):
        partnerships = Partnership.objects.published()
    return pictures.partnership_map(partnerships, small=small)
