"""Free-text search: one accent-free, lower-case text per partnership.

Each partnership keeps `search_text`: its parties' English, native and pinyin
names, its kind, topics, summary and milestones, written without accents or
Norwegian letters (Níngbō → ningbo, Sør-Trøndelag → sor trondelag). A search
normalises its words the same way and looks for each of them in that one
column, so `ningbo`, `Ningbō` and `sor-trondelag` all find what they mean.

Signals in `directory.signals` keep the text up to date when a partnership,
its topics or milestones, or one of its places or topics changes.
"""

import re
import unicodedata

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


def search_text(partnership):
    """What a search looks through for this partnership (saved or about to be saved)."""
    parts = [partnership.get_kind_display(), partnership.summary, partnership.signed_at]
    for place in (partnership.norwegian_party, partnership.chinese_party):
        parts += [place.name, place.native_name, place.pinyin]
    if partnership.pk is not None:
        # Sorted, so that the same partnership gives the same text however its rows were loaded.
        parts += sorted(topic.name for topic in partnership.topics.all())
        parts += sorted(milestone.text for milestone in partnership.milestones.all())
    return normalise(" ".join(part for part in parts if part))
