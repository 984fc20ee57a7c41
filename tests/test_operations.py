"""What operators rely on: readiness, metrics behind a token, JSON log lines, releases, backups."""

import io
import json
import logging
import os
import subprocess
import sys
import tarfile
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from directory.models import Partnership
from twinning.logs import JsonLinesFormatter
from twinning.middleware import RequestIdFilter

from .test_outages import unreachable_database

ROOT = Path(__file__).resolve().parent.parent


def settings_in_a_fresh_interpreter(expression, **environment):
    """A setting's value as gunicorn or manage.py would see it, started with this environment: the last line
    of the result's stdout (log lines come before it)."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "LOG_FORMAT", "RELEASE_ID"}}
    env.update({"DEBUG": "True", **environment})
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; import django; django.setup(); print({expression})"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "twinning.settings"},
        capture_output=True,
        text=True,
    )


# Readiness: /readyz
def test_readyz_is_ready_once_every_migration_is_applied(client, db, settings):
    settings.RELEASE_ID = "2026-11-30.1"

    response = client.get("/readyz")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ready", "release": "2026-11-30.1"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_not_ready_while_a_migration_is_pending(client, db):
    latest = MigrationRecorder.Migration.objects.filter(app="directory").order_by("-name").first()
    latest.delete()  # as the database looks before `manage.py release` has migrated it

    response = client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "migrations pending"
    assert response.json()["pending"] == [f"directory.{latest.name}"]
    assert response["Retry-After"] == "30"


def test_readyz_is_not_ready_while_the_database_is_lost(client, db):
    with unreachable_database():
        response = client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "database": "unreachable (OperationalError)"}


# Metrics: /metrics
def test_metrics_are_not_found_without_a_token_configured(client, db, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic c2NyYXBlcjpzM2NyM3Q=", "s3cr3t"])
def test_metrics_are_not_found_without_the_right_token(client, db, settings, authorization):
    settings.METRICS_TOKEN = "s3cr3t"
    headers = {"Authorization": authorization} if authorization else {}

    assert client.get("/metrics", headers=headers).status_code == HTTPStatus.NOT_FOUND


def test_metrics_with_the_token_count_requests(client, listed_agreements, settings):
    settings.METRICS_TOKEN = "s3cr3t"
    client.get("/partnerships/")

    response = client.get("/metrics", headers={"Authorization": "Bearer s3cr3t"})

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert 'django_http_responses_total_by_status_total{status="200"}' in response.content.decode()


# Logs as JSON lines
@pytest.fixture
def json_log():
    """What the request log writes with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("twinning.requests")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_json_log_lines_carry_the_request_id(client, db, json_log):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})

    [line] = json_log.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"] == "lb-7f3a.42"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "twinning.requests"
    assert entry["message"].startswith("GET /healthz 200 ")


def test_a_json_log_line_holds_the_traceback_on_one_line():
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (), None)
        record.exc_info = sys.exc_info()
    record.request_id = "abc"

    line = JsonLinesFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc"
    assert "ZeroDivisionError" in entry["traceback"]


def test_with_log_format_json_the_site_logs_json_lines_and_a_wrong_format_is_refused():
    logged = settings_in_a_fresh_interpreter(
        "__import__('logging').getLogger('twinning.check').warning('written as %s', 'JSON')", LOG_FORMAT="json"
    )
    wrong = settings_in_a_fresh_interpreter("1", LOG_FORMAT="xml")

    entries = [json.loads(line) for line in logged.stdout.splitlines() if line.startswith("{")]
    assert {
        "logger": "twinning.check",
        "level": "WARNING",
        "message": "written as JSON",
        "request_id": "-",
    }.items() <= (entries[-1].items()), logged.stdout + logged.stderr
    assert "LOG_FORMAT must be text or json" in wrong.stderr


# What several app servers share
def test_the_release_id_comes_from_the_environment():
    result = settings_in_a_fresh_interpreter("settings.RELEASE_ID", RELEASE_ID="2026-11-30.2")

    assert result.stdout.splitlines()[-1] == "2026-11-30.2", result.stderr


