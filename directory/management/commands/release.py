import datetime
import os
import re

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from directory import ancestry, tallies
from directory.models import Place, Topic

RELEASE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class Command(BaseCommand):
    help = (
        "Make this checkout the release ID: collect its static files, migrate the shared database, load the "
        "listed agreements, and record the release id in var/release-id, which the app servers read when they "
        "start (the page cache keys pages by it). Safe to run on every app server of a release, one after another."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--id",
            dest="release_id",
            metavar="ID",
            help="The release's id (letters, digits, '.', '_', '-'); default: RELEASE_ID, else the time in UTC.",
        )

    def handle(self, *args, release_id, **options):
        release_id = (
            release_id or os.environ.get("RELEASE_ID") or datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        )
        if not RELEASE_ID.fullmatch(release_id):
            raise CommandError(f"A release id is 1 to 64 letters, digits, '.', '_' or '-', not {release_id!r}.")
        verbosity = options["verbosity"]
        # Static files first: they touch only this checkout, so a broken one stops the release before the
        # shared database changes. The folder keeps earlier files; nothing is cleared.
        self.stdout.write(f"Release {release_id}: collecting static files into {settings.STATIC_ROOT}")
        call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
        # Migrations keep the previous release working (README, "The rule for migrations"), so its app
        # servers carry on serving while this runs and until each is restarted.
        self.stdout.write(f"Release {release_id}: migrating the database")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        # The trees' closure tables, put right for any edit of a place or topic the previous release made, and
        # the directory's counts, for any edit it made (it marks none: directory/tallies.py).
        with tallies.held():
            ancestry.sync(Place)
            ancestry.sync(Topic)
            tallies.recount()
        self.stdout.write(f"Release {release_id}: loading the listed agreements")
        call_command("load_directory", verbosity=verbosity)
        path = settings.RELEASE_ID_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        written = path.with_name(path.name + ".new")
        written.write_text(release_id + "\n", encoding="utf-8")
        written.replace(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Release {release_id} recorded in {path}: restart the app servers one at a time, each once the "
                "one before answers /readyz."
            )
        )
