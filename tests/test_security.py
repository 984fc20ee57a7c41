"""Production settings pass Django's deployment check; every answer carries the security headers."""

import os
import re
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def manage(*arguments, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "friendship.example.org"}


def test_production_settings_pass_the_deployment_check_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced check is axes.W006 ("lock by address too"): settings.py says why the directory
    # locks accounts by username only.
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert settings.SILENCED_SYSTEM_CHECKS == ["axes.W006"]


def test_the_deployment_check_does_warn_when_https_is_switched_off():
    """The check above can fail: plain HTTP is reported, as it should be."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="False", **PRODUCTION)

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def production_settings(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_plain_http_is_redirected_to_https(client, settings):
    production_settings(settings)

    response = client.get("/partnerships/")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://testserver/partnerships/"


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted_and_hsts_sent(client, settings, listed_agreements):
    production_settings(settings)

    response = client.get("/partnerships/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == HTTPStatus.OK
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_admin_login_sets_secure_http_only_cookies(client, settings, db):
    production_settings(settings)

    response = client.get(reverse("admin:login"), secure=True)

    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


PAGES = [
    pytest.param("/", id="home"),
    pytest.param("/partnerships/", id="list"),
    pytest.param("/partnerships/stavanger-ningbo/", id="detail"),
    pytest.param("/partnerships.json", id="data"),
    pytest.param("/admin/login/", id="admin-login"),
    pytest.param("/no-such-page/", id="not-found"),
]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers(client, listed_agreements, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("directive", ["script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri"])
def test_the_content_security_policy_allows_no_inline_code(client, listed_agreements, directive):
    policy = client.get("/partnerships/")["Content-Security-Policy"]

    assert directive in policy


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def admin_pages(user):
    """The admin's index and, for every registered model, its list and (where the admin allows it) add pages."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def assert_no_inline_code(path, html):
    for pattern, what in INLINE_CODE:
        found = pattern.search(html)
        context = html[found.start() : found.start() + 80] if found else ""
        assert found is None, f"{path} has an {what}, which the policy blocks: {context}"


def test_the_admin_needs_no_inline_script_or_style(admin_client, listed_agreements):
    anonymous = Client()
    assert_no_inline_code("/admin/login/", anonymous.get(reverse("admin:login")).content.decode())
    user = get_user_model().objects.get(username="admin")
    pages = [
        *admin_pages(user),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:second_factor"),
        reverse("admin:sign_in_set_up"),
    ]

    for path in pages:
        response = admin_client.get(path, follow=True)  # the publisher's list leads to its one row
        assert response.status_code == HTTPStatus.OK, path
        assert_no_inline_code(path, response.content.decode())


def test_public_pages_need_no_inline_script_or_style(client, listed_agreements):
    for path in ["/", "/partnerships/", "/partnerships/stavanger-ningbo/", "/places/stavanger/", "/no-such-page/"]:
        assert_no_inline_code(path, client.get(path).content.decode())


def test_the_inline_code_check_finds_inline_code():
    for html in ["<script>alert(1)</script>", '<p style="color:red">', '<a onclick="x()">', "<style>p{}</style>"]:
        with pytest.raises(AssertionError):
            assert_no_inline_code("/", html)
    assert_no_inline_code("/", '<script src="/static/a.js"></script><script type="application/ld+json">{}</script>')