def test_an_import_waits_in_the_shared_cache_when_there_is_one():
    """The import's preview and its confirmation may reach different app servers: with Redis, the file waits
    there, not on one machine's disk."""
    shared = settings_in_a_fresh_interpreter(
        "getattr(settings, 'IMPORT_EXPORT_TMP_STORAGE_CLASS', 'temporary file')", REDIS_URL="redis://127.0.0.1:1/0"
    )
    alone = settings_in_a_fresh_interpreter("getattr(settings, 'IMPORT_EXPORT_TMP_STORAGE_CLASS', 'temporary file')")

    assert shared.stdout.splitlines()[-1] == "import_export.tmp_storages.CacheStorage", shared.stderr
    assert alone.stdout.splitlines()[-1] == "temporary file", alone.stderr


# manage.py release
@pytest.fixture
def release_paths(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.RELEASE_ID_FILE = tmp_path / "var" / "release-id"
    return settings


def test_a_release_collects_static_files_loads_the_directory_and_records_its_id(db, release_paths, capsys):
    call_command("release", "--id", "2026-11-30.3")

    assert release_paths.RELEASE_ID_FILE.read_text() == "2026-11-30.3\n"
    assert (release_paths.STATIC_ROOT / "css" / "site.css").exists()
    assert (release_paths.STATIC_ROOT / "admin" / "css" / "base.css").exists()
    assert Partnership.objects.filter(slug="stavanger-ningbo").exists()
    assert "Release 2026-11-30.3 recorded" in capsys.readouterr().out


@pytest.mark.parametrize("release_id", ["two words", "../escape", "x" * 65, "naïve"])
def test_a_release_id_that_is_not_a_plain_name_is_refused_before_anything_changes(db, release_paths, release_id):
    with pytest.raises(CommandError, match="A release id is 1 to 64 letters"):
        call_command("release", "--id", release_id)

    assert not release_paths.RELEASE_ID_FILE.exists()
    assert not release_paths.STATIC_ROOT.exists()


# manage.py backup and restore (the whole round trip runs in `make cluster-check`, on PostgreSQL)
def a_backup(path, manifest, members):
    with tarfile.open(path, "w") as archive:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def test_a_damaged_backup_is_refused_before_the_database_is_touched(db, tmp_path):
    dump, export = b"a dump", b"[]\n"
    manifest = {
        "release": "r",
        "taken": "2026-11-30T00:00:00+00:00",
        "partnerships": 0,
        "files": {
            "database.dump": {"bytes": len(dump), "sha256": "0" * 64},
            "directory.json": {"bytes": len(export), "sha256": "0" * 64},
        },
    }
    path = a_backup(tmp_path / "damaged.tar", manifest, {"database.dump": dump, "directory.json": export})
    tables = connection.introspection.table_names()

    with pytest.raises(CommandError, match=r"damaged: the checksum of database\.dump does not match"):
        call_command("restore", str(path))

    assert connection.introspection.table_names() == tables


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    path = tmp_path / "notes.tar"
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo("notes.txt")
        archive.addfile(info, io.BytesIO(b""))

    with pytest.raises(CommandError, match="is not a backup of the directory"):
        call_command("restore", str(path))


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite only")
def test_on_sqlite_a_backup_says_what_to_do_instead(db, tmp_path):
    with pytest.raises(CommandError, match=r"copy var/db\.sqlite3 while the site is stopped"):
        call_command("backup", "--output-dir", str(tmp_path))

    assert not list(tmp_path.iterdir())


def test_the_probes_answer_over_plain_http_where_everything_else_is_redirected(client, db, settings):
    """A release asks each app server for /readyz, and Prometheus for /metrics, on its private address."""
    settings.SECURE_SSL_REDIRECT = True
    settings.METRICS_TOKEN = "s3cr3t"

    assert client.get("/readyz").status_code == HTTPStatus.OK
    assert client.get("/healthz").status_code == HTTPStatus.OK
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cr3t"}).status_code == HTTPStatus.OK
    assert client.get("/partnerships/").status_code == HTTPStatus.MOVED_PERMANENTLY
