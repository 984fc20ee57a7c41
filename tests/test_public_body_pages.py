"""The pages a Norwegian public body is expected to have: about the directory, and an accessibility statement."""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse

from directory.models import Publisher

pytestmark = pytest.mark.usefixtures("listed_agreements")

ABOUT = reverse("directory:about")
STATEMENT = reverse("directory:accessibility")
PREFIXES = ["", "/nb", "/zh-hans"]


def text(response):
    main = response.text[response.text.index("<main") : response.text.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def headings(response):
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", response.text, re.S)]


@pytest.mark.parametrize(
    ("prefix", "title", "sections"),
    [
        ("", "About the directory", ["Who keeps it", "Report an error", "Suggest a partnership"]),
        ("/nb", "Om katalogen", ["Hvem som holder den ved like", "Meld fra om en feil", "Foreslå et samarbeid"]),
        ("/zh-hans", "关于本目录", ["由谁维护", "报告错误", "推荐合作关系"]),
    ],
)
def test_the_about_page_says_what_the_directory_is_who_keeps_it_and_how_to_write(client, prefix, title, sections):
    response = client.get(f"{prefix}{ABOUT}")
    publisher = Publisher.load()

    assert response.status_code == HTTPStatus.OK
    assert headings(response)[0] == title
    assert headings(response)[1:4] == sections
    page = text(response)
    assert "8" in page
    assert {"": publisher.name, "/nb": publisher.name_nb, "/zh-hans": publisher.name_zh_hans}[prefix] in page
    assert "100600 Beijing" in page
    mailtos = re.findall(r'href="mailto:([^"]+)"', response.text)
    with_subject = [urlsplit(f"mailto:{address}") for address in mailtos if "?subject=" in address]
    assert len(with_subject) == 2  # one to report an error, one to suggest a partnership
    assert {parts.path for parts in with_subject} == {publisher.email}
    subjects = [unquote(parse_qs(parts.query)["subject"][0]) for parts in with_subject]
    assert all(subject.strip() for subject in subjects)
    if prefix == "/zh-hans":
        assert subjects[0].startswith("更正")


@pytest.mark.parametrize(
    ("prefix", "title", "parts"),
    [
        (
            "",
            "Accessibility statement",
            [
                "How far the site meets the requirements",
                "What is known not to work, and what it means for you",
                "How the site was tested",
                "Tell us what does not work",
                "Complaints",
                "About this statement",
            ],
        ),
        (
            "/nb",
            "Tilgjengelighetserklæring",
            [
                "I hvilken grad nettstedet oppfyller kravene",
                "Det som ikke fungerer, og hva det betyr for deg",
                "Slik er nettstedet testet",
                "Si fra om det som ikke fungerer",
                "Klage",
                "Om erklæringen",
            ],
        ),
        (
            "/zh-hans",
            "无障碍声明",
            [
                "网站符合要求的程度",
                "已知问题及其对您的影响",
                "网站的测试方式",
                "告诉我们哪里有问题",
                "投诉",
                "关于本声明",
            ],
        ),
    ],
)
def test_the_accessibility_statement_has_the_parts_digdir_asks_for(client, prefix, title, parts):
    response = client.get(f"{prefix}{STATEMENT}")
    page = text(response)

    assert response.status_code == HTTPStatus.OK
    assert headings(response) == [title, *parts]
    assert "http://testserver/" in page  # the site it is about
    assert "WCAG 2.1" in page  # the requirements and the status against them
    assert "47" in page
    assert "3.1.2" in page  # each known problem with its success criterion
    assert "2.5.8" not in page  # the map's small markers are fixed: grouped, at least 24 px
    assert 'href="mailto:emb.beijing@mfa.no"' in response.text  # feedback goes to the publisher
    assert 'href="https://www.uutilsynet.no/"' in response.text  # the supervisory authority
    assert 'href="https://www.diskrimineringsnemnda.no/"' in response.text  # and the tribunal
    assert '<span lang="nb">Tilsynet for universell utforming av ikt</span>' in response.text
    assert re.search(r'<time datetime="2026-11-30">', response.text)  # its date


@pytest.mark.parametrize("path", [ABOUT, STATEMENT])
@pytest.mark.django_db(transaction=True)  # pages show what is committed
def test_the_contact_comes_from_the_publisher_editors_keep(client, path):
    assert "emb.beijing@mfa.no" in client.get(path).text  # and the page is now in the page cache
    publisher = Publisher.load()
    publisher.name = "Embassy of Norway, Press Section"
    publisher.email = "press@example.org"
    publisher.phone = "+86 10 8531 9600"
    publisher.postal_address = "Somewhere 1\n100000 Beijing"
    publisher.save()

    response = client.get(path)

    assert "press@example.org" in response.text
    assert "emb.beijing@mfa.no" not in response.text
    assert "Embassy of Norway, Press Section" in text(response)
    assert 'href="tel:+861085319600"' in response.text
    assert "Somewhere 1<br>100000 Beijing" in response.text


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_page_links_both_from_its_footer_in_its_language(client, prefix):
    for path in ["/", "/partnerships/", "/places/zhejiang/", "/partnerships/stavanger-ningbo/", ABOUT]:
        footer = client.get(f"{prefix}{path}").text.split('<footer class="site-footer">')[1]

        assert f'href="{prefix}{ABOUT}"' in footer
        assert f'href="{prefix}{STATEMENT}"' in footer
