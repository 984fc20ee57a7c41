"""The parts of `make bench` that can be checked without loading a server: reading wrk, writing the report."""

import importlib.util
from pathlib import Path

import pytest

from directory.models import Partnership

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8701/partnerships/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.61ms    3.02ms  41.20ms   88.10%
    Req/Sec     1.36k   120.33     1.60k    70.00%
  Latency Distribution
     50%  650.00us
     75%    6.10ms
     90%    8.00ms
     99%    1.20s
  21680 requests in 8.00s, 660.12MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2709.85
Transfer/sec:     82.49MB
"""


def test_wrk_output_gives_the_rate_the_percentiles_in_milliseconds_and_the_errors(bench):
    rate, p50, p99, errors = bench.parse_wrk(WRK_OUTPUT)

    assert rate == pytest.approx(2709.85)
    assert p50 == pytest.approx(0.65)
    assert p99 == pytest.approx(1200)
    assert errors == "Non-2xx or 3xx responses: 3"


def test_the_report_replaces_only_the_figures_between_its_markers(bench, tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\nWritten by hand.\n\n{bench.START}\nold figures\n{bench.END}\n\nMore by hand.\n")

    bench.write(path, f"{bench.START}\nnew figures\n{bench.END}")

    text = path.read_text()
    assert "new figures" in text
    assert "old figures" not in text
    assert text.startswith("# Benchmarks\n\nWritten by hand.\n")
    assert text.endswith("More by hand.\n")


@pytest.mark.django_db
def test_the_load_test_puts_synthetic_partnerships_beside_the_listed_agreements():
    """`make loadtest` prepares a database of its own: the eight agreements and synthetic ones with them."""
    from directory.management.commands.loadtest import Command

    Command().prepare(synthetic=30)

    assert Partnership.objects.filter(slug="stavanger-ningbo").exists()
    assert Partnership.objects.count() >= 30
