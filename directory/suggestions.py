"""What the "not found" page suggests: the published partnerships and the places an address seems to mean.

`/partnerships/stavanger-ningb/` suggests Stavanger – Ningbo, `/places/rogalan/` Rogaland, and
`/zh-hans/places/浙江/` Zhejiang: the last part of the address is read as words, each run of words is compared
with every place's slug and names (in every language, without accents or the word for the level, as the
search compares them), and the published partnerships of the places it comes close to are ranked by how close
their address is. Two queries, however the address was mistyped; bounded work for any address a scanner sends.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches

from django.db.models import Q
from django.utils import translation

from .models import Partnership, Place
from .search import bare_name, normalise, place_names

# Enough of an address to recognise what it means, and no more work for a longer one.
MAX_CHARACTERS = 80
MAX_WORDS = 6
# How close a word must come to a name (difflib's ratio) to count as that name mistyped.
PLACE_CUTOFF = 0.8
# How close an address must come to a partnership's to suggest it.
PARTNERSHIP_CUTOFF = 0.6


@dataclass
class Suggestions:
    partnerships: list
    places: list
    words: str  # what the address seems to ask for, to search for

    def __bool__(self):
        return bool(self.partnerships or self.places)


def asked_words(path):
    """The words of an address's last part, without the language prefix: `stavanger ningb`."""
    language = translation.get_language_from_path(path)
    rest = path.removeprefix(f"/{language}") if language else path
    parts = [part for part in rest.split("/") if part]
    if not parts:
        return ""
    last = parts[-1][:MAX_CHARACTERS].removesuffix(".json").removesuffix(".csv")
    return " ".join(normalise(last).split()[:MAX_WORDS])


def runs(words):
    """Each run of one to three consecutive words: what one place's name may be."""
    words = words.split()
    return [" ".join(words[start : start + size]) for size in (1, 2, 3) for start in range(len(words) - size + 1)]


def place_keys(place):
    """A place's slug and names as an address or a search may write them."""
    keys = {normalise(place.slug)}
    for name in place_names(place):
        if name:
            keys |= {normalise(name), bare_name(normalise(name))}
    return keys - {""}


def close_matches(path, limit=5):
    """The Suggestions for this address: partnerships and places, closest first."""
    words = asked_words(path)
    if not words:
        return Suggestions([], [], "")
    places_by_key = {}
    for place in Place.objects.all():
        for key in place_keys(place):
            places_by_key.setdefault(key, []).append(place)

    mentioned = {}  # place pk: (place, how close the address comes to naming it alone)
    for run in runs(words):
        for key in get_close_matches(run, places_by_key, n=limit, cutoff=PLACE_CUTOFF):
            closeness = SequenceMatcher(None, words, key).ratio()
            for place in places_by_key[key]:
                if closeness > mentioned.get(place.pk, (None, -1))[1]:
                    mentioned[place.pk] = (place, closeness)

    places = [
        place for place, closeness in sorted(mentioned.values(), key=lambda item: -item[1]) if closeness >= PLACE_CUTOFF
    ]
    parties = Q(norwegian_party__in=list(mentioned)) | Q(chinese_party__in=list(mentioned))
    candidates = Partnership.objects.published().filter(parties).select_related("norwegian_party", "chinese_party")
    scored = []
    for partnership in candidates[:200]:
        norwegian, chinese = normalise(partnership.norwegian_party.slug), normalise(partnership.chinese_party.slug)
        closeness = max(
            SequenceMatcher(None, words, f"{norwegian} {chinese}").ratio(),
            SequenceMatcher(None, words, f"{chinese} {norwegian}").ratio(),
        )
        if closeness >= PARTNERSHIP_CUTOFF:
            scored.append((-closeness, partnership.slug, partnership))
    partnerships = [partnership for _closeness, _slug, partnership in sorted(scored)[:limit]]
    return Suggestions(partnerships, places[:limit], words)
