"""The interface wholly in Norwegian and Chinese: complete catalogues, and no page left with an English string.

The page test reads the catalogues themselves: every msgid whose translation differs from it must not
show in a Norwegian or Chinese page's text. What is deliberately not translated is left out of the
text first: the directory's data (names, summaries, ...: fallbacks to English are the data's, not the
interface's), whatever is marked as another language (`lang="en"`, native names), `translate="no"`
and `<code>` (file names, query parameters).
"""

import re
import shutil
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.utils import translation
from django.utils.text import Truncator

from directory.models import Contact, Milestone, Partnership, Place, Publisher, Topic

from .pages import PAGES

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {
    "nb": LOCALE / "nb" / "LC_MESSAGES" / "django.po",
    "zh-hans": LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po",
}
HTML_LANG = {"nb": "nb", "zh-hans": "zh-Hans"}
PLURAL_FORMS = {"nb": 2, "zh-hans": 1}

# Besides every page template at its fullest (tests/pages.py): filters in use, bad parameters, a page
# number out of range.
MORE_PAGES = {
    "list, every filter in use": (
        "/partnerships/?kind=friendship-agreement&topic=energy&signed_from=1990&signed_to=2020&sort=name"
    ),
    "list, bad parameters": "/partnerships/?kind=nonsense&topic=atlantis&signed_to=soon&page=abc",
    "place, page out of range": "/places/zhejiang/?page=99",
}


def catalogue(language):
    return polib.pofile(str(CATALOGUES[language]))


def forms(entry):
    """An entry's translations: its msgstr, or one per plural form."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# The catalogues


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_entry_has_a_translation_that_is_not_fuzzy(language):
    po = catalogue(language)

    entries = [entry for entry in po if not entry.obsolete]
    assert len(entries) > 300
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []
    assert [entry.msgid for entry in entries if not all(form.strip() for form in forms(entry))] == []


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_plural_entry_has_each_form_of_its_language(language):
    po = catalogue(language)

    assert f"nplurals={PLURAL_FORMS[language]};" in po.metadata["Plural-Forms"].replace(" ", "")
    plural_entries = [entry for entry in po if entry.msgid_plural]
    assert plural_entries
    assert {entry.msgid: len(entry.msgstr_plural) for entry in plural_entries} == {
        entry.msgid: PLURAL_FORMS[language] for entry in plural_entries
    }


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_translation_keeps_the_placeholders_of_its_msgid(language):
    """msgfmt --check-format checks this at build time; this names the entry when it does not hold."""
    wrong = []
    for entry in catalogue(language):
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for form in forms(entry):
            if set(PLACEHOLDER.findall(form)) - wanted or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(form)) != wanted
            ):
                wrong.append((entry.msgid, form))
    assert wrong == []


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path, settings):
    """`make messages` has been run since the last interface string was added or changed."""
    for folder in ("accounts", "directory", "templates", "twinning"):
        shutil.copytree(
            Path(settings.BASE_DIR) / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for language in CATALOGUES.values():
        copy = tmp_path / language.relative_to(settings.BASE_DIR)
        copy.parent.mkdir(parents=True)
        shutil.copy(language, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        call_command("makemessages", locale=["nb", "zh_Hans"], no_obsolete=True, verbosity=0)

    for language, path in CATALOGUES.items():
        current = {(entry.msgid, entry.msgid_plural) for entry in polib.pofile(str(path))}
        gathered = {
            (entry.msgid, entry.msgid_plural)
            for entry in polib.pofile(str(tmp_path / path.relative_to(settings.BASE_DIR)))
        }
        assert gathered - current == set(), f"run `make messages` and translate these for {language}"
        assert current - gathered == set(), f"run `make messages`: these are no longer used ({language})"


# The pages


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


class VisibleText(HTMLParser):
    """A page's text as people read or hear it, one chunk per text node or attribute.

    Leaves out scripts, styles, `<code>`, `translate="no"` and whatever is marked with a language other
    than the page's own.
    """

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language.lower()
        self.html_lang = None
        self.stack = []  # (tag, left out)
        self.chunks = []

    @property
    def skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        lang = (attrs.get("lang") or "").lower()
        skip = (
            self.skipping
            or tag in {"script", "style", "code"}
            or attrs.get("translate") == "no"
            or (tag != "html" and lang not in {"", self.language})
        )
        if not skip:
            self.chunks += [attrs[name] for name in SPOKEN_ATTRIBUTES if attrs.get(name)]
            if tag == "meta" and attrs.get("name") == "description":
                self.chunks.append(attrs.get("content") or "")
            if tag == "input" and attrs.get("type") == "submit":
                self.chunks.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def data_values():
    """Every text an editor typed into the directory (names, summaries, notes, ...), longest first."""
    values = set()
    for model in (Place, Topic, Partnership, Milestone, Contact, Publisher):
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not isinstance(field, models.SlugField)
        ]
        for row in model.objects.values_list(*fields):
            values.update(value for value in row if value)
            # As a page's description shows a summary: its first words.
            values.update(Truncator(value).words(40, truncate=" …") for value in row if value)
            values.update(line for value in row if value for line in value.splitlines())  # a postal address
    values.update(
        partnership.title for partnership in Partnership.objects.select_related("norwegian_party", "chinese_party")
    )
    return sorted(values, key=len, reverse=True)


def interface_text(html, language, data):
    """The page's visible text without the data (and what the visitor typed), a line a chunk; its `<html lang>`."""
    parser = VisibleText(HTML_LANG[language])
    parser.feed(html)
    lines = []
    for chunk in parser.chunks:
        for value in data:
            chunk = chunk.replace(value, "\x00")
        lines.append(" ".join(chunk.split()))
    return "\n".join(lines), parser.html_lang


