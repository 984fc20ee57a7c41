"""Free-text search: one accent-free, lower-case text per partnership.

Each partnership keeps `search_text`: its parties' names (English, native,
pinyin, Norwegian and Chinese) and those of the places they lie in (Stavanger's
Rogaland, Ningbo's Zhejiang), its kind, and its topics, summary and
milestones in every language, written without accents or Norwegian letters
(Níngbō → ningbo, Sør-Trøndelag → sor trondelag). A search normalises its
words the same way and looks for each of them in that one column, so
`ningbo`, `Ningbō`, `宁波` and `sor-trondelag` all find what they mean, from
a page in any language, and a county's or province's name (`Rogaland`, `浙江`,
`Zhèjiāng`, `Ostfold`) finds the partnerships of every place inside it.

The regions' names are in the text, rather than matched against the places
apart and turned into a place filter, so that a search stays one condition on
one indexed column and a region's name combines with any other word
(`zhejiang harbour`) as every other word does. The price: renaming or moving a
county or province changes the text of every partnership inside it, which
`directory.signals` refreshes.

On PostgreSQL the words written in Latin letters are looked up in a full-text
index of that column instead (`to_tsvector('simple', search_text)`, a GIN index
made by migration 0007), each as the start of a word: `ningbo`, `ning` and
`trondelag` find what they find on SQLite without reading every row. Other
words, Chinese above all, are written without spaces between words, so no
tokeniser splits them: they are looked for as substrings everywhere (`宁波`
finds 宁波市).

The text is the same whoever wrote the partnership, in whichever language
their admin spoke, and by whichever path (the admin, an import,
`load_directory`, a shell): `search_text()` computes it from the partnership
and its rows alone, with the kind's label in all three languages. It is
stored by `PartnershipQuerySet.store_search_text()` once its topics and
milestones are saved: a write path that saves many rows opens
`refreshed_once()` around them (the admin's save, an import, a load), and
each partnership it touched is stored once at the end; any other write (a
shell, a script) is caught by the receivers of `directory.signals`, which
call `refresh()` at once.

`named_places` tells which places the words of a search name (`Zhejiang`,
`浙江`, `Zhejiang province`, `Stavanger kommune`), for the list's "Did you
mean Zhejiang province?".
"""

import functools
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import Func, Q
from django.utils import translation

from .translations import translated_fields
from .trees import upward

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


def with_regions(place):
    """The place and the places it lies in, nearest first (Stavanger, Rogaland); stops at a loop rather than spin.

    Reads `parent` rather than calling `Place.ancestors()`, so that migrations' historical models work too.
    """
    return list(upward(place, attrgetter("parent")))


def place_names(place):
    """A place's names as a search sees them: in every language, native and pinyin."""
    return [*in_every_language(place, "name"), place.native_name, place.pinyin]


def kind_labels(partnership):
    """The label of the partnership's kind in every language of the site, whichever one is active.

    Read from the catalogues by its English text, so that a migration's models (whose labels are plain
    English) give the same.
    """
    label = dict(partnership._meta.get_field("kind").flatchoices).get(partnership.kind, partnership.kind)
    with translation.override(None):
        return _in_every_language(str(label))


@functools.cache
def _in_every_language(message):
    labels = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.append(translation.gettext(message))
    return tuple(labels)


def search_text(partnership, topics=None, milestones=None):
    """What a search looks through for this partnership (saved or about to be saved).

    Its topics and milestones are read from the database unless given (as `generate_synthetic` does); its
    parties' regions are read through `parent` (select them with the parties to save the queries). Nothing
    in it depends on the active language.
    """
    parts = [*kind_labels(partnership), *in_every_language(partnership, "summary"), partnership.signed_at]
    for party in (partnership.norwegian_party, partnership.chinese_party):
        for place in with_regions(party):
            parts += place_names(place)
    if partnership.pk is not None:
        topics = partnership.topics.all() if topics is None else topics
        milestones = partnership.milestones.all() if milestones is None else milestones
    # Sorted, so that the same partnership gives the same text however its rows were loaded.
    parts += sorted(name for topic in topics or [] for name in in_every_language(topic, "name"))
    parts += sorted(text for milestone in milestones or [] for text in in_every_language(milestone, "text"))
    return normalise(" ".join(part for part in parts if part))


