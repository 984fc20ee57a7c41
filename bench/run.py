"""`make bench` (`python -m bench.run`): load the directory's pages with wrk and write the figures to BENCHMARKS.md.

For each size (`--sizes`, default 10,000 partnerships) it builds a synthetic directory in a database of its
own (SQLite under var/bench/ unless DATABASE_URL names another), serves it with gunicorn in production mode
(DEBUG off) and loads pages with wrk. At the reference size (10,000 when among the sizes) every page is loaded
twice: warm (the page cache on) and cold (PAGE_CACHE_SECONDS=0, so every request renders the page); at the
other sizes the cold list, filtered list, search, detail and home page. The cold filtered list asks for a
different years window at each request (a wrk Lua script). A static file served by the same gunicorn through
whitenoise is the limit each page is measured against. With `--datasette` the same published partnerships
(the site's own `/partnerships.csv`) are loaded into SQLite with sqlite-utils and served by Datasette, uncached,
and its table page, the same years windows and a search are loaded the same way. It is a benchmark, not a
test: it reports, and says which targets of issues 6 and 18 are met, and for a miss where the time goes.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.against_datasette import datasette_phase, install_tools
from bench.report import REFERENCE_SIZE, SIZE_PAGES, reference_size, report, write
from bench.serving import BENCH, PYTHON, ROOT, Server, free_port, load, load_average, our_window_path, year_windows


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[REFERENCE_SIZE],
        metavar="N",
        help="how many synthetic partnerships, one database and one set of figures per size (default 10000)",
    )
    parser.add_argument("--partnerships", type=int, help="one size: the same as --sizes N")
    parser.add_argument("--datasette", action="store_true", help="also load Datasette serving the same rows")
    parser.add_argument("--reuse", action="store_true", help="keep a size's database made before with this seed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run (default 5)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8701, help="the first port to try")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    options = parser.parse_args()
    if options.partnerships:
        options.sizes = [options.partnerships]
    options.sizes = sorted(set(options.sizes))
    return options


def environment(size):
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        BENCH.mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{BENCH / f'db-{size}.sqlite3'}"
    env.update(
        DEBUG="False",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="twinning.settings",
    )
    return env


def manage(env, *arguments):
    print("$ manage.py", " ".join(arguments), flush=True)
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def pick_urls(env):
    """Addresses of each page, chosen from the synthetic directory just made."""
    script = """
import json, django
django.setup()
from django.db.models import Count
from directory.models import Partnership, Place, Topic
province = (Place.objects.filter(level="province", slug__startswith="synthetic-")
            .annotate(n=Count("children")).order_by("-n", "slug").first())
partnership = (Partnership.objects.published().filter(milestones__isnull=False, topics__isnull=False)
               .order_by("slug").first())
topic = Topic.objects.filter(parent=None, slug__startswith="synthetic-").order_by("slug").first()
print(json.dumps({"province": province.slug, "province_name": province.name, "partnership": partnership.slug,
                  "topic": topic.slug}))
"""
    result = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])  # the last line: logs may come before it
    manifest = json.loads((ROOT / "var" / "static" / "staticfiles.json").read_text())
    static = "/static/" + manifest["paths"]["css/site.css"]
    filters = f"place={found['province']}&topic={found['topic']}&signed_from=2000&signed_to=2015"
    return {
        "home": "/",
        "list": "/partnerships/",
        "filtered list": "/partnerships/?signed_from=2000&signed_to=2015",
        "search": f"/partnerships/?q={found['province_name'].lower()}",
        "detail": f"/partnerships/{found['partnership']}/",
        "place": f"/places/{found['province']}/",
        "JSON list": "/partnerships.json",
        "JSON filtered list": f"/partnerships.json?{filters}",
        "JSON detail": f"/partnerships/{found['partnership']}.json",
        "CSV export": "/partnerships.csv",
        "static file": static,
        "search word": found["province_name"].lower(),
    }


PAGE_TIMES = """
import json, sys, time, django
django.setup()
from django.db import connection
from django.test import Client

urls, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
client, found = Client(), {}
for page, url in urls.items():
    assert client.get(url).status_code == 200, url
    sql = {"queries": 0, "seconds": 0.0}

    def timed(execute, statement, parameters, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, parameters, many, context)
        finally:
            sql["queries"] += 1
            sql["seconds"] += time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            client.get(url)
    found[page] = {
        "ms": (time.perf_counter() - started) * 1000 / repeat,
        "cpu_ms": (time.process_time() - cpu) * 1000 / repeat,
        "sql_ms": sql["seconds"] * 1000 / repeat,
        "queries": sql["queries"] / repeat,
    }
