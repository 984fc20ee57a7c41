"""The site as people use it: without JavaScript, by keyboard, on a phone."""

import re

import pytest
from playwright.sync_api import expect

from ..pages import PAGES


def test_filtering_with_the_form_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + PAGES["list"])

    page.locator("summary", has_text="Norwegian counties and municipalities").click()
    page.get_by_label("Rogaland").check()
    page.get_by_role("button", name="Show partnerships").click()

    expect(page).to_have_url(re.compile(r"place=rogaland"))
    expect(page.get_by_role("heading", name="2 partnerships")).to_be_visible()
    expect(page.get_by_role("link", name="Stavanger – Ningbo")).to_be_visible()  # a municipality inside the county

    page.get_by_label("Search", exact=True).fill("ningbo")
    page.get_by_role("button", name="Show partnerships").click()

    expect(page.get_by_role("heading", name="1 partnership")).to_be_visible()
    page.get_by_role("link", name="Remove Place: Rogaland").click()
    expect(page).to_have_url(re.compile(r"^(?!.*place=).*q=ningbo"))
    context.close()


def test_a_phone_without_javascript_finds_every_partnership_of_a_province_and_opens_one(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + "/")

    page.get_by_role("link", name="Zhejiang", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zhejiang")

    links = page.locator("article h3 a")
    assert sorted(links.all_inner_texts()) == ["Sandefjord – Jiaxing", "Stavanger – Ningbo"]
    links.filter(has_text="Stavanger – Ningbo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stavanger – Ningbo")
    context.close()


def test_the_skip_link_comes_first_and_focus_is_visible(site, page):
    page.goto(site + PAGES["list"])

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()
    assert skip.bounding_box()["width"] > 1

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("element => element.closest('main') !== null")
    outline = focused.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline not in {"none", ""}


def test_every_link_and_field_can_be_reached_by_keyboard_with_visible_focus(site, page):
    page.goto(site + PAGES["partnership"])
    # What a keyboard can reach: not the map's mouse-only links (tabindex -1), nor links in a closed <details>.
    reachable = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, input, select, summary')]"
        ".filter(element => element.tabIndex >= 0 && element.checkVisibility()).length"
    )

    seen = []
    for _ in range(reachable + 2):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.outerHTML.slice(0, 60), s.outlineStyle, s.outlineWidth]; }"
        )
        seen.append(style)
    unfocused = [html for html, outline, width in seen if outline == "none" or width == "0px"]
    assert unfocused == [html for html, _o, _w in seen if html.startswith("<body")]
    assert len({html for html, _o, _w in seen}) >= reachable - 1


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_a_360_pixel_phone_without_sideways_scrolling(site, browser, settings, name):
    settings.DEBUG = False
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + PAGES[name])
    for summary in page.locator("details > summary").all():
        summary.click()

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
