"""Free-text search: one accent-free, lower-case text per partnership.

Each partnership keeps `search_text`: its parties' names (English, native,
pinyin, Norwegian and Chinese), its kind, and its topics, summary and
milestones in every language, written without accents or Norwegian letters
(Níngbō → ningbo, Sør-Trøndelag → sor trondelag). A search normalises its
words the same way and looks for each of them in that one column, so
`ningbo`, `Ningbō`, `宁波` and `sor-trondelag` all find what they mean, from
a page in any language.

Signals in `directory.signals` keep the text up to date when a partnership,
its topics or milestones, or one of its places or topics changes.
"""

import re
import unicodedata

from .translations import translated_fields

_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ß": "ss"})
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text):
    """Lower case, no accents or tone marks, ø as o, æ as ae, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", text.translate(_LETTERS)).strip()


def search_words(query):
    """The normalised words of what a visitor typed."""
    return normalise(query).split()


def in_every_language(obj, field):
    """The English value of a field and its translations (`name`, `name_nb`, `name_zh_hans`).

    A model without the translations (as migration 0003 saw it) gives the English value alone.
    """
    return [getattr(obj, name, "") for name in (field, *translated_fields(field))]


def search_text(partnership, topics=None, milestones=None):
    """What a search looks through for this partnership (saved or about to be saved).

    Its topics and milestones are read from the database unless given (as `generate_synthetic` does).
    """
    parts = [partnership.get_kind_display(), *in_every_language(partnership, "summary"), partnership.signed_at]
    for place in (partnership.norwegian_party, partnership.chinese_party):
        parts += [*in_every_language(place, "name"), place.native_name, place.pinyin]
    if partnership.pk is not None:
        topics = partnership.topics.all() if topics is None else topics
        milestones = partnership.milestones.all() if milestones is None else milestones
    # Sorted, so that the same partnership gives the same text however its rows were loaded.
    parts += sorted(name for topic in topics or [] for name in in_every_language(topic, "name"))
    parts += sorted(text for milestone in milestones or [] for text in in_every_language(milestone, "text"))
    return normalise(" ".join(part for part in parts if part))
