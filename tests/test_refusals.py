"""A filter value the list cannot use is refused in plain words, in the page's language."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

LIST = reverse("directory:partnership-list")
BAD = "signed_from=0&signed_to=abc&sort=sideways&kind=marriage&place=atlantis&page=abc&q=" + "x" * 300

# What Django says of a bad value in its own words.
STOCK = ["Ensure this value", "Select a valid choice", "Enter a whole number", "Null characters"]


def problems_block(response):
    return re.search(r'<div class="ds-alert problems".*?</div>', response.text, re.DOTALL)[0]


def problems_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", problems_block(response)))


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "Signed from (year): Give a year from 1 to 9999.",
                "Signed to (year): Give a year as a number, such as 2005.",
                "Sort by: The list can be sorted by the date signed (oldest or newest first) or by name, not "
                "“sideways”; it is sorted by the date signed, oldest first.",
                "Kind: There is no kind “marriage”; it was left out.",
                "Place: There is no place “atlantis”; it was left out.",
                "Search: A search may be at most 200 characters long (this one has 300); use fewer words.",
                "Page: There is no page “abc”; this is page 1 of 1.",
            ],
        ),
        (
            "/nb",
            [
                "Signert fra (år): Oppgi et årstall fra 1 til 9999.",
                "Sorter etter: Listen kan sorteres etter signeringsdato (eldste eller nyeste først) eller etter "
                "navn, ikke «sideways»; den er sortert etter signeringsdato, eldste først.",
                "Søk: Et søk kan være på høyst 200 tegn (dette har 300); bruk færre ord.",
            ],
        ),
        (
            "/zh-hans",
            [
                "签署起始年份：请填写1至9999之间的年份。",
                "排序方式：列表可按签署日期（由早到晚或由晚到早）或按名称排序，不能按“sideways”排序；"
                "现按签署日期由早到晚排序。",
                "搜索：搜索内容最多200个字符（当前为300个）；请减少字数。",
            ],
        ),
    ],
)
def test_every_refusal_is_in_plain_words_of_the_pages_language(client, prefix, expected):
    response = client.get(f"{prefix}{LIST}?{BAD}")

    assert response.status_code == HTTPStatus.OK
    text = problems_text(response)
    for sentence in expected:
        assert sentence in text
    for stock in STOCK:
        assert stock not in text
    # Each message starts with the label beside the field, not the parameter's name in the address.
    assert "signed_" not in text
    assert "<code>" not in problems_block(response)
    assert len(re.findall(r"<li>", problems_block(response))) == 7


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize("language", ["nb", "zh-hans"])
def test_the_refusals_are_not_djangos_words_in_another_language(client, language):
    """Django translates its stock texts too: the page must not show them in Norwegian or Chinese either."""
    with translation.override(language):
        stock = [
            translation.gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": 1},
            translation.gettext("Select a valid choice. %(value)s is not one of the available choices.")
            % {"value": "sideways"},
        ]

    text = problems_text(client.get(f"/{language}{LIST}?{BAD}"))

    for sentence in stock:
        assert sentence not in text


@pytest.mark.usefixtures("listed_agreements")
def test_the_data_twins_still_name_the_parameter_for_scripts(client):
    response = client.get(reverse("directory:partnership-list-json") + "?signed_from=0&sort=sideways")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()["errors"]) == {"signed_from", "sort"}
    assert response.json()["errors"]["signed_from"] == ["Give a year from 1 to 9999."]
