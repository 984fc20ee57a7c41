"""A lost database answers 503 everywhere and heals by itself; a lost cache breaks nothing."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.urls import reverse

from .admin_helpers import authenticator_app, current_code
from .public_urls import public_routes

ROOT = Path(__file__).resolve().parent.parent


def public_paths():
    """One path per public route, with the slugs of the listed agreements."""
    values = {"slug": "stavanger-ningbo"}
    paths = []
    for route in public_routes():
        arguments = {name: values.get(name, "1") for name, _is_int in route.parameters}
        path = route.path(**arguments)
        if route.name in ("directory:place-detail", "directory:place-image"):
            path = route.path(slug="stavanger")
        paths.append(path)
    return paths


# /healthz and /readyz answer in JSON and have their own tests (/readyz in tests/test_operations.py);
# robots.txt, the open data page and the icons are the same whatever the database does.
ICONS = {"/favicon.ico", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png", "/icon-192.png"}
NEEDS_NO_DATABASE = {"/healthz", "/readyz", "/robots.txt", "/data/", *ICONS}


def unreachable_database():
    """The database refuses every new cursor, as it does when its server is down."""
    refusal = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return mock.patch.object(connection, "ensure_connection", side_effect=refusal)


def test_every_page_answers_503_with_a_friendly_page_while_the_database_is_lost(client, listed_agreements):
    client.raise_request_exception = False
    with unreachable_database():
        answers = {path: client.get(path) for path in public_paths() if path not in NEEDS_NO_DATABASE}

    for path, response in answers.items():
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, path
        assert response["Retry-After"] == "30", path
        body = response.content.decode()
        assert "Traceback" not in body
        assert "Connection refused" not in body
        if path.endswith((".json", ".csv", ".ics")):
            assert "database" in response.json()["errors"]
        else:
            assert "The directory is back shortly" in body
            assert 'class="site-header"' in body, "the 503 page keeps the site's look"


def test_the_open_data_page_is_served_while_the_database_is_lost(client, listed_agreements):
    with unreachable_database():
        response = client.get("/nb/data/")

    assert response.status_code == HTTPStatus.OK
    assert "Åpne data" in response.text


def test_the_site_recovers_by_itself_when_the_database_returns(client, listed_agreements):
    with unreachable_database():
        assert client.get("/partnerships/").status_code == HTTPStatus.SERVICE_UNAVAILABLE

    response = client.get("/partnerships/")

    assert response.status_code == HTTPStatus.OK
    assert "Stavanger" in response.content.decode()


def test_healthz_says_the_database_is_missing_and_recovers(client, db):
    with unreachable_database():
        lost = client.get("/healthz")
    found = client.get("/healthz")

    assert lost.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert lost.json() == {"status": "unavailable", "database": "unreachable (OperationalError)", "cache": "ok"}
    assert found.status_code == HTTPStatus.OK
    assert found.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def closed_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lost_cache(settings):
    """A Redis cache whose server is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }


def test_a_lost_cache_breaks_no_public_page(client, listed_agreements, lost_cache):
    for path in public_paths():
        response = client.get(path)

        assert response.status_code == HTTPStatus.OK, path


def test_healthz_reports_a_lost_cache_but_stays_up(client, db, lost_cache):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["cache"] == "unreachable (ConnectionError)"


def test_editors_log_in_while_the_cache_is_lost(client, db, lost_cache):
    device = authenticator_app(get_user_model().objects.create_superuser("editor", password="a long passphrase"))

    password = client.post(
        reverse("admin:login"), {"username": "editor", "password": "a long passphrase", "next": "/admin/"}
    )
    code = client.post(password.url, {"code": current_code(device)})

    assert code.status_code == HTTPStatus.FOUND
    assert client.get("/admin/").status_code == HTTPStatus.OK


@pytest.fixture(scope="module")
def production_server():
    """gunicorn in production mode, its database a PostgreSQL server that is not there."""
    port = closed_port()
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "a-test-only-key-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{closed_port()}/lost",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "twinning.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_production_server_without_its_database_answers_503_on_every_page(production_server):
    for path in public_paths():
        if path in NEEDS_NO_DATABASE - {"/healthz"}:
            continue
        status, headers, body = fetch(production_server + path)

        assert status == HTTPStatus.SERVICE_UNAVAILABLE, (path, body[:300])
        assert headers["Retry-After"] == "30"
        assert "Traceback" not in body
    status, _headers, body = fetch(production_server + "/partnerships/")
    assert '<link rel="stylesheet" href="/static/css/site.' in body, "the 503 page is styled by collected static files"
    status, _headers, body = fetch(production_server + "/healthz")
    assert '"database": "unreachable (OperationalError)"' in body


def test_the_icons_are_served_while_the_database_is_lost(client, db):
    with unreachable_database():
        answers = {path: client.get(path) for path in ICONS}

    assert {path: response.status_code for path, response in answers.items()} == dict.fromkeys(ICONS, HTTPStatus.OK)
