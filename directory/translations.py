"""Names and texts in the site's three languages: which stored value a page shows, and in which language.

English is the source: `name`, `summary`, `text` (the data contracts of docs/contracts.md keep them). Beside
each stand fields for Norwegian Bokmål and simplified Chinese (`name_nb`, `name_zh_hans`, ...). A page
shows its language's field; where that is empty, it shows the English and knows it did
(`Translated.is_fallback`), so that the template can mark the text with `lang="en"` and say so.

These are fields of our own rather than django-modeltranslation's: the languages are three and fixed,
and modeltranslation's fallback is silent, where a page must mark what it could not translate.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import translation

from .languages import html_lang

ENGLISH = "en"
NORWEGIAN = "nb"
CHINESE = "zh-hans"

# The languages with fields of their own, and the suffix of those fields: summary_nb, summary_zh_hans.
FIELD_SUFFIXES = {NORWEGIAN: "nb", CHINESE: "zh_hans"}


def current_language():
    """The active language as one of settings.LANGUAGES' codes (English when none or another is active).

    Asked hundreds of times a page (each name shown), so the codes are read from settings once for each
    LANGUAGES setting (a test may override it), not made into a dict on every call.
    """
    language = translation.get_language()
    return language if language in _language_codes() else settings.LANGUAGE_CODE


_known_languages = (None, frozenset())


def _language_codes():
    global _known_languages
    languages = settings.LANGUAGES
    if _known_languages[0] is not languages:
        _known_languages = (languages, frozenset(code for code, _name in languages))
    return _known_languages[1]


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


# Sorting names on the Chinese pages. Chinese readers look names up by their pinyin, as a dictionary orders
# them (奥斯陆 aosilu before 卑尔根 beiergen before 宁波 ningbo), not by the order of the characters' code
# points. A name in Latin letters (a Norwegian place without a Chinese name, shown in English there) sorts by
# those letters among the readings. Each place and topic stores its reading (`sort_key_zh_hans`, from
# `chinese_sort_key` on save) so that the database can sort by it too (the list's "sort by name").

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def latin_letters(text):
    """Lower case ASCII letters and digits only: `Zhèjiāng Shěng` → `zhejiangsheng`, `Østfold` → `ostfold`."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ø", "o").replace("æ", "ae"))
    return _NOT_LETTERS.sub("", "".join(char for char in text if not unicodedata.combining(char)))


def pinyin_reading(text):
    """A text's reading in pinyin letters, without tones: 奥斯陆 → `aosilu`, 石油和天然气 → `shiyouhetianranqi`.

    pypinyin (with its dictionary of words, so that 重庆 reads chongqing) is imported here, on the first save
    of a place or topic, not when a page is served: it holds some 50 MB of dictionaries.
    """
    from pypinyin import Style, lazy_pinyin

    return latin_letters("".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)))


# How long a stored sort key may be (the models' `sort_key_zh_hans`): a name of 200 Chinese characters reads
# as several times as many letters, and what follows the first 200 never decides an order.
SORT_KEY_LENGTH = 200


def chinese_sort_key(obj):
    """How a place or topic sorts on the Chinese pages: the reading of the name those pages show.

    A Chinese place shown by its native name reads as its pinyin, which editors give with the place
    (Zhèjiāng Shěng → `zhejiangsheng`); any other name in Chinese characters by pypinyin's reading; a name
    that falls back to English by its letters. At most `SORT_KEY_LENGTH` letters.
    """
    shown = place_name(obj, CHINESE) if hasattr(obj, "native_name") else translate(obj, "name", CHINESE)
    if shown.text == getattr(obj, "native_name", None) and getattr(obj, "pinyin", ""):
        return latin_letters(obj.pinyin)[:SORT_KEY_LENGTH]
    return pinyin_reading(shown.text)[:SORT_KEY_LENGTH]


def in_name_order(nodes, language=None):
    """Places or topics in the order a page in `language` lists names.

    On the Chinese pages, by their pinyin (`sort_key_zh_hans`); on the others in the order given, which is
    the database's order of names.
    """
    if (language or current_language()) == CHINESE:
        return sorted(nodes, key=lambda node: (node.sort_key_zh_hans, node.name))
    return list(nodes)
