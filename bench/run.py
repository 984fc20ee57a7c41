"""`make bench`: load the directory's pages with wrk and write the figures to BENCHMARKS.md.

It builds a synthetic directory in a database of its own (SQLite under var/bench/ unless DATABASE_URL names
another), serves it with gunicorn in production mode (DEBUG off) and loads each page with wrk, twice: warm
(the page cache on) and cold (PAGE_CACHE_SECONDS=0, so every request renders the page). A static file
served by the same gunicorn through whitenoise is the limit each page is measured against. It is a
benchmark, not a test: it reports, and says which targets of issue 6 are met.
"""

import argparse
import datetime
import json
import os
import platform
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

    @property
    def ratio(self):
        return self.requests_per_second / self.static_per_second


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run (default 5)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8701, help="the first port to try")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args()


def free_port(first):
    for port in range(first, first + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"No free port from {first} to {first + 99}.")


def environment():
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'db.sqlite3'}"
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
        "list": "/partnerships/",
        "filtered list": f"/partnerships/?{filters}",
        "search": f"/partnerships/?q={found['province_name'].lower()}",
        "detail": f"/partnerships/{found['partnership']}/",
        "place": f"/places/{found['province']}/",
        "JSON list": "/partnerships.json",
        "JSON filtered list": f"/partnerships.json?{filters}",
        "JSON detail": f"/partnerships/{found['partnership']}.json",
        "CSV export": "/partnerships.csv",
        "static file": static,
    }


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


def load(server, page, url, options):
    run = Run(page, url)
    status, _body, _seconds = server.get(url)
    if status == 404:
        run.skipped = "answers 404: not on this branch yet"
        return run
    if status != 200:
        run.skipped = f"answers {status}"
        return run
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{options.duration}s", "--latency"]
    output = subprocess.run([*command, server.base + url], check=True, capture_output=True, text=True).stdout
    run.requests_per_second, run.p50_ms, run.p99_ms, run.errors = parse_wrk(output)
    print(f"  {page:20} {run.requests_per_second:8.0f} req/s  p50 {run.p50_ms:6.1f}  p99 {run.p99_ms:6.1f} ms")
    return run


def phase(name, env, port, urls, options, **extra_env):
    print(f"== {name}", flush=True)
    load_before = load_average()
    server = Server(env, port, options.workers, **extra_env)
    try:
        # The static file right after each page: on a shared machine the load drifts within a phase,
        # so each page is compared with the limit measured next to it.
        runs = []
        for page, url in urls.items():
            if page == "static file":
                continue
            run = load(server, page, url, options)
            if not run.skipped:
                run.static_per_second = load(server, "static file", urls["static file"], options).requests_per_second
            runs.append(run)
        csv = None
        if not next(run for run in runs if run.page == "CSV export").skipped:
            before = max(server.peak_memory_mb())
            _status, body, seconds = server.get(urls["CSV export"])
            csv = {
                "seconds": seconds,
                "rows": body.count(b"\n") - 1,
                "bytes": len(body),
                "peak_before_mb": before,
                "peak_after_mb": max(server.peak_memory_mb()),
            }
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


def report(options, env, results, generated_seconds, started):
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    lines = [
        START,
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"Command: `make bench` (`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`): {options.partnerships:,} "
        f"synthetic partnerships (seed {options.seed}, made in {generated_seconds:.1f} s) on {database}; gunicorn "
        f"with {options.workers} sync workers, DEBUG off; `wrk -t{options.threads} -c{options.connections} "
        f"-d{options.duration}s --latency` per page, on the same machine as the server.",
        "",
    ]
    for name, result in results.items():
        lines += [
            f"### {name}",
            "",
            "| page | requests/s | static file's, right after | × static file | p50 ms | p99 ms | notes |",
        ]
        lines += ["|---|---:|---:|---:|---:|---:|---|"]
        for run in result["runs"]:
            if run.skipped:
                lines.append(f"| {run.page} (`{run.url}`) | | | | | | skipped: {run.skipped} |")
                continue
            lines.append(
                f"| {run.page} (`{run.url}`) | {run.requests_per_second:,.0f} | {run.static_per_second:,.0f} | "
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

    lines += ["### Targets (issue 6)", ""]
    warm, cold = results["warm: page cache on"], results["cold: page cache off"]
    for page in TARGET_PAGES:
        warm_run = next(run for run in warm["runs"] if run.page == page)
        cold_run = next(run for run in cold["runs"] if run.page == page)
        warm_ratio, cold_ratio = warm_run.ratio, cold_run.ratio
        lines.append(
            f"- {page}, warm ≥ {WARM_RATIO} × static: {verdict(warm_ratio >= WARM_RATIO, f'{warm_ratio:.2f}')}"
        )
        lines.append(
            f"- {page}, cold ≥ {COLD_RATIO} × static: {verdict(cold_ratio >= COLD_RATIO, f'{cold_ratio:.2f}')}"
        )
        lines.append(
            f"- {page}, warm p99 < {P99_MS} ms: {verdict(warm_run.p99_ms < P99_MS, f'{warm_run.p99_ms:.1f} ms')}"
        )
    if csv := cold["csv"]:
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


def main():
    options = parse_arguments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    started = datetime.datetime.now(datetime.UTC)
    env = environment()
    manage(env, "migrate", "--noinput", "-v0")
    generated = manage(env, "generate_synthetic", f"--partnerships={options.partnerships}", f"--seed={options.seed}")
    manage(env, "collectstatic", "--noinput", "-v0")
    urls = pick_urls(env)
    port = free_port(options.port)
    results = {
        "warm: page cache on": phase("warm: page cache on", env, port, urls, options),
        "cold: page cache off": phase("cold: page cache off", env, port, urls, options, PAGE_CACHE_SECONDS="0"),
    }
    block = report(options, env, results, generated, started)
    write(options.output, block)
    print(block)


if __name__ == "__main__":
    main()
