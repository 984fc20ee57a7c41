"""The parts of `make bench` that can be checked without loading a server: reading wrk, the years windows each
request of the cold filtered list asks for, the Datasette database's commands, writing the report and its
verdicts on issue 18's targets."""

import pytest

from bench import against_datasette, report, serving
from directory.data import PUBLIC_CSV_COLUMNS
from directory.models import Partnership

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


def test_wrk_output_gives_the_rate_the_percentiles_in_milliseconds_and_the_errors():
    rate, p50, p99, errors = serving.parse_wrk(WRK_OUTPUT)

    assert rate == pytest.approx(2709.85)
    assert p50 == pytest.approx(0.65)
    assert p99 == pytest.approx(1200)
    assert errors == "Non-2xx or 3xx responses: 3"


def test_the_report_replaces_only_the_figures_between_its_markers(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\nWritten by hand.\n\n{report.START}\nold figures\n{report.END}\n\nMore by hand.\n")

    report.write(path, f"{report.START}\nnew figures\n{report.END}")

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


def test_the_years_windows_are_every_window_inside_the_synthetic_years_once_in_an_order_the_seed_fixes():
    windows = serving.year_windows(1980, 1989, seed=1)

    assert len(windows) == len(set(windows)) == 10 * 11 // 2
    assert all(1980 <= start <= end <= 1989 for start, end in windows)
    assert windows == serving.year_windows(1980, 1989, seed=1)
    assert windows != serving.year_windows(1980, 1989, seed=2)
    assert windows != sorted(windows), "shuffled, so that a short run asks for windows of every width"


def test_a_years_window_asks_our_list_and_datasette_for_the_same_partnerships():
    assert serving.our_window_path(2000, 2015) == "/partnerships/?signed_from=2000&signed_to=2015"
    # Ours: the date's interval meets the years (its last day from 2000 on, its first day up to 2015).
    assert against_datasette.datasette_window_path(2000, 2015) == (
        "/twinning/partnerships?signed_last_day__gte=2000-01-01&signed_first_day__lte=2015-12-31"
    )


def test_the_wrk_script_asks_for_each_path_in_turn_each_thread_from_its_own_start():
    paths = ["/partnerships/?signed_from=2000&signed_to=2001", "/partnerships/?signed_from=1999&signed_to=2024"]

    script = serving.wrk_script(paths, threads=3)

    assert script.startswith('local paths = {\n  "/partnerships/?signed_from=2000&signed_to=2001",\n')
    assert script.count("/partnerships/") == 2
    assert 'thread:set("first", created)' in script
    assert "counter = counter + 3\n" in script
    assert "return wrk.format(nil, path)" in script


def test_the_datasette_database_is_the_public_csv_with_indexes_on_the_filters_and_search_on_the_texts():
    commands = against_datasette.datasette_database_commands("/tools/sqlite-utils", "/x/twinning.db", "/x/rows.csv")

    assert commands[0] == [
        "/tools/sqlite-utils", "insert", "/x/twinning.db", "partnerships", "/x/rows.csv",
        "--csv", "--detect-types", "--pk", "slug",
    ]  # fmt: skip
    indexed = [command[-1] for command in commands if command[1] == "create-index"]
    assert indexed == ["kind", "chinese_party", "norwegian_party", "signed_first_day", "signed_last_day"]
    fts = next(command for command in commands if command[1] == "enable-fts")
    assert {"title", "summary", "chinese_party_name", "topic_names"} <= set(fts)
    assert commands[-1] == ["/tools/sqlite-utils", "analyze", "/x/twinning.db"]
    # Every column it names is one the public CSV has: renaming one there would break the comparison.
    named = {
        *against_datasette.DATASETTE_INDEXES,
        *against_datasette.DATASETTE_SEARCHED,
        *against_datasette.DATASETTE_FACETS,
    }
    assert named <= set(PUBLIC_CSV_COLUMNS)


def test_datasette_serves_uncached_with_facets_on_kind_and_chinese_party(tmp_path):
    command = against_datasette.datasette_command(
        "datasette", tmp_path / "twinning.db", tmp_path / "metadata.json", 8702
    )

    assert command[:3] == ["datasette", "serve", str(tmp_path / "twinning.db")]
    assert " ".join(command).count("--setting default_cache_ttl 0") == 1
    assert against_datasette.datasette_metadata() == {
        "databases": {"twinning": {"tables": {"partnerships": {"facets": ["kind", "chinese_party"]}}}}
    }
    assert against_datasette.datasette_urls("guangqing")["search"] == "/twinning/partnerships?_search=guangqing"


def test_the_reference_size_is_10000_when_measured_else_the_middle_one():
    assert report.reference_size([1000, 10000, 100000]) == 10000
    assert report.reference_size([1000, 5000, 20000]) == 5000
    assert report.reference_size([1000]) == 1000


def measured(size, rates, static=1000, queries=7, datasette=None):
    """One size's figures as main() gathers them: cold requests/s per page, in-process times, Datasette's."""
    cold = {
        page: serving.Run(page, "/", requests_per_second=rate, static_per_second=static) for page, rate in rates.items()
    }
    times = {page: {"ms": 1000 / rate, "sql_ms": 2.0, "queries": queries} for page, rate in rates.items()}
    entry = {"partnerships": size, "generated": 1.0, "cold": cold, "times": times, "load": (1.0, 1.0)}
    if datasette:
        runs = {page: serving.Run(page, "/", requests_per_second=rate) for page, rate in datasette.items()}
        entry["datasette"] = {"runs": runs, "rows": size, "load": (1.0, 1.0)}
    return entry


PAGES = ("list", "filtered list", "search", "detail", "home")


def test_the_targets_say_met_or_missed_with_the_figure_and_for_a_miss_where_the_time_goes():
    small = measured(1000, dict.fromkeys(PAGES, 200), datasette={"list": 10, "filtered list": 30, "search": 5})
    reference = measured(10000, {**dict.fromkeys(PAGES, 150), "home": 50})
    large = measured(100000, {**dict.fromkeys(PAGES, 100), "home": 40}, queries=8)
    large["times"]["detail"]["queries"] = 9

    lines = report.size_targets([small, reference, large], reference, warm=None)

    assert "- list, cold, at 10,000: ≥ 0.1 × static: met (0.15)" in lines
    home = next(line for line in lines if line.startswith("- home, cold, at 10,000"))
    assert home.startswith("- home, cold, at 10,000: ≥ 0.1 × static: **missed** (0.05); 20 ms a request in-process")
    assert "- list, cold, at 1,000: ≥ 10× Datasette: met (20.00×: 200 / 10 requests/s)" in lines
    assert any(line.startswith("- filtered list, cold, at 1,000: ≥ 10× Datasette: **missed** (6.67×") for line in lines)
    assert "- list, cold, cost grows 1,000 → 100,000: ≤ 3×: met (2.0×)" in lines
    growth = next(line for line in lines if line.startswith("- home, cold, cost grows"))
    assert growth.startswith("- home, cold, cost grows 1,000 → 100,000: ≤ 3×: **missed** (5.0×); in-process 5 → 25 ms")
    assert "- list: queries constant and ≤ 8: **missed** (7, 7, 8)" in lines
    assert "- detail: queries constant and ≤ 8: **missed** (7, 7, 9)" in lines


def test_one_size_says_the_growth_and_datasette_were_not_measured():
    only = measured(10000, dict.fromkeys(PAGES, 150))

    lines = report.size_targets([only], only, warm=None)

    assert any("growth ≤ 3×: not measured" in line for line in lines)
    assert any("Datasette: not measured" in line for line in lines)
    assert "- home: queries constant and ≤ 8: met (7)" in lines


def test_the_sizes_stand_side_by_side_with_the_growth_and_ours_over_datasette():
    small = measured(1000, dict.fromkeys(PAGES, 200), datasette={"list": 10, "filtered list": 40, "search": 5})
    large = measured(100000, dict.fromkeys(PAGES, 50), datasette={"list": 5, "filtered list": 20, "search": 0})
    large["datasette"]["runs"]["search"].skipped = "answers 500"

    text = "\n".join(report.size_tables([small, large]))

    assert "| page, cold | 1,000 | 100,000 | cost grows 1,000 → 100,000 |" in text
    assert "| list | 200 (0.20 ×) | 50 (0.05 ×) | 4.0× |" in text
    assert "| list | 200 / 10 = 20.00× | 50 / 5 = 10.00× |" in text
    assert "| search | 200 / 5 = 40.00× | 50 / none finished |" in text
    assert "- Datasette, 100,000, search: answers 500" in text
