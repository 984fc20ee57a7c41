"""The everyday tasks that failed, done in a browser in the language of the person who tried them."""

import re

from playwright.sync_api import expect


def search_from_the_header(page, words, button):
    page.locator("header").get_by_role("searchbox").fill(words)
    page.locator("header").get_by_role("button", name=button).click()


def result_titles(page):
    return sorted(page.locator("article h3 a").all_inner_texts())


def test_a_journalist_in_ningbo_finds_zhejiangs_partnerships_in_chinese_and_narrows_to_the_province(site, page):
    page.goto(site + "/zh-hans/")

    search_from_the_header(page, "浙江", "搜索")

    expect(page.get_by_role("heading", name="2 个合作关系")).to_be_visible()
    assert result_titles(page) == ["斯塔万格 – 宁波市", "桑德菲尤尔 – 嘉兴市"]
    expect(page.get_by_role("heading", name="您要找的是浙江省吗？")).to_be_visible()
    page.get_by_role("link", name="查看浙江省及其下辖所有地方的合作关系").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/partnerships/\?place=zhejiang$"))
    assert result_titles(page) == ["斯塔万格 – 宁波市", "桑德菲尤尔 – 嘉兴市"]
    page.goto(site + "/zh-hans/partnerships/?q=浙江")
    page.get_by_role("link", name="浙江省的页面").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("浙江省")


def test_a_municipal_officer_in_stavanger_finds_rogaland_and_ostfold_in_norwegian(site, page):
    page.goto(site + "/nb/")

    search_from_the_header(page, "Rogaland", "Søk")
    expect(page.get_by_role("heading", name="2 samarbeid")).to_be_visible()
    assert result_titles(page) == ["Rogaland – Guangdong", "Stavanger – Ningbo"]
    expect(page.get_by_role("heading", name="Mente du Rogaland fylke?")).to_be_visible()

    search_from_the_header(page, "Ostfold", "Søk")
    assert result_titles(page) == ["Fredrikstad – Zhuzhou"]

    page.goto(site + "/nb/partnerships/ningbo-stavanger/")
    expect(page).to_have_url(site + "/nb/partnerships/stavanger-ningbo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stavanger – Ningbo")

    page.locator("footer").get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    expect(page.get_by_role("heading", name="Klage")).to_be_visible()
    expect(page.get_by_role("link", name="emb.beijing@mfa.no").first).to_be_visible()


def test_an_english_researcher_finds_hunan_and_recovers_from_mistyped_addresses(site, page, settings):
    settings.DEBUG = False  # the site's own "not found" page
    page.goto(site + "/")

    search_from_the_header(page, "Hunan", "Search")
    assert result_titles(page) == ["Fredrikstad – Zhuzhou"]
    expect(page.get_by_role("heading", name="Did you mean Hunan province?")).to_be_visible()

    page.goto(site + "/places/Rogaland/")
    expect(page).to_have_url(site + "/places/rogaland/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rogaland")  # not "Rogaland Rogaland fylke"

    response = page.goto(site + "/partnerships/oslo-shanghia/")
    assert response.status == 404
    page.get_by_role("link", name="Oslo – Shanghai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oslo – Shanghai")


def test_a_refused_filter_is_explained_in_chinese_words_on_a_phone(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + "/zh-hans/partnerships/?signed_from=0&sort=sideways")

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("签署起始年份：请填写1至9999之间的年份。")
    expect(problems).to_contain_text("排序方式：")
    assert "signed_from" not in problems.inner_text()
    assert problems.evaluate("element => element.scrollWidth <= element.clientWidth")
    context.close()


def test_a_keyboard_user_reaches_the_about_page_and_its_ways_to_write(site, page):
    page.goto(site + "/partnerships/")
    about = page.locator("footer").get_by_role("link", name="About the directory")
    about.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("About the directory")
    mailto = page.locator('main a[href^="mailto:"][href*="subject="]')
    assert mailto.count() == 2
    mailto.first.focus()
    assert mailto.first.evaluate("element => getComputedStyle(element).outlineStyle") not in {"none", ""}


def test_chinese_pages_list_places_by_pinyin(site, page):
    page.goto(site + "/zh-hans/")

    counties = page.get_by_role("heading", name="挪威的郡").locator("xpath=following-sibling::ul[1]//a")
    assert counties.all_inner_texts()[:3] == ["奥斯陆", "罗加兰郡", "南特伦德拉格郡"]
