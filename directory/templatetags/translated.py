"""Showing names and texts in the page's language, marked with their own `lang` where they fell back."""

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter
def with_lang(value):
    """`{{ place.local_name|with_lang }}`: the text, in a `<span lang>` when it is not in the page's language."""
    if getattr(value, "is_fallback", False):
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return conditional_escape(str(value))


@register.filter
def title_with_lang(partnership):
    """`{{ partnership|title_with_lang }}`: the title in the page's language, each name marked as `with_lang`."""
    return format_html(
        "{} – {}",
        with_lang(partnership.norwegian_party.local_name),
        with_lang(partnership.chinese_party.local_name),
    )
