"""`make bench`: load the directory's pages with wrk and write the figures to BENCHMARKS.md.

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
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# Issue 6's targets, as ratios of the static file's throughput and in milliseconds.
WARM_RATIO, COLD_RATIO, P99_MS, CSV_SECONDS, WORKER_MB = 0.8, 0.1, 50, 2, 150
TARGET_PAGES = ("list", "filtered list", "detail")
# Issue 18's: the cold pages measured at every size, those held to COLD_RATIO at 10,000, those held to
# DATASETTE_TIMES Datasette's rate, those whose cost may grow at most GROWTH_TIMES from the smallest size to
# the largest, and the queries a page may make (the same at every size).
SIZE_PAGES = ("list", "filtered list", "search", "detail", "home")
COLD_TARGET_PAGES = ("list", "filtered list", "detail", "home")
DATASETTE_PAGES = ("list", "filtered list", "search")
DATASETTE_TIMES, DATASETTE_TARGET_PAGES = 10, ("list", "filtered list")
GROWTH_TIMES, GROWTH_PAGES = 3, ("list", "home")
MAX_QUERIES = 8
REFERENCE_SIZE = 10_000
# The years the synthetic agreements are signed in (directory/synthetic.py): every window inside them.
FIRST_YEAR, LAST_YEAR = 1980, 2024
BENCH = ROOT / "var" / "bench"


@dataclass
class Run:
    page: str
    url: str
    requests_per_second: float = 0
    p50_ms: float = 0
    p99_ms: float = 0
    errors: str = ""
    skipped: str = ""
    static_per_second: float = 0  # the static file's rate, measured right after this page
    paths: tuple = ()  # when given, each request asks for the next of these (a wrk Lua script)

    @property
    def ratio(self):
        return self.requests_per_second / self.static_per_second if self.static_per_second else 0

    @property
    def shown_url(self):
        if self.paths:
            return f"`{self.paths[0]}` and on: {len(self.paths):,} years windows in turn, one a request"
        return f"`{self.url}`"


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


def reference_size(sizes):
    """The size measured warm and cold on every page: 10,000 when among the sizes, else the middle one."""
    return REFERENCE_SIZE if REFERENCE_SIZE in sizes else sorted(sizes)[len(sizes) // 2]


def free_port(first):
    for port in range(first, first + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"No free port from {first} to {first + 99}.")


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


def year_windows(first=FIRST_YEAR, last=LAST_YEAR, seed=1):
    """Every window of years (from, to) with first <= from <= to <= last, in an order shuffled by the seed.

    Shuffled so that the first requests of a short run are not all the widest windows (from 1980): a run of any
    length asks for windows of every width.
    """
    windows = [(start, end) for start in range(first, last + 1) for end in range(start, last + 1)]
    random.Random(seed).shuffle(windows)
    return windows


def our_window_path(start, end):
    return f"/partnerships/?signed_from={start}&signed_to={end}"


def datasette_window_path(start, end):
    """The same window as our signed_from/signed_to: the date's last day in or after `start`, its first day in
    or before `end` (an unknown date, empty in the CSV, meets no window on either side)."""
    return f"{DATASETTE_TABLE}?signed_last_day__gte={start}-01-01&signed_first_day__lte={end}-12-31"


def wrk_script(paths, threads):
    """A wrk Lua script asking for the next of these paths at each request.

    Each of wrk's threads starts at its own index and steps by the number of threads, so that no two requests
    of a run ask for the same path until every path has been asked for once.
    """
    quoted = ",\n".join(f"  {json.dumps(path)}" for path in paths)
    return (
        f"local paths = {{\n{quoted}\n}}\n"
        "local created = 0\n"
        "function setup(thread)\n"
        '  thread:set("first", created)\n'
        "  created = created + 1\n"
        "end\n"
        "function init(args)\n"
        "  counter = first or 0\n"
        "end\n"
        "function request()\n"
        "  local path = paths[(counter % #paths) + 1]\n"
        f"  counter = counter + {threads}\n"
        "  return wrk.format(nil, path)\n"
        "end\n"
    )


class Server:
    """gunicorn serving the bench database, as the Procfile does, on a local port."""

    def __init__(self, env, port, workers, **extra_env):
        self.base = f"http://127.0.0.1:{port}"
        command = [PYTHON, "-m", "gunicorn", "twinning.wsgi", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra_env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=5)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz within a minute.")

    def workers(self):
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def peak_memory_mb(self):
        """Each worker's peak resident memory (VmHWM) so far, in MB."""
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024)
        return peaks

    def get(self, url):
        """(status, bytes, seconds) of one request."""
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + url, timeout=60) as response:
                body = response.read()
                return response.status, body, time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, b"", time.perf_counter() - started

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


