"""Signing in with both factors in a real browser: the first time (setting up the app), and every time after."""

from base64 import b32decode

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.admin_helpers import PASSWORD, make_superuser, sign_in_browser

from .test_accessibility import violations


def code_for(secret, steps_ahead=0):
    """What an authenticator app shows for this base32 secret, `steps_ahead` periods of 30 seconds from now."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=steps_ahead):06d}"


@pytest.mark.django_db(transaction=True)
def test_the_first_sign_in_sets_up_the_app_and_the_next_asks_for_its_code(live_server, browser):
    make_superuser()
    page = browser.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    assert violations(page) == []
    secret = page.locator(".second-factor-secret").inner_text()
    page.locator("#id_code").fill(code_for(secret))
    page.get_by_role("button", name="Confirm and sign in").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    assert page.locator(".backup-codes li").count() == 10
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Keep the directory true")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.get_by_role("heading", name="Second step: a code")).to_be_visible()
    expect(page.get_by_role("heading", name="Keep the directory true")).to_have_count(0)
    assert violations(page) == []
    # The first code's 30 seconds may not be over: the app's next code, which the device also accepts.
    page.locator("#id_code").fill(code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Keep the directory true")).to_be_visible()
    assert User.objects.get(username="admin").totpdevice_set.get().confirmed


@pytest.mark.django_db(transaction=True)
def test_a_password_alone_shows_no_admin_page_in_the_browser(live_server, browser):
    make_superuser()
    sign_in_browser(browser.new_page(), live_server.url, "admin")  # the account has its app
    page = browser.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.get_by_role("heading", name="Second step: a code")).to_be_visible()
    page.goto(f"{live_server.url}/admin/directory/contact/")

    assert "/admin/login/" in page.url
    expect(page.locator("#id_username")).to_be_visible()
