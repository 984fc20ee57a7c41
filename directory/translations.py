"""Names and texts in the site's three languages: which stored value a page shows, and in which language.

English is the source: `name`, `summary`, `text` (the data contracts of docs/contracts.md keep them). Beside
each stand fields for Norwegian Bokmål and simplified Chinese (`name_nb`, `name_zh_hans`, ...). A page
shows its language's field; where that is empty, it shows the English and knows it did
(`Translated.is_fallback`), so that the template can mark the text with `lang="en"` and say so.

These are fields of our own rather than django-modeltranslation's: the languages are three and fixed,
and modeltranslation's fallback is silent, where a page must mark what it could not translate.
"""

from django.conf import settings
from django.utils import translation

from .languages import html_lang

ENGLISH = "en"
NORWEGIAN = "nb"
CHINESE = "zh-hans"

# The languages with fields of their own, and the suffix of those fields: summary_nb, summary_zh_hans.
FIELD_SUFFIXES = {NORWEGIAN: "nb", CHINESE: "zh_hans"}


def current_language():
    """The active language as one of settings.LANGUAGES' codes (English when none or another is active)."""
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def translated_fields(field):
    """The names of a field's translations: `summary` → ["summary_nb", "summary_zh_hans"]."""
    return [f"{field}_{suffix}" for suffix in FIELD_SUFFIXES.values()]


class Translated(str):
    """A text as a page shows it: in the page's language, or in the language it fell back to.

    A str, so that it compares, joins and prints as its text; `language` is the language it is in,
    `requested` the one asked for.
    """

    def __new__(cls, text, language, requested):
        translated = super().__new__(cls, text)
        translated.language = language
        translated.requested = requested
        return translated

    def __getnewargs__(self):
        return (str(self), self.language, self.requested)

    def __repr__(self):
        return f"Translated({str(self)!r}, {self.language!r}, {self.requested!r})"

    @property
    def text(self):
        return str(self)

    @property
    def is_fallback(self):
        """True when the text is not in the language asked for (an English summary on a Chinese page)."""
        return bool(self) and self.language != self.requested

    @property
    def lang(self):
        """The text's language as a BCP 47 tag, for a `lang` attribute."""
        return html_lang(self.language)


def translate(obj, field, language=None):
    """`obj.<field>` in `language` (the active one by default), falling back to the English `field`."""
    language = language or current_language()
    suffix = FIELD_SUFFIXES.get(language)
    value = getattr(obj, f"{field}_{suffix}", "") if suffix else ""
    if value:
        return Translated(value, language, language)
    return Translated(getattr(obj, field), ENGLISH, language)


def place_name(place, language=None):
    """A place's name in `language` (the active one by default).

    Reads `name`, `name_nb`, `name_zh_hans`, `native_name` and `country`, so it works on a Place and on
    anything with those attributes (the map's rows). An empty Norwegian name means the English one is
    also the Norwegian (Guangdong, Shanghai, Stavanger): it is not a fallback. An empty Chinese name of
    a Chinese place is its native name (宁波市); of a Norwegian place, the English one, marked as such.
    """
    language = language or current_language()
    if language == NORWEGIAN:
        return Translated(place.name_nb or place.name, NORWEGIAN, NORWEGIAN)
    if language == CHINESE:
        if place.name_zh_hans:
            return Translated(place.name_zh_hans, CHINESE, CHINESE)
        if place.country == "CN" and place.native_name:
            return Translated(place.native_name, CHINESE, CHINESE)
    return Translated(place.name, ENGLISH, language)
