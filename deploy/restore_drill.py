"""`make restore-drill`: how long a backup and a restore of the synthetic 10,000-partnership directory take.

On a PostgreSQL database of its own (twinning_drill_<pid>, on 127.0.0.1:5432): migrate, make 10,000
synthetic partnerships (`generate_synthetic`), take a backup (`manage.py backup`), restore it into a fresh
database (`manage.py restore`, which checks the file and compares the restored directory with the backup's
JSON), and print the times and the file's size. Both databases are dropped at the end. The README's figure
comes from here.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("DRILL_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PARTNERSHIPS = int(os.environ.get("DRILL_PARTNERSHIPS", "10000"))


def manage(database, *arguments):
    environment = {**os.environ, "DEBUG": "True", "DATABASE_URL": f"{POSTGRES}/{database}", "LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout, time.perf_counter() - started


def postgres(statement):
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def main():
    database = f"twinning_drill_{os.getpid()}"
    restored = f"{database}_restored"
    postgres(f'CREATE DATABASE "{database}"')
    try:
        with tempfile.TemporaryDirectory() as backups:
            manage(database, "migrate", "--noinput")
            manage(database, "generate_synthetic", "--partnerships", str(PARTNERSHIPS), "--seed", "1")
            output, backup_seconds = manage(database, "backup", "--output-dir", backups)
            path = Path(re.search(r"Wrote (\S+\.tar)", output)[1])
            postgres(f'CREATE DATABASE "{restored}"')
            output, restore_seconds = manage(restored, "restore", str(path))
            if "identical" not in output:
                sys.exit(f"The restore did not compare the directory with the backup's: {output}")
            print(
                f"restore-drill: {PARTNERSHIPS} synthetic partnerships: backup {backup_seconds:.1f} s "
                f"({path.stat().st_size / 1_000_000:.1f} MB), restore into a fresh database {restore_seconds:.1f} s "
                "(checked, and the directory compared with the backup's export: identical)",
                flush=True,
            )
    finally:
        for name in (restored, database):
            postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
