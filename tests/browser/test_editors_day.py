"""An editor's day in a real browser, with the admin in English, Norwegian and Chinese: sign in, open every listed
partnership and save it unchanged (nothing changes), correct a date written the editor's way, add a milestone,
restore an earlier version. And two editors on one entry: the second is told, and keeps their input.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
"""

import pytest
from django.forms.models import model_to_dict
from django.utils import translation
from playwright.sync_api import expect
from reversion.models import Version

from directory.models import Partnership
from tests.admin_helpers import make_editor, sign_in_browser

# What the editor types, as their language writes dates; and what it is stored as.
DAYS = {
    "en": {"signed": ("3 May 2004", "2004-05-03"), "milestone": ("Autumn 2003", "2003-23")},
    "nb": {"signed": ("3. mai 2004", "2004-05-03"), "milestone": ("høsten 2003", "2003-23")},
    "zh-hans": {"signed": ("2004年5月3日", "2004-05-03"), "milestone": ("2003年秋季", "2003-23")},
}


def speak(page, site, language):
    """Choose the admin's language under Language at the top of the page, as the README says."""
    page.goto(f"{site}/admin/")
    page.locator("#admin-language").select_option(language)
    page.locator("form.admin-language button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def as_stored(partnership):
    """Everything an editor can change on a partnership's page, its milestones and contacts included."""
    partnership = Partnership.objects.get(pk=partnership.pk)
    fields = model_to_dict(partnership, exclude=["id"])
    fields["topics"] = sorted(topic.pk for topic in fields["topics"])
    fields["milestones"] = [model_to_dict(milestone, exclude=["version"]) for milestone in partnership.milestones.all()]
    fields["contacts"] = [model_to_dict(contact, exclude=["version"]) for contact in partnership.contacts.all()]
    return fields


def save_button(page):
    return page.locator("input[name=_save]").last


def saved(page):
    expect(page.locator(".messagelist .success").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


@pytest.mark.parametrize("language", list(DAYS))
def test_an_editor_s_day_in_each_language(site, page, language):
    page.set_default_timeout(15_000)
    make_editor("kari")
    sign_in_browser(page, site, "kari")
    speak(page, site, language)

    # Open every listed partnership and save it unchanged: saved, and nothing changed.
    with translation.override(language):
        no_change = translation.gettext("No fields changed.")
    for partnership in Partnership.objects.order_by("slug"):
        before = as_stored(partnership)
        page.goto(f"{site}/admin/directory/partnership/{partnership.pk}/change/")
        save_button(page).click()
        saved(page)
        assert as_stored(partnership) == before, partnership.slug
        assert Version.objects.get_for_object(partnership).first().revision.comment == no_change

    # Correct a date, written the editor's way.
    stavanger_ningbo = Partnership.objects.get(slug="stavanger-ningbo")
    change_page = f"{site}/admin/directory/partnership/{stavanger_ningbo.pk}/change/"
    written, stored = DAYS[language]["signed"]
    page.goto(change_page)
    page.locator("#id_signed").fill(written)
    page.locator("input[name=_continue]").last.click()
    saved(page)
    expect(page.locator("#id_signed")).to_have_value(written)
    assert Partnership.objects.get(pk=stavanger_ningbo.pk).signed == stored

    # Add a milestone.
    written, stored = DAYS[language]["milestone"]
    page.locator("#milestones-group .add-row a").click()
    page.locator("#id_milestones-0-date").fill(written)
    page.locator("#id_milestones-0-text").fill("The first delegation from Ningbo visited Stavanger.")
    page.locator("input[name=_continue]").last.click()
    saved(page)
    assert [milestone.date for milestone in stavanger_ningbo.milestones.all()] == [stored]

    # Restore the version before the day's changes: the date as it was, and no milestone.
    page.goto(f"{change_page.removesuffix('change/')}history/")
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    expect(page.locator("#id_signed")).not_to_have_value(DAYS[language]["signed"][0])
    save_button(page).click()
    saved(page)
    restored = Partnership.objects.get(pk=stavanger_ningbo.pk)
    assert restored.signed == "2004-22"
    assert not restored.milestones.exists()


def test_two_editors_on_one_entry_the_second_is_told_and_keeps_their_input(site, browser):
    make_editor("kari")
    make_editor("li")
    kari_context, li_context = browser.new_context(), browser.new_context()
    kari, li = kari_context.new_page(), li_context.new_page()
    for editor, name in ((kari, "kari"), (li, "li")):
        editor.set_default_timeout(15_000)
        sign_in_browser(editor, site, name)
    partnership = Partnership.objects.get(slug="bergen-dalian")
    change_page = f"{site}/admin/directory/partnership/{partnership.pk}/change/"
    kari.goto(change_page)
    li.goto(change_page)

    kari.locator("#id_summary").fill("Bergen and Dalian cooperate on ports and schools.")
    save_button(kari).click()
    saved(kari)
    li.locator("#id_signed_at").fill("Dalian")
    save_button(li).click()

    expect(li.locator(".errornote")).to_be_visible()
    expect(li.get_by_text("Someone else saved this partnership after you opened it")).to_be_visible()
    expect(li.get_by_text("kari", exact=False).first).to_be_visible()
    expect(li.locator("#id_signed_at")).to_have_value("Dalian")
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.summary == "Bergen and Dalian cooperate on ports and schools."
    assert stored.signed_at != "Dalian"

    save_button(li).click()
    saved(li)
    assert Partnership.objects.get(pk=partnership.pk).signed_at == "Dalian"
    kari_context.close()
    li_context.close()
