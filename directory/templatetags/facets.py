"""The filter form's checkboxes, written in Python: the county-and-province facets have hundreds of choices."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from ..filters import ALL, PartnershipFilter
from ..models import Country
from .translated import with_lang

register = template.Library()


@register.simple_tag
def facet_choices(facet):
    """`{% facet_choices facet %}`: one checkbox and label per choice, with its count.

    A label is in the page's language, in a `<span lang>` where it fell back to English (`with_lang`); a
    Chinese place adds its native name where that says more (not 宁波市 twice on a Chinese page).

    The markup a `{% for %}` loop over the choices would write, every value escaped, at a fraction of
    the cost: a loop of template tags over four hundred places took longer than the rest of the page.
    """
    name = escape(facet.name)
    named_count = escape(pgettext("a name and how many", "%(name)s (%(count)s)"))
    counts = {}
    lines = []
    for choice in facet.choices:
        if choice.count not in counts:
            count = ngettext("%(counter)s result", "%(counter)s results", choice.count) % {"counter": choice.count}
            counts[choice.count] = f'<span class="count">{escape(count)}</span>'
        value = escape(choice.value)
        place = choice.obj
        native = ""
        if getattr(place, "country", None) == Country.CHINA and place.native_name_differs:
            native = f' <span lang="{escape(place.language_code)}">{escape(place.native_name)}</span>'
        label = named_count % {"name": f"{with_lang(choice.label)}{native}", "count": counts[choice.count]}
        lines.append(
            f'<div class="ds-field facet-choice depth-{int(choice.depth)}">\n'
            f'      <input class="ds-input" type="checkbox" id="{name}-{value}" name="{name}" value="{value}"'
            f"{' checked' if choice.selected else ''}>\n"
            f'      <label class="ds-label" data-weight="regular" for="{name}-{value}">{label}</label>\n'
            "    </div>"
        )
    return mark_safe("\n    ".join(lines))  # every value above is escaped


@register.filter
def parameter_label(name):
    """`{{ "signed_from"|parameter_label }}`: what the form calls a parameter (Signed from (year)), for a
    message about it: a visitor reads the labels beside the fields, never the names in the address."""
    if name == "page":
        return gettext("Page")
    if name == ALL:
        return gettext("Choices shown in full")
    field = PartnershipFilter.base_filters.get(name)
    return str(field.label) if field is not None else name
