"""Backups of the whole PostgreSQL database that can be checked and restored (`manage.py backup`, `restore`).

A backup is one tar file holding three members:

- `database.dump`: `pg_dump --format=custom` of the whole database (accounts, sessions, history included);
- `directory.json`: `export_directory`'s JSON of the same moment, readable by people and `load_directory`;
- `manifest.json`: the release that took it, when, the latest migration of each app, and each member's
  size and SHA-256.

Both members are read from one snapshot (`pg_dump --snapshot`), so they agree row for row: after a
restore, the restored database's export must equal `directory.json`, which `restore` checks.
"""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from .loading import export_json
from .models import Partnership

DUMP = "database.dump"
EXPORT = "directory.json"
MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why and what was left unchanged."""


def _postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups are taken with pg_dump, of a PostgreSQL database (DATABASE_URL=postgres://...). "
            "On SQLite, copy var/db.sqlite3 while the site is stopped."
        )


def libpq_environment():
    """The connection settings as libpq's environment variables, so that no password is on a command line."""
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if database.get(key):
            environment[variable] = str(database[key])
    environment["PGDATABASE"] = database["NAME"]
    return environment


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _latest_migrations():
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def take(output_dir):
    """Write a backup into `output_dir` and return its path."""
    _postgresql()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    taken = datetime.datetime.now(datetime.UTC)
    release = settings.RELEASE_ID or "unreleased"
    path = output_dir / f"twinning-{taken:%Y%m%dT%H%M%SZ}-{release}.tar"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with transaction.atomic(), connection.cursor() as cursor:
            # One snapshot for the dump and the export: the export below reads in this transaction,
            # and pg_dump reads the snapshot it exports.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            [snapshot] = cursor.fetchone()
            dumped = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={work / DUMP}"],
                env=libpq_environment(), capture_output=True, text=True,
            )  # fmt: skip
            if dumped.returncode:
                raise BackupError(f"pg_dump failed: {dumped.stderr.strip()}")
            (work / EXPORT).write_text(export_json(), encoding="utf-8")
            manifest = {
                "format": FORMAT,
                "release": settings.RELEASE_ID,
                "taken": taken.isoformat(timespec="seconds"),
                "database": settings.DATABASES["default"]["NAME"],
                "partnerships": Partnership.objects.count(),
                "migrations": _latest_migrations(),
                "files": {name: {"bytes": (work / name).stat().st_size, "sha256": _sha256(work / name)}
                          for name in (DUMP, EXPORT)},
            }  # fmt: skip
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            for name in (MANIFEST, DUMP, EXPORT):
                archive.add(work / name, arcname=name)
        partial.replace(path)
    return path


def read_manifest(path):
    with tarfile.open(path) as archive, archive.extractfile(MANIFEST) as member:
        return json.load(member)


def read(path, work):
    """Unpack the backup at `path` into `work` and return its manifest, once every member's checksum holds."""
    try:
        with tarfile.open(path) as archive:
            names = set(archive.getnames())
            if not {MANIFEST, DUMP, EXPORT} <= names:
                raise BackupError(f"{path} is not a backup of the directory: it lacks {MANIFEST}, {DUMP} or {EXPORT}.")
            for name in (MANIFEST, DUMP, EXPORT):
                member = archive.extractfile(name)
                if member is None:
                    raise BackupError(f"{path} is not a backup of the directory: {name} is not a file.")
                with member, open(Path(work) / name, "wb") as file:
                    while block := member.read(1 << 20):
                        file.write(block)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from None
    manifest = json.loads((Path(work) / MANIFEST).read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        if _sha256(Path(work) / name) != expected["sha256"]:
            raise BackupError(f"{path} is damaged: the checksum of {name} does not match its manifest.")
    return manifest


@dataclass
class Restored:
    manifest: dict
    seconds: float
    compared: bool  # the restored directory was compared with the backup's export (and is identical)


def restore(path):
    """Restore the backup at `path` into the configured database, which must be empty.

    The file is checked before anything is written. After pg_restore, the restored directory is compared
    with the backup's export when the schema is this release's; a backup from an older release is not
    compared (the caller migrates it).
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        manifest = read(path, work)
        _postgresql()
        tables = connection.introspection.table_names()
        if tables:
            raise BackupError(
                f"The database {settings.DATABASES['default']['NAME']} is not empty ({len(tables)} tables): "
                "restore only into a new, empty database (createdb NAME). Nothing was changed."
            )
        connection.close()
        restored = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={settings.DATABASES['default']['NAME']}", str(Path(work) / DUMP)],
            env=libpq_environment(), capture_output=True, text=True,
        )  # fmt: skip
        if restored.returncode:
            raise BackupError(f"pg_restore failed, and restored nothing: {restored.stderr.strip()}")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        compared = not pending
        if compared and export_json() != (Path(work) / EXPORT).read_text(encoding="utf-8"):
            raise BackupError(
                "The restored database's directory differs from the backup's directory.json: do not serve it."
            )
    return Restored(manifest, time.perf_counter() - started, compared)


def describe(manifest):
    return (
        f"release {manifest['release'] or 'none recorded'}, taken {manifest['taken']}, "
        f"{manifest['partnerships']} partnerships"
    )
