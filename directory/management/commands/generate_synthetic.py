import time

from django.core.management.base import BaseCommand, CommandError

from directory import synthetic


class Command(BaseCommand):
    help = (
        "Replace the synthetic directory (every slug starting with 'synthetic-') with N made-up partnerships, "
        "the same for the same seed. For benchmarks and tests: refuses a database that holds real partnerships."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=1000, metavar="N", help="How many (default 1000).")
        parser.add_argument("--seed", type=int, default=1, metavar="S", help="The same seed makes the same data.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic rows even though the database holds real partnerships (never in production).",
        )

    def handle(self, *args, partnerships, seed, force, **options):
        if partnerships < 0:
            raise CommandError("--partnerships must be 0 or more.")
        started = time.perf_counter()
        try:
            counts = synthetic.generate(partnerships, seed, force=force)
        except synthetic.NotSynthetic as error:
            raise CommandError(str(error)) from None
        made = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Made {made} in {time.perf_counter() - started:.1f} s (seed {seed})."))