def msgid_pattern(msgid):
    """A regular expression finding the English string in a page, its placeholders standing for anything."""
    parts = PLACEHOLDER.split(" ".join(msgid.split()))
    if not any(re.search(r"[A-Za-z]{2}", part) for part in parts):
        return None  # nothing but placeholders and a letter or two ("%(decade)ds", "j F Y")
    body = ".+?".join(" ".join(map(re.escape, part.split(" "))) for part in parts)
    start = r"(?<!\w)" if re.match(r"\w", msgid) else ""
    end = r"(?!\w)" if re.search(r"\w$", msgid) else ""
    return re.compile(start + body + end)


def english_strings(language):
    """(msgid, pattern) for each English string of the catalogue that its translation changes."""
    patterns = []
    for entry in catalogue(language):
        translations = forms(entry)
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if msgid in translations:
                continue
            pattern = msgid_pattern(msgid)
            if pattern is not None:
                patterns.append((msgid, pattern))
    return patterns


def untranslated(text, patterns):
    return sorted({msgid for msgid, pattern in patterns if pattern.search(text)})


def public_pages():
    return {**PAGES, **MORE_PAGES}


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", CATALOGUES)
def test_every_public_page_shows_no_english_interface_string(client, settings, language):
    settings.DEBUG = False  # the 404 page in the site's look
    patterns = english_strings(language)
    data = data_values()
    found = {}
    for name, path in public_pages().items():
        response = client.get(f"/{language}{path}")
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.NOT_FOUND}, name

        asked = [value for values in parse_qs(urlsplit(path).query).values() for value in values]
        text, html_lang = interface_text(response.text, language, sorted([*data, *asked], key=len, reverse=True))

        assert html_lang == HTML_LANG[language], name
        if leftovers := untranslated(text, patterns):
            found[name] = leftovers
    assert found == {}


@pytest.mark.parametrize("language", CATALOGUES)
def test_a_refused_request_answers_in_the_language_of_its_address(client, db, settings, language):
    response = client.get(
        f"/{language}/partnerships/", QUERY_STRING="q=" + "x" * (settings.MAX_QUERY_STRING_LENGTH + 1)
    )

    assert response.status_code == HTTPStatus.REQUEST_URI_TOO_LONG
    text, html_lang = interface_text(response.text, language, [])
    assert html_lang.lower() == HTML_LANG[language].lower()
    assert untranslated(text, english_strings(language)) == []
    with translation.override(language):
        assert translation.gettext("Address too long") in text


@pytest.mark.usefixtures("listed_agreements")
def test_the_check_finds_an_english_string_left_in_a_page(client):
    """The page test's own check: an English interface string in a Norwegian page is found, data is not."""
    html = client.get("/nb/partnerships/stavanger-ningbo/").text
    data = data_values()
    patterns = english_strings("nb")

    assert untranslated(interface_text(html, "nb", data)[0], patterns) == []
    left_in = html.replace("Sist oppdatert", "Last updated").replace("Forside", "Home", 1)
    assert untranslated(interface_text(left_in, "nb", data)[0], patterns) == ["Home", "updated"]
    marked_english = html.replace("<main", '<main lang="en"').replace("Sist oppdatert", "Last updated")
    assert "updated" not in untranslated(interface_text(marked_english, "nb", data)[0], patterns)
