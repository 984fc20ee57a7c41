"""Screenshots of the pages with pictures, at a phone's width and a desktop's, for people to look at.

They land in var/screenshots/ (ignored by git, never committed).
"""

import pytest
from django.conf import settings

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize(
    ("name", "path", "pictures"),
    [
        ("home", "/", ["svg.map", "svg.timeline"]),
        ("partnership", "/partnerships/stavanger-ningbo/", ["svg.map"]),
    ],
)
def test_screenshots_show_the_pictures_at_phone_and_desktop_widths(browser, site, device, name, path, pictures):
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site + path)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / f"{name}-{device}.png"
    page.screenshot(path=screenshot, full_page=True)

    assert screenshot.stat().st_size > 10_000
    for picture in pictures:
        svg = page.locator(picture)
        assert svg.is_visible()
        box = svg.bounding_box()
        # Wide enough to see, and whole: nothing cut off at the right of a phone.
        assert box["width"] > 250
        assert box["height"] > 100
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    assert page.locator("svg.map circle").first.is_visible()
    # A phone shows no names on the map (too small to read); the list below it gives them.
    assert page.locator("svg.map text").first.is_visible() == (device == "desktop")
    page.close()
    assert all(url.startswith(site) for url in requests), "a page with a picture asked another server"