# Datasette on the same rows: a benchmark tool, installed in a virtualenv of its own (var/bench/tools), never
# in the site's environment.
TOOLS = BENCH / "tools"
DATASETTE_REQUIREMENTS = ("datasette>=0.65,<0.66", "sqlite-utils>=3.36,<4")
DATASETTE_DATABASE = "twinning"
DATASETTE_TABLE = f"/{DATASETTE_DATABASE}/partnerships"
# The CSV's columns the site filters on (kind, Chinese party, the signing dates) and those its search reads.
DATASETTE_INDEXES = ("kind", "chinese_party", "norwegian_party", "signed_first_day", "signed_last_day")
DATASETTE_SEARCHED = (
    "title",
    "summary",
    "signed_at",
    "norwegian_party_name",
    "norwegian_party_native_name",
    "norwegian_party_region",
    "chinese_party_name",
    "chinese_party_native_name",
    "chinese_party_region",
    "topic_names",
)
DATASETTE_FACETS = ("kind", "chinese_party")
# As many rows a page as our list shows (directory/views: 25 a page); Datasette's default is 100.
DATASETTE_PAGE_SIZE = 25


def install_tools():
    """Datasette and sqlite-utils in var/bench/tools (made once): their dependencies stay out of the site's."""
    if not (TOOLS / "bin" / "datasette").exists() or not (TOOLS / "bin" / "sqlite-utils").exists():
        print("$ installing Datasette and sqlite-utils in", TOOLS, flush=True)
        subprocess.run([PYTHON, "-m", "venv", str(TOOLS)], check=True)
        subprocess.run([TOOLS / "bin" / "pip", "install", "--quiet", *DATASETTE_REQUIREMENTS], check=True)
    return TOOLS / "bin"


def datasette_database_commands(sqlite_utils, database, csv):
    """sqlite-utils's commands loading the public CSV into `database`, with indexes and full-text search."""
    return [
        [
            str(sqlite_utils),
            "insert",
            str(database),
            "partnerships",
            str(csv),
            "--csv",
            "--detect-types",
            "--pk",
            "slug",
        ],
        *([str(sqlite_utils), "create-index", str(database), "partnerships", column] for column in DATASETTE_INDEXES),
        [str(sqlite_utils), "enable-fts", str(database), "partnerships", *DATASETTE_SEARCHED, "--fts5"],
        [str(sqlite_utils), "analyze", str(database)],
    ]


def datasette_metadata():
    """Datasette's metadata: the table's facets, as our list offers kind and Chinese party."""
    return {"databases": {DATASETTE_DATABASE: {"tables": {"partnerships": {"facets": list(DATASETTE_FACETS)}}}}}


def datasette_command(datasette, database, metadata, port):
    """Datasette serving `database`, uncached: no Cache-Control max-age, every request runs its queries."""
    return [
        str(datasette),
        "serve",
        str(database),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(metadata),
        "--setting",
        "default_cache_ttl",
        "0",
        "--setting",
        "default_page_size",
        str(DATASETTE_PAGE_SIZE),
    ]


def datasette_urls(search_word):
    return {
        "list": DATASETTE_TABLE,
        "filtered list": datasette_window_path(2000, 2015),
        "search": f"{DATASETTE_TABLE}?_search={search_word}",
    }


class Datasette(Server):
    """Datasette serving one size's rows on a local port (one process: that is how it serves)."""

    def __init__(self, command, port):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/-/versions.json", timeout=5)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit("Datasette did not answer /-/versions.json within a minute.")


