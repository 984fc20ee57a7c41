"""Citable data: each partnership's sources with links, a licence on every page and in the data, and a
"Cite this" block with the permalink and the date of the last change, in each language."""

import datetime
import json
import re
from html import unescape
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from directory.citations import citation_bibtex, source_text
from directory.models import Partnership, Source

from .factories import ChinesePlaceFactory, NorwegianPlaceFactory, PartnershipFactory
from .pages import PAGES

EMBASSY_LIST = "http://www.norway.cn/News_and_events/Bilateral-cooperation/Friendship-cooperation/friendship/"
DEEDS = {
    "": "https://creativecommons.org/licenses/by/4.0/deed.en",
    "/nb": "https://creativecommons.org/licenses/by/4.0/deed.no",
    "/zh-hans": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
}


def section(html, heading_id):
    """The text of the `<section>` labelled by the heading with this id."""
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, heading_id
    return match.group(0)


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


@pytest.mark.usefixtures("listed_agreements")
def test_a_researcher_finds_each_source_with_a_link_the_embassys_list_first(client):
    html = client.get(reverse("directory:partnership-detail", args=["telemark-hubei"])).text

    sources = section(html, "sources-heading")
    links = re.findall(r'<li><span lang="([^"]+)">([^<]+)</span>: <a class="ds-link" href="([^"]+)">', sources)
    assert links[0] == ("en", "Royal Norwegian Embassy in Beijing", EMBASSY_LIST)
    assert [(lang, publisher) for lang, publisher, _url in links[1:]] == [
        ("nb", "Vestfold og Telemark fylkeskommune"),
        ("nb", "Telemark fylkeskommune"),
        ("zh-Hans", "湖北日报（荆楚网）"),
    ]
    assert '<cite lang="zh-Hans">湖北省建立友好城市57对</cite></a>, 13 September 2006' in sources
    assert "the embassy gives 2005" in sources  # the source note stays, below the list


@pytest.mark.usefixtures("listed_agreements")
def test_a_source_read_on_a_day_says_when_and_one_without_an_address_is_not_a_link(client):
    partnership = Partnership.objects.get(slug="bergen-dalian")
    partnership.sources.create(order=3, title="Bystyrets sak", publisher="Bergen kommune", language="nb")
    Source.objects.filter(partnership=partnership, order=2).update(accessed=datetime.date(2026, 3, 14))

    english = section(client.get(partnership.get_absolute_url()).text, "sources-heading")
    norwegian = section(client.get("/nb" + partnership.get_absolute_url()).text, "sources-heading")

    assert "Twin cities</cite></a> (read 14 March 2026)" in english
    assert "Twin cities</cite></a> (lest 14. mars 2026)" in norwegian
    assert '<span lang="nb">Bergen kommune</span>: <cite lang="nb">Bystyrets sak</cite></li>' in english


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(("prefix", "licence_text"), [("", "The data is open under"), ("/nb", "Dataene er åpne under")])
def test_every_page_names_the_licence_in_its_footer_in_its_language(client, settings, prefix, licence_text):
    settings.DEBUG = False  # the 404 page in the site's look
    for name, url in PAGES.items():
        html = client.get(prefix + url).text
        footer = html[html.index('<footer class="site-footer">') :]

        assert licence_text in footer, name
        assert f'<a class="ds-link" href="{DEEDS[prefix]}" rel="license">CC BY 4.0</a>' in footer, name
        assert f'<link rel="license" href="{DEEDS[prefix]}">' in html, name


@pytest.mark.usefixtures("listed_agreements")
def test_the_chinese_footer_names_the_licence_in_chinese(client):
    html = client.get("/zh-hans/").text

    assert f'数据以<a class="ds-link" href="{DEEDS["/zh-hans"]}" rel="license">CC BY 4.0</a>许可开放' in html


@pytest.mark.usefixtures("listed_agreements")
def test_a_researcher_cites_a_partnership_with_its_permalink_and_last_change(client):
    partnership = Partnership.objects.get(slug="oslo-shanghai")
    Partnership.objects.filter(pk=partnership.pk).update(updated=datetime.datetime(2026, 2, 3, 12, tzinfo=datetime.UTC))

    cite = section(client.get(partnership.get_absolute_url()).text, "cite-heading")

    assert text_of(re.search(r'<p class="ds-paragraph citation">.*?</p>', cite, re.S).group(0)) == (
        "Norway–China friendship cities. “Oslo – Shanghai”. Last changed 3 February 2026. "
        "http://testserver/partnerships/oslo-shanghai/"
    )
    bibtex = unescape(re.search(r"<code translate=\"no\">(.*?)</code>", cite, re.S).group(1))
    assert bibtex == (
        "@misc{oslo-shanghai,\n"
        "  author = {{Norway–China friendship cities}},\n"
        "  title = {{Oslo – Shanghai}},\n"
        "  year = {2026},\n"
        "  date = {2026-02-03},\n"
        "  url = {http://testserver/partnerships/oslo-shanghai/},\n"
        "  howpublished = {\\url{http://testserver/partnerships/oslo-shanghai/}}\n"
        "}"
    )
    assert 'rel="license">CC BY 4.0</a>' in cite


