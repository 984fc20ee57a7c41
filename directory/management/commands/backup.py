from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory import backups


class Command(BaseCommand):
    help = (
        "Back up the whole PostgreSQL database into one file: pg_dump's custom format and export_directory's "
        "JSON of the same moment, with the release id and each part's SHA-256. `manage.py restore FILE` "
        "restores it into an empty database. It holds private data: keep it where only staff can read it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=settings.BASE_DIR / "var" / "backups",
            metavar="DIR",
            help="Where to write the backup (default: var/backups).",
        )

    def handle(self, *args, output_dir, **options):
        try:
            path = backups.take(output_dir)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backups.read_manifest(path)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({backups.describe(manifest)}, {path.stat().st_size:,} bytes).")
        )
