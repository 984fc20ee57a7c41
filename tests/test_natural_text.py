"""Norwegian and Chinese pages read as sentences of their language, not English ones glued from pieces.

A sentence that holds a name or a link is one translated string, so the translator orders and
punctuates it: full-width ，。：（） and no spaces between the words of a Chinese sentence.
"""

import re

import pytest
from django.urls import reverse

from .pages import PAGES
from .test_catalogues import HTML_LANG, MORE_PAGES, VisibleText, data_values

# CJK characters and full-width punctuation; "\x00" stands where interface_text left out a data value.
CHINESE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
WORD = rf"(?:{CHINESE}|\x00)"
# ASCII punctuation (or a space) next to a Chinese word, where Chinese takes full-width punctuation or none.
GLUED = re.compile(
    rf"{CHINESE}[,.:;)]|{CHINESE} ?\(|{WORD}[,.:;] |[,:;(] ?{CHINESE}|\) ?{CHINESE}"
    rf"|{CHINESE} {CHINESE}|\x00 {CHINESE}|{CHINESE} \x00"
)


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "div", "nav", "section", "ul", "ol", "table", "tr", "th", "td"}
BLOCKS |= {"summary", "details", "figure", "figcaption", "label", "legend", "fieldset", "form", "option", "br", "title"}


class Lines(VisibleText):
    """The visible text, a line for each block: what reads as one run of text is on one line."""

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.chunks.append("\n")
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.chunks.append("\n")
        super().handle_endtag(tag)


def text_of(client, path, language="zh-hans"):
    """The interface text of the page's `<main>` as it reads, each data value (a name, a summary, ...) left
    out as "\\x00", and what is marked as another language left out (as tests/test_catalogues.py does)."""
    html = client.get(f"/{language}{path}").text
    parser = Lines(HTML_LANG[language])
    parser.feed(html[html.index("<main") : html.index("</main>")])
    text = "".join(parser.chunks)
    for value in sorted(data_values(), key=len, reverse=True):
        if not value.isdigit():  # a year may follow a word with a space: 例如 2005
            text = text.replace(value, "\x00")
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def visible(client, path, language):
    """The words of the page's `<main>` as a person reads them, data values included."""
    html = client.get(f"/{language}{path}").text
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", "", main).split())


def place(slug):
    return reverse("directory:place-detail", args=[slug])


def partnership(slug):
    return reverse("directory:partnership-detail", args=[slug])


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        (place("rogaland"), "挪威的郡（fylke）。"),
        (place("stavanger"), "挪威罗加兰郡的市镇（kommune）。"),
        (place("zhejiang"), "中国的省（拼音：Zhèjiāng Shěng）。"),
        (place("ningbo"), "中国浙江省的副省级城市（拼音：Níngbō Shì）。"),
        (place("sor-trondelag"), "已撤销的地方：存续至2017年12月31日，由Trøndelag承继。"),
        (place("trondelag"), "承继自南特伦德拉格郡（至2017年）。"),
        (place("zhejiang"), "友好城市协议，签署于2004年夏。斯塔万格位于罗加兰郡，宁波市位于浙江省。"),
        (partnership("fredrikstad-zhuzhou"), "株洲市（Zhūzhōu Shì），位于湖南省（Húnán Shěng）的地级市"),
        (partnership("fredrikstad-zhuzhou"), "1999年（精确到年）"),
        (partnership("fredrikstad-zhuzhou"), "1995年：腓特烈斯塔与株洲首次接触。"),
        (
            reverse("directory:home"),
            "关注本目录：新增合作关系（Atom 订阅）、签署周年纪念（日历）、所有合作关系（CSV 或 JSON）。",
        ),
        (reverse("directory:home"), "南特伦德拉格郡 – 重庆市，签署于2005年"),
        (reverse("directory:home"), "罗加兰郡（2 个合作关系）"),
        (
            f"{reverse('directory:partnership-list')}?place=rogaland",
            "下载这 2 个合作关系：CSV、适用于 Excel 的 CSV 或 JSON，或订阅其周年纪念。",
        ),
        (
            place("rogaland"),
            "罗加兰郡及其下辖地方的每项合作关系的签署，每年都会以全天活动的形式出现，日历会自动保持更新。",
        ),
        (partnership("stavanger-ningbo"), "挪威—中国友好城市。《斯塔万格 – 宁波市》。最后修改于"),
        (f"{reverse('directory:partnership-list')}?place=rogaland", "罗加兰郡（2 条结果）"),
    ],
)
def test_a_chinese_page_writes_whole_chinese_sentences(client, path, sentence):
    assert sentence in visible(client, path, "zh-hans")


@pytest.mark.usefixtures("listed_agreements")
@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        (place("rogaland"), "Fylke i Norge."),
        (place("stavanger"), "Kommune i Rogaland, Norge."),
        (place("ningbo"), "Subprovinsiell by i Zhejiang, Kina (Níngbō Shì)."),
        (place("sor-trondelag"), "Et tidligere sted: det fantes til 31. desember 2017 og ble etterfulgt av Trøndelag."),
        (place("zhejiang"), "Vennskapsavtale, signert sommeren 2004. Stavanger ligger i Rogaland, Ningbo i Zhejiang."),
        (partnership("fredrikstad-zhuzhou"), "Fredrikstad, kommune i Østfold"),
        (
            f"{reverse('directory:partnership-list')}?place=rogaland",
            "Last ned disse 2 samarbeidene som CSV, CSV for Excel eller JSON, eller abonner på årsdagene deres.",
        ),
        (place("rogaland"), "Hver signering av et samarbeid for Rogaland eller et sted der kommer igjen hvert år"),
        (partnership("telemark-hubei"), "Vestfold og Telemark fylkeskommune: Samarbeid med Hubei provinsen"),
    ],
)
def test_a_norwegian_page_writes_whole_norwegian_sentences(client, path, sentence):
    assert sentence in visible(client, path, "nb")


@pytest.mark.usefixtures("listed_agreements")
def test_no_chinese_page_glues_chinese_words_with_ascii_punctuation_or_spaces(client):
    """Over every public page: the interface's own text, the data (names, summaries) left out."""
    glued = {}
    for name, path in {**PAGES, **MORE_PAGES}.items():
        if found := GLUED.findall(text_of(client, path)):
            glued[name] = found
    assert glued == {}


def test_the_check_finds_english_punctuation_between_chinese_words():
    assert GLUED.findall("郡（fylke）, 挪威.") == ["）,", "威."]
    assert GLUED.findall("\x00 位于 \x00") == ["\x00 位", "于 \x00"]
    assert GLUED.findall("\x00 (1 个合作关系)") == ["系)"]
    assert GLUED.findall("挪威的郡（fylke）。Stavanger – Ningbo, 2004. JSON (CSV)") == []
