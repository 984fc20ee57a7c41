"""Showing names and texts in the page's language, marked with their own `lang` where they fell back."""

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

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


# Pieces for whole translated sentences. A sentence that holds a link or a name in another language is
# one `{% blocktranslate %}` whose variables are that markup, already rendered: the translator orders and
# punctuates the sentence (全角标点, no spaces between Chinese words), the template never glues pieces
# with English commas, brackets and full stops.


@register.simple_tag
def link(href, text, **attributes):
    """`{% link url text type="text/csv" download=True as feed %}`: a link, to put into a `{% blocktranslate %}`."""
    extra = mark_safe(  # each part is format_html's
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attributes.items()
        )
    )
    return format_html('<a class="ds-link" href="{}"{}>{}</a>', href, extra, text)


@register.filter
def place_link(place):
    """`{{ place|place_link }}`: a link to the place's page, named in the page's language."""
    return link(place.get_absolute_url(), with_lang(place.local_name))


@register.filter
def in_lang(text, lang):
    """`{{ place.pinyin|in_lang:"zh-Latn-pinyin" }}`: the text marked with its language."""
    return format_html('<span lang="{}">{}</span>', lang, text)


@register.filter
def in_class(text, css_class):
    """`{{ label|in_class:"precision" }}`: the text in a `<span class>`, for its look."""
    return format_html('<span class="{}">{}</span>', css_class, text)


@register.filter
def strong(text):
    return format_html("<strong>{}</strong>", text)


@register.filter
def as_code(text):
    """`{{ address|as_code }}`: an address or a name people copy as it is, in `<code>`."""
    return format_html("<code>{}</code>", text)


@register.filter
def join_list(items):
    """Items (text, or markup already safe) joined as the page's language lists them: ", " or "、"."""
    separator = conditional_escape(pgettext("between the items of a list", ", "))
    return mark_safe(separator.join(conditional_escape(item) for item in items))  # each part escaped


@register.filter
def with_native_names(place):
    """A link to the place with its other names in brackets: its native name and pinyin, where they say more."""
    others = []
    if place.native_name_differs:
        others.append(in_lang(place.native_name, place.language_code))
    if place.pinyin:
        others.append(in_lang(place.pinyin, "zh-Latn-pinyin"))
    if not others:
        return place_link(place)
    return format_html(
        pgettext("a name and its other names", "{name} ({other_names})"),
        name=place_link(place),
        other_names=join_list(others),
    )


@register.filter
def predecessor_links(predecessors):
    """The places a place took over from, each with the year it ended, as a list in the page's language."""
    items = []
    for place in predecessors:
        if place.dissolved:
            items.append(format_html(_("{place} (until {year})"), place=place_link(place), year=place.dissolved.year))
        else:
            items.append(place_link(place))
    return join_list(items)


@register.filter
def in_time(text, moment):
    """`{{ shown|in_time:partnership.updated }}`: the date as shown, in a `<time>` that machines read."""
    return format_html('<time datetime="{}">{}</time>', date(moment, "Y-m-d"), text)


# A place's name with its level, as a sentence names it: "Zhejiang province", "provinsen Zhejiang", 浙江省.
# (Chinese names carry their level already: 浙江省, 宁波市, 罗加兰郡.)
NAME_WITH_LEVEL = {
    "county": pgettext_lazy("a place's name and its level", "{name} county"),
    "municipality": pgettext_lazy("a place's name and its level", "{name} municipality"),
    "province": pgettext_lazy("a place's name and its level", "{name} province"),
    "direct-administered-municipality": pgettext_lazy(
        "a place's name and its level", "{name} (direct-administered municipality)"
    ),
    "sub-provincial-city": pgettext_lazy("a place's name and its level", "{name} (sub-provincial city)"),
    "prefecture-level-city": pgettext_lazy("a place's name and its level", "{name} (prefecture-level city)"),
}


@register.filter
def with_level(place):
    """`{{ place|with_level }}`: the place's name in the page's language with its level (Zhejiang province)."""
    phrase = NAME_WITH_LEVEL.get(place.level, "{name}")
    return format_html(str(phrase), name=with_lang(place.local_name))


@register.filter
def in_translate_no(text):
    """`{{ words|in_translate_no }}`: what a visitor typed, in whatever language, kept from translation tools."""
    return format_html('<span translate="no">{}</span>', text)
