"""What every measurement of `make bench` shares: gunicorn serving a database on a local port, wrk loading
an address (or the years windows in turn, through a Lua script) and what wrk says."""

import json
import random
import re
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


def free_port(first):
    for port in range(first, first + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"No free port from {first} to {first + 99}.")


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
        self.wait_for("gunicorn", "/healthz")

    def wait_for(self, name, path):
        """Wait until the server answers `path`; stop it and the run if it does not within a minute."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + path, timeout=5)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"{name} did not answer {path} within a minute.")

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


def load_average():
    """The machine's one-minute load average: other work on it skews every figure."""
    return float(Path("/proc/loadavg").read_text().split()[0])
