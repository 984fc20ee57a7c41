"""An editor, in a real browser: add a partnership as a draft, preview it, publish it, find it on the site.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
"""

import pytest
from playwright.sync_api import expect

from directory.models import Partnership
from tests.admin_helpers import make_editor, sign_in_browser
from tests.factories import ChinesePlaceFactory, NorwegianPlaceFactory


def choose_place(page, field, letters, name):
    """Pick a place in the admin's autocomplete box, as a person does: click, type, choose."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(letters)
    page.locator(".select2-results__option", has_text=name).click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_adds_previews_and_publishes_a_partnership(live_server, browser):
    NorwegianPlaceFactory(name="Tromsø", native_name="Tromsø kommune", slug="tromso")
    ChinesePlaceFactory(name="Qingdao", native_name="青岛市", pinyin="Qīngdǎo Shì", slug="qingdao")
    make_editor("kari")
    page = browser.new_page()
    page.set_default_timeout(10_000)

    sign_in_browser(page, live_server.url, "kari")
    expect(page.get_by_role("heading", name="Keep the directory true")).to_be_visible()

    page.get_by_role("link", name="Partnerships", exact=True).first.click()
    page.get_by_role("link", name="Add partnership").click()
    choose_place(page, "norwegian_party", "Troms", "Tromsø")
    choose_place(page, "chinese_party", "青岛", "Qingdao")
    page.locator("#id_signed").fill("summer 2004")
    page.locator("#id_summary").fill("Tromsø and Qingdao cooperate on polar research and fisheries.")
    page.get_by_text("Add another Milestone").click()
    page.locator("#id_milestones-0-date").fill("May 2001")
    page.locator("#id_milestones-0-text").fill("First visit of a delegation from Qingdao.")
    page.get_by_text("Add another Contact").click()
    page.locator("#id_contacts-0-side").select_option("embassy")
    page.locator("#id_contacts-0-organisation").fill("Royal Norwegian Embassy in Beijing")
    page.locator("#id_contacts-0-is_public").check()
    page.locator("#id_contacts-0-lawful_basis").select_option("public-role")
    page.get_by_role("button", name="Save and continue editing").first.click()

    expect(page.get_by_text("Summer 2004 (season), stored as 2004-22").first).to_be_visible()
    expect(page.get_by_text("is a draft: the public cannot see it")).to_be_visible()
    partnership = Partnership.objects.get(slug="tromso-qingdao")
    assert partnership.status == Partnership.Status.DRAFT
    assert partnership.milestones.get().date == "2001-05"

    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_text("Draft, not public.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tromsø – Qingdao")).to_be_visible()
    public_url = page.url

    anonymous = browser.new_page()
    response = anonymous.goto(public_url)
    assert response.status == 404

    page.go_back()
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    anonymous.goto(f"{live_server.url}/partnerships/")
    expect(anonymous.get_by_role("link", name="Tromsø – Qingdao")).to_be_visible()
    anonymous.get_by_role("link", name="Tromsø – Qingdao").click()
    expect(anonymous.get_by_text("Royal Norwegian Embassy in Beijing", exact=True)).to_be_visible()
    expect(anonymous.get_by_text("Draft, not public.")).to_have_count(0)
