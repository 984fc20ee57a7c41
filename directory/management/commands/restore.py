from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from directory import backups


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the database of DATABASE_URL, which must be new "
        "and empty. The file's checksums are checked first; after the restore, the directory is compared with "
        "the backup's export_directory JSON. A backup from an older release is then migrated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A backup file (twinning-....tar).")

    def handle(self, *args, file, **options):
        try:
            restored = backups.restore(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        summary = f"Restored {file} ({backups.describe(restored.manifest)}) in {restored.seconds:.1f} s"
        if restored.compared:
            self.stdout.write(self.style.SUCCESS(f"{summary}; the directory is identical to the backup's export."))
            return
        self.stdout.write(f"{summary}; it comes from an older release's schema: migrating.")
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Restored and migrated."))
