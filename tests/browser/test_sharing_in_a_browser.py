"""Sharing a link and the site's icon, in a real browser, in the language of the person who tried it."""

import re

from playwright.sync_api import expect

# Loads an image as the page's own <img> would, under its Content-Security-Policy: its natural size.
LOAD_IMAGE = """
async url => { const image = new Image(); image.src = url; await image.decode();
               return [image.naturalWidth, image.naturalHeight]; }
"""


def meta(page, name):
    return page.locator(f'meta[property="{name}"], meta[name="{name}"]').get_attribute("content")


def test_a_journalist_in_ningbo_shares_a_partnership_and_its_card_is_in_chinese(site, page):
    page.goto(site + "/zh-hans/partnerships/stavanger-ningbo/")

    assert meta(page, "og:title") == "斯塔万格 – 宁波市"
    assert meta(page, "og:locale") == "zh_CN"
    assert meta(page, "og:image:alt") == "挪威和中国地图，图中一条线连接斯塔万格和宁波市"
    image = meta(page, "og:image")
    assert image == f"{site}/zh-hans/partnerships/stavanger-ningbo/share.png"
    assert page.evaluate(LOAD_IMAGE, image) == [1200, 630]


def test_an_officer_in_stavanger_shares_the_list_of_rogaland_and_its_title_says_so(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/nb/partnerships/")

    page.locator("summary", has_text="Norske fylker og kommuner").click()
    page.get_by_label("Rogaland").check()
    page.get_by_role("button", name="Vis samarbeid").click()

    expect(page).to_have_title("Samarbeid (Sted: Rogaland) – Vennskapsbyer Norge–Kina")
    assert meta(page, "og:title") == "Samarbeid (Sted: Rogaland)"
    assert meta(page, "og:image") == f"{site}/nb/places/rogaland/share.png"
    context.close()


def test_the_home_page_in_norwegian_shares_a_card(site, page):
    page.goto(site + "/nb/")

    assert meta(page, "og:title") == "Vennskapsbyer Norge–Kina"
    assert meta(page, "og:description").startswith("En katalog")
    assert meta(page, "og:url") == f"{site}/nb/"
    assert page.evaluate(LOAD_IMAGE, meta(page, "og:image")) == [1200, 630]


def test_every_icon_a_page_names_loads_and_so_does_the_favicon(site, page):
    page.goto(site + "/")

    icons = page.locator('link[rel="icon"], link[rel="apple-touch-icon"]')
    sizes = {icon.get_attribute("href"): page.evaluate(LOAD_IMAGE, icon.get_attribute("href")) for icon in icons.all()}
    favicon = page.evaluate("async () => (await fetch('/favicon.ico')).status")

    assert sizes["/apple-touch-icon.png"] == [180, 180]
    assert sizes["/icon-192.png"] == [192, 192]
    assert re.fullmatch(r"\[(16|32|48), \1\]", str(sizes["/favicon.ico"]))
    assert favicon == 200
