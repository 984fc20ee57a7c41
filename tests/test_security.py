"""Production settings pass Django's deployment check; every answer carries the security headers."""

import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def manage(*arguments, **environment):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "friendship.example.org"}


def test_production_settings_pass_the_deployment_check_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


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