print(json.dumps(found))
"""


def page_times(env, urls, repeat=3):
    """Where a cold page's time goes, in-process: milliseconds a request, of which SQL, and queries a request."""
    print("== in-process: queries and time per page", flush=True)
    pages = {page: urls[page] for page in SIZE_PAGES}
    cold = {**env, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "testserver", "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [PYTHON, "-c", PAGE_TIMES, json.dumps(pages), str(repeat)],
        cwd=ROOT,
        env=cold,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def phase(name, env, port, urls, options, pages, csv_to=None, window_paths=(), **extra_env):
    """Load each page (and the static file right after it) on one gunicorn; `csv_to` keeps its CSV there."""
    print(f"== {name}", flush=True)
    load_before = load_average()
    server = Server(env, port, options.workers, **extra_env)
    try:
        # The static file right after each page: on a shared machine the load drifts within a phase,
        # so each page is compared with the limit measured next to it.
        runs = []
        for page in pages:
            paths = window_paths if page == "filtered list" else ()
            run = load(server, page, urls[page], options, paths)
            if not run.skipped:
                run.static_per_second = load(server, "static file", urls["static file"], options).requests_per_second
            runs.append(run)
        csv = None
        if "CSV export" in pages and not next(run for run in runs if run.page == "CSV export").skipped:
            before = max(server.peak_memory_mb())
            _status, body, seconds = server.get(urls["CSV export"])
            csv = {
                "seconds": seconds,
                "rows": body.count(b"\n") - 1,
                "bytes": len(body),
                "peak_before_mb": before,
                "peak_after_mb": max(server.peak_memory_mb()),
            }
        if csv_to:
            status, body, _seconds = server.get(urls["CSV export"])
            if status != 200:
                raise SystemExit(f"/partnerships.csv answers {status}: Datasette has no rows to serve.")
            csv_to.write_bytes(body)
        memory = server.peak_memory_mb()
    finally:
        server.stop()
    return {"runs": runs, "memory": memory, "csv": csv, "load": (load_before, load_average())}


def prepare(env, size, options):
    """The size's database: migrated and filled with `size` synthetic partnerships (kept with --reuse)."""
    marker = BENCH / f"db-{size}.made.json"
    made = {"partnerships": size, "seed": options.seed}
    database = BENCH / f"db-{size}.sqlite3"
    reused = options.reuse and marker.exists() and json.loads(marker.read_text()) == made
    if not reused and env["DATABASE_URL"] == f"sqlite:///{database}":
        # A database of the bench's own is made anew: removing 100,000 synthetic partnerships row by row (their
        # milestones' and contacts' receivers) takes longer than making them.
        for path in BENCH.glob(f"db-{size}.sqlite3*"):
            path.unlink()
    manage(env, "migrate", "--noinput", "-v0")
    if reused:
        print(f"  keeping the database of {size:,} partnerships made before (--reuse)", flush=True)
        return 0.0
    marker.unlink(missing_ok=True)
    seconds = manage(env, "generate_synthetic", f"--partnerships={size}", f"--seed={options.seed}")
    if env["DATABASE_URL"].startswith("sqlite"):
        marker.write_text(json.dumps(made))
    return seconds


def main():
    options = parse_arguments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    started = datetime.datetime.now(datetime.UTC)
    reference = reference_size(options.sizes)
    windows = year_windows(seed=options.seed)
    port = free_port(options.port)
    sizes, results = [], {}
    if options.datasette:
        install_tools()
    for size in options.sizes:
        print(f"=== {size:,} partnerships", flush=True)
        env = environment(size)
        generated = prepare(env, size, options)
        manage(env, "collectstatic", "--noinput", "-v0")
        urls = pick_urls(env)
        window_paths = [our_window_path(*window) for window in windows]
        csv = BENCH / f"partnerships-{size}.csv" if options.datasette else None
        load_before = load_average()
        if size == reference:
            pages = [page for page in urls if page not in ("static file", "search word")]
            results["warm: page cache on"] = phase("warm: page cache on", env, port, urls, options, pages)
            cold = phase(
                "cold: page cache off", env, port, urls, options, pages, csv, window_paths, PAGE_CACHE_SECONDS="0"
            )
            results["cold: page cache off"] = cold
        else:
            cold = phase(
                f"cold, {size:,}", env, port, urls, options, SIZE_PAGES, csv, window_paths, PAGE_CACHE_SECONDS="0"
            )
        entry = {
            "partnerships": size,
            "generated": generated,
            "cold": {run.page: run for run in cold["runs"]},
            "load": (load_before, load_average()),
            "times": page_times(env, urls),
        }
        if options.datasette:
            entry["datasette"] = datasette_phase(size, csv, urls["search word"], windows, port, options)
        sizes.append(entry)
    block = report(options, env, sizes, results, started)
    write(options.output, block)
    print(block)


if __name__ == "__main__":
    main()
