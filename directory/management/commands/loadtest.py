import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from directory.models import Partnership

# Counts every answer outside 2xx (wrk itself counts only 4xx and 5xx) and reports wrk's errors.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d errors=%d p50=%.1f p99=%.1f\\n",
    summary.requests, total, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
RESULT = re.compile(r"RESULT requests=(\d+) non2xx=(\d+) errors=(\d+) p50=([\d.]+) p99=([\d.]+)")
HEADING = "## Load test"


class Command(BaseCommand):
    help = (
        "Load-test the site as production runs it: gunicorn with DEBUG off on a local port, wrk with many "
        "connections against the list, a filtered list, a detail page and the JSON twin. Run through "
        "`make loadtest`, which sets up a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8702)
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--duration", type=int, default=30, help="Seconds per URL.")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
        parser.add_argument("--synthetic", type=int, default=1000, help="Synthetic partnerships, if possible.")
        parser.add_argument("--output", metavar="FILE", help="Write the results under “Load test” in this file.")

    def handle(self, *args, port, connections, duration, workers, synthetic, output, **options):
        if settings.DEBUG:
            raise CommandError("Load-test production mode: run with DEBUG=False (`make loadtest` does).")
        self.prepare(synthetic)
        urls = self.urls()
        base = f"http://127.0.0.1:{port}"
        log = Path(settings.BASE_DIR) / "var" / "loadtest-server.log"
        with log.open("w") as server_log:
            gunicorn = ["gunicorn", "twinning.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
            server = subprocess.Popen(
                [sys.executable, "-m", *gunicorn],
                cwd=settings.BASE_DIR,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
            try:
                self.wait_for(base + "/healthz")
                rows = [(label, path, self.wrk(base + path, connections, duration)) for label, path in urls]
            finally:
                server.terminate()
                server.wait(timeout=30)
        server_errors = sum(" 500 " in line or " 503 " in line for line in log.open())
        report = self.report(rows, connections, duration, workers, server_errors)
        self.stdout.write(report)
        if output:
            write_section(Path(output), report)
        if any(result["errors"] or result["non2xx"] for _label, _path, result in rows):
            raise CommandError("Some requests failed or answered outside 2xx: see above.")

    def prepare(self, synthetic):
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_directory", verbosity=0)
        if synthetic and "generate_synthetic" in get_commands() and Partnership.objects.count() < synthetic:
            # The load test's database is its own (LOADTEST_DATABASE_URL): the listed agreements beside
            # synthetic ones, on purpose, so the URLs it loads are the real ones.
            call_command("generate_synthetic", partnerships=synthetic, seed=1, force=True)
        call_command("collectstatic", "--noinput", verbosity=0)

    def urls(self):
        partnership = Partnership.objects.published().select_related("norwegian_party").order_by("slug").first()
        if partnership is None:
            raise CommandError("No published partnership to load-test: is the database loaded?")
        place = partnership.norwegian_party.parent or partnership.norwegian_party
        return [
            ("list", "/partnerships/"),
            ("filtered list", f"/partnerships/?place={place.slug}&sort=-signed"),
            ("detail page", partnership.get_absolute_url()),
            ("JSON twin", "/partnerships.json"),
        ]

    def wait_for(self, url):
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise CommandError(f"The server did not answer {url}: see var/loadtest-server.log.")

    def wrk(self, url, connections, duration):
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_SCRIPT)
            script.flush()
            command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", script.name, url]
            self.stderr.write(" ".join(command))
            result = subprocess.run(command, capture_output=True, text=True, check=True)
        found = RESULT.search(result.stdout)
        requests, non2xx, errors = (int(found[n]) for n in (1, 2, 3))
        return {
            "requests": requests,
            "rate": requests / duration,
            "non2xx": non2xx,
            "errors": errors,
            "p50": float(found[4]),
            "p99": float(found[5]),
        }

    def report(self, rows, connections, duration, workers, server_errors):
        count = Partnership.objects.count()
        lines = [
            HEADING,
            "",
            f"`make loadtest`: wrk, {connections} connections, {duration} s per URL, against gunicorn "
            f"({workers} sync workers, DEBUG off, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}) "
            f"on 127.0.0.1, {count} partnerships in the database.",
            "",
            "| URL | requests | per second | median ms | 99th percentile ms | errors | non-2xx |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for label, path, r in rows:
            lines.append(
                f"| {label} `{path}` | {r['requests']} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
                f"| {r['errors']} | {r['non2xx']} |"
            )
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        lines += [
            "",
            f"Server log: {server_errors} answers with status 500 or 503. wrk's timeout: 10 s. "
            f"Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} cores; other work on the "
            "machine shares them, so read the throughput as a floor.",
            "",
        ]
        return "\n".join(lines)


def write_section(path, section):
    """Put the section under its heading in the file, replacing an earlier one and keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
