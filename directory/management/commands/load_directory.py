from django.core.management.base import BaseCommand, CommandError

from directory.loading import DEFAULT_FIXTURES, LoadError, load


class Command(BaseCommand):
    help = (
        "Load the listed agreements (places, topics, partnerships) from the fixtures. Safe on every "
        "deployment: adds what is missing and keeps what editors changed, unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Take the fixtures' version of records that differ, naming each one replaced.",
        )
        parser.add_argument(
            "--from",
            dest="paths",
            nargs="+",
            metavar="FILE",
            default=DEFAULT_FIXTURES,
            help="Load these files instead of the fixtures of the listed agreements.",
        )

    def handle(self, *args, paths, update, **options):
        try:
            report = load(paths, update=update)
        except LoadError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        for label in report.translated:
            self.stdout.write(f"Filled in the missing translations of {label}")
        for label in report.replaced:
            self.stdout.write(f"Replaced {label}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