_pending = ContextVar("partnerships_to_refresh", default=None)


def refresh(partnerships):
    """Store the search text of these partnerships (a queryset): at once, or once each at the end of the
    `refreshed_once()` block around this write."""
    pending = _pending.get()
    if pending is None:
        partnerships.store_search_text()
    else:
        pending.setdefault(partnerships.model, set()).update(partnerships.values_list("pk", flat=True))


@contextmanager
def refreshed_once():
    """Refresh each partnership whose search text a write inside this block touches once, after the block.

    For a write of many rows at once: a partnership with its topics and milestones in the admin, a CSV
    import, a load of fixtures. Call `refresh_pending()` inside the block to store them earlier, inside the
    block's transaction (the admin's `save_related()`). A block inside another leaves the work to the outer
    one; a block left by an exception refreshes nothing (its transaction is rolled back).
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set({})
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    _store(pending)


def refresh_pending():
    """Store now what the open `refreshed_once()` block has collected so far."""
    pending = _pending.get()
    if pending:
        _store(pending)
        pending.clear()


def _store(pending):
    for model, pks in pending.items():
        model.objects.filter(pk__in=pks).store_search_text()


class SearchDocument(Func):
    """`to_tsvector('simple', search_text)`, as the PostgreSQL index of migration 0007 writes it (so it is used)."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def search_condition(words, vendor):
    """What a partnership matches to hold every one of these normalised words, on this database vendor."""
    condition = Q()
    indexed = []
    for word in words:
        if vendor == "postgresql" and word.isascii():
            indexed.append(word)
        else:
            condition &= Q(search_text__contains=word)
    if indexed:
        # Normalised words hold letters and digits only: nothing tsquery's syntax would read as an operator.
        query = SearchQuery(" & ".join(f"{word}:*" for word in indexed), config="simple", search_type="raw")
        condition &= Q(search_document=query)
    return condition


# Words people add to a place's name for its level, or leave off: "Zhejiang province", "Stavanger kommune",
# "provinsen Zhejiang", 浙江省. A search names a place with them or without.
_LEVEL_WORDS_AFTER = {"fylke", "kommune", "province", "county", "municipality", "city", "sheng", "shi"}
_LEVEL_WORDS_BEFORE = {"provinsen", "fylket", "kommunen", "byen"}
_LEVEL_SUFFIXES = ("自治区", "省", "市", "郡", "县")


def bare_name(text):
    """A normalised name without the word for its level: `zhejiang sheng` → `zhejiang`, `浙江省` → `浙江`."""
    words = text.split()
    if len(words) > 1 and words[-1] in _LEVEL_WORDS_AFTER:
        words = words[:-1]
    if len(words) > 1 and words[0] in _LEVEL_WORDS_BEFORE:
        words = words[1:]
    name = " ".join(words)
    for suffix in _LEVEL_SUFFIXES:
        if len(name) > len(suffix) + 1 and name.endswith(suffix) and not name.isascii():
            return name.removesuffix(suffix)
    return name


def named_places(query, places):
    """The places whose name is what a visitor typed, in any of its languages, with or without accents, tone
    marks or the word for its level: `Zhejiang`, `浙江`, `Zhèjiāng Shěng`, `Zhejiang province` and `ostfold`
    all name a place. Compared in Python: the caller has every place already (the list's filters read them).
    """
    wanted = bare_name(normalise(query))
    if not wanted:
        return []
    return [
        place for place in places if any(bare_name(normalise(name)) == wanted for name in place_names(place) if name)
    ]
