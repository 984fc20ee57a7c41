"""The site in three languages: addresses, `<html lang>`, hreflang alternates and the language switcher."""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directory.models import Partnership, Place

LANGUAGES = {"en": ("", "en"), "nb": ("/nb", "nb"), "zh-hans": ("/zh-hans", "zh-Hans")}


@pytest.fixture(autouse=True)
def _english_between_requests():
    """The test client leaves the last page's language active; addresses here are built in English."""
    translation.activate("en")
    yield
    translation.activate("en")


def page_paths():
    translation.activate("en")
    partnership = Partnership.objects.published().order_by("slug").first()
    place = Place.objects.order_by("slug").first()
    return [
        "/",
        "/partnerships/",
        "/partnerships/?q=oslo&kind=friendship",
        partnership.get_absolute_url(),
        place.get_absolute_url(),
    ]


def html_lang(response):
    return re.search(r"<html lang=\"([^\"]+)\"", response.text).group(1)


def switcher_links(response):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.text, re.DOTALL).group(0)
    return {
        lang: unescape(href) for href, lang in re.findall(r'<a class="ds-link" href="([^"]+)" hreflang="([^"]+)"', nav)
    }


def hreflang_alternates(response):
    return {
        lang: unescape(href)
        for lang, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', response.text)
    }


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_answers_in_its_language_under_its_prefix(client, language):
    prefix, lang = LANGUAGES[language]
    for path in page_paths():
        response = client.get(prefix + path)

        assert response.status_code == HTTPStatus.OK, path
        assert html_lang(response) == lang
        assert response["Content-Language"] == language


@pytest.mark.usefixtures("listed_agreements")
def test_english_keeps_the_unprefixed_addresses_and_the_other_languages_are_prefixed(client):
    slug = Partnership.objects.published().order_by("slug").first().slug
    with translation.override("en"):
        assert reverse("directory:partnership-list") == "/partnerships/"
    with translation.override("nb"):
        assert reverse("directory:partnership-list") == "/nb/partnerships/"
        assert reverse("directory:partnership-detail", args=[slug]) == f"/nb/partnerships/{slug}/"
    with translation.override("zh-hans"):
        assert reverse("directory:home") == "/zh-hans/"


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", ["nb", "zh-hans"])
def test_data_feeds_and_files_keep_their_one_address_in_every_language(client, language):
    slug = Partnership.objects.published().order_by("slug").first().slug
    with translation.override(language):
        names = {
            reverse("directory:partnership-list-json"): "/partnerships.json",
            reverse("directory:partnership-list-csv"): "/partnerships.csv",
            reverse("directory:partnership-detail-json", args=[slug]): f"/partnerships/{slug}.json",
            reverse("directory:partnership-feed"): "/feeds/partnerships.atom",
            reverse("directory:anniversaries"): "/anniversaries.ics",
            reverse("directory:sitemap"): "/sitemap.xml",
            reverse("directory:robots"): "/robots.txt",
            reverse("directory:healthz"): "/healthz",
        }
    for reversed_path, design_path in names.items():
        assert reversed_path == design_path
        assert client.get(design_path).status_code == HTTPStatus.OK, design_path
        assert client.get(f"/{language}{design_path}").status_code == HTTPStatus.NOT_FOUND, design_path


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_switcher_links_to_the_same_page_and_filters_in_each_other_language(client, language):
    prefix, _lang = LANGUAGES[language]
    for path in page_paths():
        links = switcher_links(client.get(prefix + path))

        expected = {
            other_lang: other_prefix + path
            for other, (other_prefix, other_lang) in LANGUAGES.items()
            if other != language
        }
        assert links == expected
        for url in links.values():
            assert client.get(url).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("listed_agreements")
def test_following_the_switcher_keeps_the_filters_and_their_results(client):
    english = client.get("/partnerships/?q=ningbo")
    norwegian = client.get(switcher_links(english)["nb"])

    assert norwegian.request["PATH_INFO"] == "/nb/partnerships/"
    assert norwegian.request["QUERY_STRING"] == "q=ningbo"
    english_slugs = set(re.findall(r'href="/partnerships/([-\w]+)/"', english.text))
    norwegian_slugs = set(re.findall(r'href="/nb/partnerships/([-\w]+)/"', norwegian.text))
    assert english_slugs
    assert norwegian_slugs == english_slugs


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_lists_itself_in_every_language_as_hreflang_alternates(client, language):
    prefix, _lang = LANGUAGES[language]
    for path in page_paths():
        alternates = hreflang_alternates(client.get(prefix + path))

        expected = {
            other_lang: f"http://testserver{other_prefix}{path}" for other_prefix, other_lang in LANGUAGES.values()
        }
        expected["x-default"] = f"http://testserver{path}"
        assert alternates == expected


@pytest.mark.parametrize("language", ["nb", "zh-hans"])
def test_a_missing_page_keeps_its_language_and_offers_the_others(client, settings, db, language):
    settings.DEBUG = False
    prefix, lang = LANGUAGES[language]

    response = client.get(f"{prefix}/no-such-page/?x=1")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert html_lang(response) == lang
    assert switcher_links(response)["en"] == "/no-such-page/?x=1"


@pytest.mark.usefixtures("listed_agreements")
def test_the_page_cache_keeps_each_language_apart(client):
    client.get("/partnerships/")  # cached in English
    for prefix, lang in LANGUAGES.values():
        assert html_lang(client.get(f"{prefix}/partnerships/")) == lang


@pytest.mark.usefixtures("listed_agreements")
def test_an_accept_language_header_does_not_change_an_addressed_language(client):
    response = client.get("/partnerships/", headers={"accept-language": "nb"})

    assert html_lang(response) == "en"
    assert html_lang(client.get("/zh-hans/partnerships/", headers={"accept-language": "nb"})) == "zh-Hans"


@pytest.mark.usefixtures("listed_agreements")
def test_the_switcher_costs_no_queries(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    counts = {}
    for prefix, _lang in LANGUAGES.values():
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{prefix}/partnerships/")
        counts[prefix] = len(queries)
    assert len(set(counts.values())) == 1, counts
