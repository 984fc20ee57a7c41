"""Time each page in-process, uncached, against a synthetic directory: a quick look, not the benchmark.

    DATABASE_URL=sqlite:///$PWD/var/perf/db.sqlite3 .venv/bin/python bench/page_times.py [--repeat 20] [--profile list]

Each page is rendered by Django's test client with the page cache off (PAGE_CACHE_SECONDS=0) and DEBUG off,
after one warm-up request; it prints the median and best milliseconds of CPU time per page (the
process's own time, SQLite's included but not a PostgreSQL server's: steadier than wall time on a busy
machine), and the median wall time. `--profile PAGE` prints
cProfile's top functions for that page instead (SORT=tottime to order them by their own time, FILTER=a
regular expression to show only the functions whose file and name match it, e.g. FILTER=directory).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DEBUG="False",
    SECRET_KEY="bench-only-" + "x" * 50,
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="False",
    SECURE_HSTS_SECONDS="0",
    PAGE_CACHE_SECONDS="0",
    LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="twinning.settings",
)


def pages():
    from django.db.models import Count

    from directory.models import Partnership, Place, Topic

    province = (
        Place.objects.filter(level="province", slug__startswith="synthetic-")
        .annotate(n=Count("children"))
        .order_by("-n", "slug")
        .first()
    )
    partnership = (
        Partnership.objects.published().filter(milestones__isnull=False, topics__isnull=False).order_by("slug").first()
    )
    topic = Topic.objects.filter(parent=None, slug__startswith="synthetic-").order_by("slug").first()
    filters = f"place={province.slug}&topic={topic.slug}&signed_from=2000&signed_to=2015"
    return {
        "home": "/",
        "list": "/partnerships/",
        "filtered list": f"/partnerships/?{filters}",
        "search": f"/partnerships/?q={province.name.lower()}",
        "detail": partnership.get_absolute_url(),
        "place": province.get_absolute_url(),
        "JSON list": "/partnerships.json",
        "JSON filtered list": f"/partnerships.json?{filters}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", help="a page's name: profile it rather than time every page")
    parser.add_argument("--only", nargs="*", help="time only these pages")
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    client = Client()
    urls = pages()
    if arguments.profile:
        url = urls[arguments.profile]
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(arguments.repeat):
            client.get(url)
        profile.disable()
        stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(os.environ.get("FILTER", ""), 45)
        return
    for page, url in urls.items():
        if arguments.only and page not in arguments.only:
            continue
        assert client.get(url).status_code == 200, url
        cpu, wall = [], []
        for _ in range(arguments.repeat):
            started, started_wall = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        print(
            f"{page:20} CPU median {statistics.median(cpu):6.1f} ms, best {min(cpu):6.1f} ms;"
            f" wall median {statistics.median(wall):6.1f} ms   {url}"
        )


if __name__ == "__main__":
    main()
