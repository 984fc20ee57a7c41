"""Datasette on the same rows (`make bench` with `--datasette`): the site's public CSV loaded into SQLite with
sqlite-utils, served by Datasette uncached, and loaded as our pages are. Datasette and sqlite-utils are
benchmark tools, installed in a virtualenv of their own (var/bench/tools), never in the site's environment."""

import json
import subprocess

from bench.serving import BENCH, PYTHON, ROOT, Server, load, load_average

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


def datasette_window_path(start, end):
    """The same window as our signed_from/signed_to: the date's last day in or after `start`, its first day in
    or before `end` (an unknown date, empty in the CSV, meets no window on either side)."""
    return f"{DATASETTE_TABLE}?signed_last_day__gte={start}-01-01&signed_first_day__lte={end}-12-31"


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
        self.wait_for("Datasette", "/-/versions.json")


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
