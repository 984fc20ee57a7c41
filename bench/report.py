"""`make bench`'s report: the figures as BENCHMARKS.md shows them between its markers, and the targets of
issues 6 and 18, each met or missed with its figure and, for a miss, where the time goes."""

import os
import platform
import re
import sys
from pathlib import Path

from bench.against_datasette import DATASETTE_FACETS, DATASETTE_INDEXES, DATASETTE_PAGE_SIZE

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


def reference_size(sizes):
    """The size measured warm and cold on every page: 10,000 when among the sizes, else the middle one."""
    return REFERENCE_SIZE if REFERENCE_SIZE in sizes else sorted(sizes)[len(sizes) // 2]


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


# What each page's Python time goes to, as `bench/page_times.py --profile PAGE` shows it.
PYTHON_TIME = {
    "list": "Django's request handling, every place and topic read and ordered for the facets, 20 cards, the map",
    "filtered list": "as the list, and facet counts of the filtered rows (their SQL is the SQL figure)",
    "search": "as the filtered list",
    "detail": "Django's request handling, the page's map and template",
    "home": "Django's request handling, the map, the timeline and the template (the counts are one row)",
}


def time_spent(times, page=None):
    """One page's in-process figures, in words."""
    rest = times["ms"] - times["sql_ms"]
    where = PYTHON_TIME.get(page, "the view and its template")
    return (
        f"{times['ms']:.0f} ms a request in-process: {times['sql_ms']:.0f} ms in {times['queries']:g} queries (SQL), "
        f"{rest:.0f} ms in Python ({where})"
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
            line += f"; {time_spent(reference['times'][page], page)}"
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
                line += f"; {time_spent(size['times'][page], page)}"
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
        f"Command: `make bench` (`{' '.join(['python', '-m', 'bench.run', *sys.argv[1:]])}`): synthetic partnerships "
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