def datasette_phase(size, csv, search_word, windows, port, options):
    """Build the Datasette database of this size from the site's CSV, serve it and load its three pages."""
    print(f"== Datasette, {size:,} partnerships", flush=True)
    tools = install_tools()
    folder = BENCH / f"datasette-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    database, metadata = folder / f"{DATASETTE_DATABASE}.db", folder / "metadata.json"
    database.unlink(missing_ok=True)
    for command in datasette_database_commands(tools / "sqlite-utils", database, csv):
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    metadata.write_text(json.dumps(datasette_metadata()))
    rows = int(
        subprocess.run(
            [tools / "sqlite-utils", str(database), "select count(*) from partnerships", "--csv", "--no-headers"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    load_before = load_average()
    server = Datasette(datasette_command(tools / "datasette", database, metadata, port), port)
    try:
        urls = datasette_urls(search_word)
        paths = [datasette_window_path(*window) for window in windows]
        runs = {
            page: load(server, page, urls[page], options, paths if page == "filtered list" else ()) for page in urls
        }
    finally:
        server.stop()
    return {"runs": runs, "rows": rows, "load": (load_before, load_average())}


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


UNITS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """Requests/s, p50 and p99 (ms) and any errors from `wrk --latency` output."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1])
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])
    errors = [line.strip() for line in output.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return rate, p50, p99, "; ".join(errors)


def load(server, page, url, options, paths=()):
    """wrk on one address, or with `paths` on each of them in turn (the first checked before the load)."""
    run = Run(page, url, paths=tuple(paths))  # wrk is given `url`; the script asks for the paths
    status, _body, _seconds = server.get(paths[0] if paths else url)
    if status == 404:
        run.skipped = "answers 404: not on this branch yet"
        return run
    if status != 200:
        run.skipped = f"answers {status}"
        return run
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{options.duration}s", "--latency"]
    if paths:
        script = BENCH / "paths.lua"
        script.write_text(wrk_script(paths, options.threads))
        command += ["-s", str(script)]
    output = subprocess.run([*command, server.base + url], check=True, capture_output=True, text=True).stdout
    run.requests_per_second, run.p50_ms, run.p99_ms, run.errors = parse_wrk(output)
    print(f"  {page:20} {run.requests_per_second:8.0f} req/s  p50 {run.p50_ms:6.1f}  p99 {run.p99_ms:6.1f} ms")
    return run


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


def load_average():
    """The machine's one-minute load average: other work on it skews every figure."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists() and (match := re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())):
        cpu = match[1].strip()
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory[1]) // 1024 // 1024} GB RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def verdict(met, detail):
    return f"{'met' if met else '**missed**'} ({detail})"


def rate(run):
    return run.requests_per_second if run and not run.skipped else 0


def time_spent(times):
    """One page's in-process figures, in words."""
    rest = times["ms"] - times["sql_ms"]
    return (
        f"{times['ms']:.0f} ms a request in-process: {times['sql_ms']:.0f} ms in {times['queries']:g} queries (SQL), "
        f"{rest:.0f} ms in Python (the view, with the list's facet counts, and its template)"
    )


def size_tables(sizes):
    """The cold pages side by side per size, Datasette beside them, and where the time goes."""
    names = [f"{size['partnerships']:,}" for size in sizes]
    growing = len(sizes) > 1
    head = "| page, cold | " + " | ".join(names) + (f" | cost grows {names[0]} → {names[-1]} |" if growing else " |")
    lines = [
        "### How cost grows (cold: page cache off)",
        "",
        "Requests/s, and × the static file measured right after. The cost's growth is the requests/s at the "
        "smallest size over those at the largest.",
        "",
        head,
        "|---|" + "---:|" * (len(sizes) + growing),
    ]
    for page in SIZE_PAGES:
        cells = []
        for size in sizes:
            run = size["cold"].get(page)
            cells.append("skipped" if not rate(run) else f"{run.requests_per_second:,.0f} ({run.ratio:.2f} ×)")
        if growing:
            first, last = rate(sizes[0]["cold"].get(page)), rate(sizes[-1]["cold"].get(page))
            cells.append(f"{first / last:.1f}×" if first and last else "")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += ["", "Where a cold page's time goes, measured in-process (Django's test client, no server):", ""]
    lines += ["| page | " + " | ".join(names) + " |", "|---|" + "---:|" * len(sizes)]
    for page in SIZE_PAGES:
        cells = []
        for size in sizes:
            times = size["times"][page]
            cells.append(f"{times['ms']:.0f} ms, SQL {times['sql_ms']:.0f} ms in {times['queries']:g} queries")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append("")
    measured = [size for size in sizes if size.get("datasette")]
    if measured:
        lines += [
            "### Datasette on the same rows",
            "",
            "The site's `/partnerships.csv` loaded into SQLite by sqlite-utils (indexes on "
            f"{', '.join(DATASETTE_INDEXES)}; full-text search on the text columns), served by `datasette` "
            f"(one process, `default_cache_ttl 0`, {DATASETTE_PAGE_SIZE} rows a page, facets on "
            f"{' and '.join(DATASETTE_FACETS)}). Our requests/s / Datasette's; the filtered list asks both for the "
            "same years windows.",
            "",
            "| page | "
            + " | ".join(f"{size['partnerships']:,} ({size['datasette']['rows']:,} rows)" for size in measured)
            + " |",
            "|---|" + "---:|" * len(measured),
        ]
        for page in DATASETTE_PAGES:
            cells = []
            for size in measured:
                ours, theirs = rate(size["cold"].get(page)), rate(size["datasette"]["runs"].get(page))
                ratio = f" = {ours / theirs:.2f}×" if ours and theirs else ""
                cells.append(f"{ours:,.0f} / {theirs:,.0f}{ratio}" if theirs else f"{ours:,.0f} / none finished")
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
        lines.append("")
        notes = [
            f"- Datasette, {size['partnerships']:,}, {run.page}: {run.skipped or run.errors}"
            for size in measured
            for run in size["datasette"]["runs"].values()
            if run.skipped or run.errors
        ]
        lines += [*notes, ""] if notes else []
        lines += [
            "Datasette's load average (1 min): "
            + "; ".join(
                f"{size['partnerships']:,}: {size['datasette']['load'][0]:.1f} before, "
                f"{size['datasette']['load'][1]:.1f} after"
                for size in measured
            )
            + ".",
            "",
        ]
    return lines


def size_targets(sizes, reference, warm):
    """Issue 18's targets, each met or missed with its figure; a miss says where the time goes."""
    lines = ["### Targets (issue 18)", ""]
    at = f"at {reference['partnerships']:,}" + ("" if reference["partnerships"] == REFERENCE_SIZE else " (not 10,000)")
    for page in COLD_TARGET_PAGES:
        run = reference["cold"][page]
        line = f"- {page}, cold, {at}: ≥ {COLD_RATIO} × static: {verdict(run.ratio >= COLD_RATIO, f'{run.ratio:.2f}')}"
        if run.ratio < COLD_RATIO:
            line += f"; {time_spent(reference['times'][page])}"
        lines.append(line)
    for size in sizes:
        if not size.get("datasette"):
            continue
        for page in DATASETTE_TARGET_PAGES:
            ours, theirs = rate(size["cold"][page]), rate(size["datasette"]["runs"][page])
            if not theirs:
                lines.append(
                    f"- {page}, cold, at {size['partnerships']:,}: ≥ {DATASETTE_TIMES}× Datasette: not measured: "
                    f"Datasette finished no request while wrk ran (ours: {ours:,.0f} requests/s)"
                )
                continue
            times = ours / theirs
            line = f"- {page}, cold, at {size['partnerships']:,}: ≥ {DATASETTE_TIMES}× Datasette: " + verdict(
                times >= DATASETTE_TIMES, f"{times:.2f}×: {ours:,.0f} / {theirs:,.0f} requests/s"
            )
            if times < DATASETTE_TIMES:
                line += f"; {time_spent(size['times'][page])}"
            lines.append(line)
    if not any(size.get("datasette") for size in sizes):
        lines.append(f"- ≥ {DATASETTE_TIMES}× Datasette: not measured (run with `--datasette`).")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        span = f"{first['partnerships']:,} → {last['partnerships']:,}"
        for page in GROWTH_PAGES:
            before, after = rate(first["cold"][page]), rate(last["cold"][page])
            grows = before / after if after else float("inf")
            met = verdict(grows <= GROWTH_TIMES, f"{grows:.1f}×")
            line = f"- {page}, cold, cost grows {span}: ≤ {GROWTH_TIMES}×: {met}"
            if grows > GROWTH_TIMES:
                small, large = first["times"][page], last["times"][page]
                line += (
                    f"; in-process {small['ms']:.0f} → {large['ms']:.0f} ms a request, of which SQL "
                    f"{small['sql_ms']:.0f} → {large['sql_ms']:.0f} ms and Python "
                    f"{small['ms'] - small['sql_ms']:.0f} → {large['ms'] - large['sql_ms']:.0f} ms"
                )
            lines.append(line)
    else:
        lines.append(f"- cost's growth ≤ {GROWTH_TIMES}×: not measured (one size; `--sizes 1000 10000 100000`).")
    if warm:
        for run in warm["runs"]:
            if run.skipped or run.page == "CSV export":
                continue
            line = f"- {run.page}, warm ≥ {WARM_RATIO} × static: {verdict(run.ratio >= WARM_RATIO, f'{run.ratio:.2f}')}"
            if run.ratio < WARM_RATIO:
                line += "; a cached page is Django's middlewares, one data-version query and one cache read"
            lines.append(line)
    for page in SIZE_PAGES:
        counts = [size["times"][page]["queries"] for size in sizes]
        figure = ", ".join(f"{count:g}" for count in counts)
        steady = len(set(counts)) == 1 and max(counts) <= MAX_QUERIES
        lines.append(f"- {page}: queries constant and ≤ {MAX_QUERIES}: {verdict(steady, figure)}")
    lines.append("")
    return lines


def report(options, env, sizes, results, started):
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    reference = next(size for size in sizes if size["partnerships"] == reference_size(options.sizes))
    made = ", ".join(f"{size['partnerships']:,} in {size['generated']:.0f} s" for size in sizes)
    lines = [
        START,
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"Command: `make bench` (`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`): synthetic partnerships "
        f"(seed {options.seed}; made: {made}), each size in a database of its own, on {database}; gunicorn with "
        f"{options.workers} sync workers, DEBUG off; `wrk -t{options.threads} -c{options.connections} "
        f"-d{options.duration}s --latency` per page, on the same machine as the server. Every page below at "
        f"{reference['partnerships']:,}; the cold list, filtered list, search, detail and home page at each size.",
        "",
    ]
    for name, result in results.items():
        lines += [
            f"### {name}, {reference['partnerships']:,} partnerships",
            "",
            "| page | requests/s | static file's, right after | × static file | p50 ms | p99 ms | notes |",
        ]
        lines += ["|---|---:|---:|---:|---:|---:|---|"]
        for run in result["runs"]:
            if run.skipped:
                lines.append(f"| {run.page} ({run.shown_url}) | | | | | | skipped: {run.skipped} |")
                continue
            lines.append(
                f"| {run.page} ({run.shown_url}) | {run.requests_per_second:,.0f} | {run.static_per_second:,.0f} | "
                f"{run.ratio:.2f} | {run.p50_ms:.1f} | {run.p99_ms:.1f} | {run.errors} |"
            )
        peaks = ", ".join(f"{mb:.0f}" for mb in result["memory"])
        lines += ["", f"Load average (1 min) {result['load'][0]:.1f} before, {result['load'][1]:.1f} after."]
        lines += ["", f"Peak memory (VmHWM) of each worker: {peaks} MB.", ""]
        if csv := result["csv"]:
            lines += [
                f"CSV export, one request: {csv['rows']:,} rows, {csv['bytes'] / 1e6:.1f} MB "
                f"in {csv['seconds']:.2f} s; "
                f"largest worker peak {csv['peak_before_mb']:.0f} MB before, {csv['peak_after_mb']:.0f} MB after.",
                "",
            ]
    for size in sizes:
        if size is not reference:
            lines.append(
                f"Cold at {size['partnerships']:,}: load average (1 min) {size['load'][0]:.1f} before, "
                f"{size['load'][1]:.1f} after."
            )
    lines += ["", *size_tables(sizes)]
    lines += size_targets(sizes, reference, results.get("warm: page cache on"))

    lines += ["### Other targets (issue 6)", ""]
    warm = results["warm: page cache on"]
    for page in TARGET_PAGES:
        warm_run = next(run for run in warm["runs"] if run.page == page)
        lines.append(
            f"- {page}, warm p99 < {P99_MS} ms: {verdict(warm_run.p99_ms < P99_MS, f'{warm_run.p99_ms:.1f} ms')}"
        )
    if csv := results["cold: page cache off"]["csv"]:
        seconds = csv["seconds"]
        lines.append(
            f"- CSV export of every row < {CSV_SECONDS} s: {verdict(seconds < CSV_SECONDS, f'{seconds:.2f} s')}"
        )
    else:
        lines.append("- CSV export: not measured (`/partnerships.csv` answers 404 on this branch).")
    peak = max(max(result["memory"]) for result in results.values())
    lines.append(f"- each worker < {WORKER_MB} MB: {verdict(peak < WORKER_MB, f'largest peak {peak:.0f} MB')}")
    lines += ["", END]
    return "\n".join(lines)


def write(path, block):
    text = path.read_text() if path.exists() else "# Benchmarks\n\n" + START + "\n" + END + "\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    path.write_text(before + block + after)


def prepare(env, size, options):
    """The size's database: migrated and filled with `size` synthetic partnerships (kept with --reuse)."""
    marker = BENCH / f"db-{size}.made.json"
    made = {"partnerships": size, "seed": options.seed}
    manage(env, "migrate", "--noinput", "-v0")
    if options.reuse and marker.exists() and json.loads(marker.read_text()) == made:
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