@pytest.mark.usefixtures("listed_agreements")
def test_a_journalist_in_ningbo_cites_the_chinese_page_in_chinese(client):
    partnership = Partnership.objects.get(slug="stavanger-ningbo")
    Partnership.objects.filter(pk=partnership.pk).update(updated=datetime.datetime(2026, 2, 3, 12, tzinfo=datetime.UTC))

    html = client.get("/zh-hans/partnerships/stavanger-ningbo/").text
    cite = section(html, "cite-heading")

    assert "引用此合作关系" in cite
    assert text_of(re.search(r'<p class="ds-paragraph citation">.*?</p>', cite, re.S).group(0)) == (
        "挪威—中国友好城市。《斯塔万格 – 宁波市》。最后修改于2026年2月3日。"
        "http://testserver/zh-hans/partnerships/stavanger-ningbo/"
    )
    sources = section(html, "sources-heading")
    assert '<cite lang="zh-Hans">宁波与挪威斯塔万格市自2004年建立友好城市关系</cite></a>，2011年11月25日' in sources


@pytest.mark.django_db
def test_bibtex_escapes_what_latex_would_read_as_commands():
    partnership = PartnershipFactory(
        slug="a-b",
        norwegian_party=NorwegianPlaceFactory(name="Ås & Co_1"),
        chinese_party=ChinesePlaceFactory(name="50% {City}"),
    )

    bibtex = citation_bibtex(partnership, "https://example.org/partnerships/a-b/")

    assert r"title = {{Ås \& Co\_1 – 50\% \{City\}}}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Royal Norwegian Embassy in Beijing: “Chongqing signs”, 14 June 2007, https://example.org/a "
            "(read 1 March 2026)",
        ),
        (
            "nb",
            "Royal Norwegian Embassy in Beijing: «Chongqing signs», 14. juni 2007, https://example.org/a "
            "(lest 1. mars 2026)",
        ),
        (
            "zh-hans",
            "Royal Norwegian Embassy in Beijing：《Chongqing signs》，2007年6月14日，https://example.org/a（2026年3月1日查阅）",
        ),
    ],
)
def test_a_source_as_one_line_of_text_in_each_language(language, expected):
    source = Source(
        title="Chongqing signs",
        url="https://example.org/a",
        publisher="Royal Norwegian Embassy in Beijing",
        published="2007-06-14",
        accessed=datetime.date(2026, 3, 1),
    )

    with translation.override(language):
        assert source_text(source) == expected


@pytest.mark.django_db
def test_a_partnership_without_sources_or_note_has_no_sources_section(client):
    partnership = PartnershipFactory(source_note="")

    response = client.get(partnership.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert 'id="sources-heading"' not in response.text
    assert 'id="cite-heading"' in response.text


@pytest.mark.usefixtures("listed_agreements")
def test_the_pages_json_ld_names_the_licence_and_the_sources(client):
    html = client.get(reverse("directory:partnership-detail", args=["sandefjord-jiaxing"])).text

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))

    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [source["name"] for source in data["citation"]] == [
        "Friendship Cities and Provinces",
        "Jiaxing and Sandefjord",
    ]


@pytest.mark.usefixtures("listed_agreements")
def test_the_citation_date_is_the_day_of_the_last_change_in_oslo(client):
    """A change at 23:30 UTC on 31 January is on 1 February in Oslo, as the page's "Last updated" says."""
    partnership = Partnership.objects.get(slug="bergen-dalian")
    changed = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)
    Partnership.objects.filter(pk=partnership.pk).update(updated=changed)

    cite = section(client.get(partnership.get_absolute_url()).text, "cite-heading")

    assert timezone.localdate(changed) == datetime.date(2026, 2, 1)
    assert "Last changed 1 February 2026." in text_of(cite)
    assert "date = {2026-02-01}" in cite


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_a_source_an_editor_adds_shows_at_once_on_a_cached_page(client):
    url = reverse("directory:partnership-detail", args=["fredrikstad-zhuzhou"])
    assert "Vennskapsbyavtalen" not in client.get(url).text  # now in the page cache
    partnership = Partnership.objects.get(slug="fredrikstad-zhuzhou")

    partnership.sources.create(order=2, title="Vennskapsbyavtalen", publisher="Fredrikstad kommune", language="nb")

    assert '<cite lang="nb">Vennskapsbyavtalen</cite>' in client.get(url).text
    sources = client.get(reverse("directory:partnership-detail-json", args=[partnership.slug])).json()["sources"]
    assert [source["title"] for source in sources] == ["Friendship Cities and Provinces", "Vennskapsbyavtalen"]
