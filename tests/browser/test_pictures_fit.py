"""The pictures as a browser draws them, in each language, on a desktop and on a 360-pixel phone.

No text is cut off at a picture's edge or hidden under another text or a swatch, and every marker of the
map is a target of at least 24 by 24 CSS pixels that no other marker covers (WCAG 2.2, 2.5.8).
"""

import pytest

# The pages with pictures: the map drawn wide (home), in the list's column and small (a partnership, a place).
PATHS = ["/", "/partnerships/", "/partnerships/fredrikstad-zhuzhou/", "/places/rogaland/"]
WIDTHS = {"phone": 360, "desktop": 1280}

# For each picture of the page: its box, and the box of every text and legend swatch it shows.
MEASURE = """
() => [...document.querySelectorAll('svg.map, svg.timeline')].map(svg => {
  const box = element => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = element => element.checkVisibility() && element.getBoundingClientRect().width > 0;
  return {
    picture: svg.getAttribute('class'),
    frame: box(svg),
    texts: [...svg.querySelectorAll('text')].filter(shown).map(text => ({text: text.textContent, box: box(text)})),
    swatches: [...svg.querySelectorAll('.timeline-legend rect')].map(box),
  };
})
"""

# Each marker the map shows at this width: its box, and whether a pointer at the centre of each of its discs
# reaches it (nothing drawn over it there).
MARKERS = """
() => [...document.querySelectorAll('svg.map .map-markers a')].filter(a => a.getBoundingClientRect().width > 0)
  .map(a => {
    const r = a.getBoundingClientRect();
    const hits = [...a.querySelectorAll('circle')].map(circle => {
      const c = circle.getBoundingClientRect();
      const found = document.elementFromPoint((c.left + c.right) / 2, (c.top + c.bottom) / 2);
      return found !== null && found.closest('a') === a;
    });
    const count = a.querySelector('text');
    return {title: a.querySelector('title').textContent, href: a.getAttribute('href'),
            count: count && count.textContent, width: r.width, height: r.height, hits: hits};
  })
"""


def inside(box, frame, slack=0.5):
    return (
        box[0] >= frame[0] - slack
        and box[1] >= frame[1] - slack
        and box[2] <= frame[2] + slack
        and box[3] <= frame[3] + slack
    )


def overlap(a, b, slack=0.5):
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "/nb", "/zh-hans"])
def test_no_text_in_a_picture_is_cut_off_or_covered(browser, site, prefix, device):
    page = browser.new_page(viewport={"width": WIDTHS[device], "height": 900})
    problems, measured = [], 0
    for path in PATHS:
        page.goto(f"{site}{prefix}{path}")
        for picture in page.evaluate(MEASURE):
            where = f"{prefix}{path} {picture['picture']}"
            texts = picture["texts"]
            measured += len(texts)
            for text in texts:
                if not inside(text["box"], picture["frame"]):
                    problems.append(f"{where}: {text['text']!r} runs past the picture's edge")
                for swatch in picture["swatches"]:
                    if overlap(text["box"], swatch):
                        problems.append(f"{where}: {text['text']!r} runs into a swatch of the legend")
            for index, text in enumerate(texts):
                for other in texts[index + 1 :]:
                    if overlap(text["box"], other["box"]):
                        problems.append(f"{where}: {text['text']!r} and {other['text']!r} overlap")
    page.close()

    assert problems == []
    assert measured > 20  # the legend, the years and the counts at least; on a desktop, the names too


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("path", PATHS)
def test_every_marker_is_a_target_of_at_least_24_pixels_that_nothing_covers(browser, site, path, device):
    page = browser.new_page(viewport={"width": WIDTHS[device], "height": 900})
    page.goto(site + path)
    page.locator("svg.map").scroll_into_view_if_needed()

    markers = page.evaluate(MARKERS)
    page.close()

    assert markers
    for marker in markers:
        assert marker["width"] >= 24, marker
        assert marker["height"] >= 24, marker
        assert all(marker["hits"]), marker


def test_on_a_phone_the_crowded_places_are_one_marker_naming_them_all(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site + "/")
    page.locator("svg.map").scroll_into_view_if_needed()

    markers = page.evaluate(MARKERS)
    norwegian = [marker for marker in markers if "Stavanger" in marker["title"]]
    (crowded,) = norwegian
    # The six places in southern Norway within 10 pixels of each other, and Rogaland under Stavanger.
    for name in ["Bergen", "Oslo", "Fredrikstad", "Telemark", "Sandefjord", "Rogaland", "Stavanger"]:
        assert name in crowded["title"]
    assert crowded["title"].startswith(f"{crowded['count']} places: ")  # the number is written in the marker

    page.goto(site + crowded["href"])
    assert page.locator("main h1").inner_text() == "Partnerships"
    assert "Stavanger – Ningbo" in page.locator("main").inner_text()
    page.close()
