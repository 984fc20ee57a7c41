"""axe-core (from npm) finds nothing on any page template."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error
from playwright.sync_api import expect

from ..pages import PAGES

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def violations(page):
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
        for violation in found
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(site, page, settings, name):
    settings.DEBUG = False  # the 404 page in the site's look
    page.goto(site + PAGES[name])

    assert page.locator("main h1").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize("language", ["nb", "zh-hans"])
@pytest.mark.parametrize(
    "name",
    [
        "home",
        "list, filtered, with a problem",
        "list, a search that names a place",
        "partnership with milestones",
        "county",
        "privacy",
        "about",
        "accessibility statement",
        "not found, with suggestions",
        "open data",
    ],
)
def test_axe_finds_no_violation_in_norwegian_and_chinese(site, page, settings, language, name):
    settings.DEBUG = False  # the 404 page in the site's look
    page.goto(f"{site}/{language}{PAGES[name]}")

    assert page.locator("html").get_attribute("lang").lower() == language
    assert page.locator("main h1").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_violation_with_the_filters_open(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + PAGES["list"])
    for summary in page.locator("details.facet > summary").all():
        summary.click()

    expect(page.locator("input[name=topic]").first).to_be_visible()
    assert violations(page) == []


def test_axe_finds_no_violation_on_the_server_error_page(site, page):
    page.goto(site + "/")
    page.set_content(server_error(RequestFactory().get("/")).content.decode())

    assert "Something went wrong" in page.locator("h1").inner_text()
    assert violations(page) == []
