"""The interface in Norwegian and Chinese: the catalogues under locale/ reach every page's frame."""

import re
from html import unescape

import pytest
from django.utils import translation

# The strings every page's frame shows (base.html, the header, the footer, the language switcher).
FRAME = [
    "Skip to main content",
    "Norway–China friendship cities",
    "Search the directory",
    "Search",
    "All partnerships",
    "Open data: files, calendar and licence",
]


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", ["nb", "zh-hans"])
@pytest.mark.parametrize("path", ["/", "/partnerships/"])
def test_every_page_frame_is_in_the_page_language(client, language, path):
    text = visible_text(client.get(f"/{language}{path}").text)

    for msgid in FRAME:
        with translation.override(language):
            translated = translation.gettext(msgid)
        assert translated != msgid, f"{msgid!r} has no {language} translation"
        assert translated in text
        assert msgid not in text
    translation.activate("en")


@pytest.mark.usefixtures("listed_agreements")
def test_english_pages_keep_the_english_frame(client):
    text = visible_text(client.get("/partnerships/").text)

    assert all(msgid in text for msgid in FRAME)
