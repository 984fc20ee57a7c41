from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.loading import export_json


class Command(BaseCommand):
    help = (
        "Write the whole directory (places, topics, partnerships with drafts, milestones, contacts with "
        "private ones) as one fixture file that `load_directory --from FILE` restores into an empty database. "
        "It is a backup for staff: keep it private. Edit history is not part of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="FILE", help="Write to this file instead of standard output.")

    def handle(self, *args, output, **options):
        text = export_json()
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from None
        self.stderr.write(f"Wrote the directory to {output}.")
