"""The parts of `make cluster-check` that can be checked without a cluster: reading wrk, filling a form."""

import importlib.util
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster_check():
    spec = importlib.util.spec_from_file_location("cluster_check", ROOT / "deploy" / "cluster_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wrk_result_counts_failed_answers_and_socket_errors_apart(cluster_check):
    output = (
        "Running 1m test\n  2 threads\n"
        "RESULT requests=1200 failed=3 connect=0 read=1 write=0 timeout=1 p50=4.5 p99=120.25\n"
    )

    result = cluster_check.parse_wrk(output)

    assert result == {
        "requests": 1200,
        "failed": 3,
        "socket_errors": 2,
        "socket_errors_by_kind": {"connect": 0, "read": 1, "write": 0, "timeout": 1},
        "p50": 4.5,
        "p99": 120.25,
    }
    assert cluster_check.summary_line(result) == (
        "1202 requests, 5 failed (3 answers outside 2xx/3xx, 2 socket errors: 1 read, 1 timeout), p99 120.2 ms"
    )


def test_a_clean_wrk_result_names_no_kind_of_socket_error(cluster_check):
    output = "RESULT requests=900 failed=0 connect=0 read=0 write=0 timeout=0 p50=4.0 p99=80.0\n"

    assert cluster_check.summary_line(cluster_check.parse_wrk(output)) == (
        "900 requests, 0 failed (0 answers outside 2xx/3xx, 0 socket errors), p99 80.0 ms"
    )


def test_nginx_logs_are_read_for_what_may_explain_a_failure(cluster_check, tmp_path):
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    access_log.write_text(
        '100.000 200 0.004 "127.0.0.1:18611" "200" 5120 "GET / HTTP/1.1"\n'
        '101.000 499 10.002 "127.0.0.1:18611" "-" 0 "GET /partnerships/ HTTP/1.1"\n'
        '102.000 200 6.500 "127.0.0.1:18611, 127.0.0.1:18612" "502, 200" 9000 "GET /nb/ HTTP/1.1"\n'
        '103.000 200 0.010 "127.0.0.1:18612" "200" 5120 "GET /zh-hans/ HTTP/1.1"\n'
        '200.000 429 0.000 "-" "-" 200 "POST /admin/login/ HTTP/1.1"\n'
    )
    error_log.write_text(
        "2026/12/06 07:00:00 [error] 1#1: *5 recv() failed (104: Connection reset by peer) while reading "
        "response header from upstream, client: 127.0.0.1\n"
        "2026/12/06 07:00:01 [warn] 1#1: *5 upstream server temporarily disabled while reading response header\n"
        "2026/12/06 07:00:02 [error] 1#1: *9 upstream prematurely closed connection while reading upstream\n"
    )

    lines = cluster_check.what_nginx_saw(access_log, error_log, since=100, until=150)

    assert lines == [
        f'{cluster_check.clock(101)} 499 10.002 "127.0.0.1:18611" "-" 0 "GET /partnerships/ HTTP/1.1"',
        f'{cluster_check.clock(102)} 200 6.500 "127.0.0.1:18611, 127.0.0.1:18612" "502, 200" 9000 "GET /nb/ HTTP/1.1"',
        "2026/12/06 07:00:02 [error] 1#1: *9 upstream prematurely closed connection while reading upstream",
    ]


def test_a_moment_is_said_as_the_local_time_of_day_to_the_millisecond(cluster_check):
    moment = time.mktime((2026, 12, 6, 7, 5, 9, 0, 0, -1))

    assert cluster_check.clock(moment + 0.25) == "07:05:09.250"
    assert cluster_check.clock(moment + 0.225) == "07:05:09.225"  # as nginx's $msec wrote it
    assert cluster_check.clock(moment + 0.9996) == "07:05:10.000"


def test_wrk_without_a_result_is_a_failed_check(cluster_check):
    with pytest.raises(cluster_check.CheckFailed, match="wrk printed no result"):
        cluster_check.parse_wrk("unable to connect to 127.0.0.1:18610 Connection refused\n")


FORM = """
<form id="search"><input name="q" value="not this form"></form>
<form id="partnership_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t0k3n">
  <input type="text" name="signed" value="12 April 2010">
  <input type="text" name="slug" value="stavanger-ningbo" disabled>
  <input type="checkbox" name="is_public" value="on" checked>
  <input type="checkbox" name="unticked">
  <select name="kind"><option value="friendship">F</option><option value="twin" selected>T</option></select>
  <select name="first"><option value="a">A</option><option value="b">B</option></select>
  <select name="topics" multiple><option value="1" selected>1</option><option value="2">2</option>
    <option value="3" selected>3</option></select>
  <textarea name="summary">
First line &amp; more.</textarea>
  <input type="submit" name="_save" value="Save">
</form>
"""


def test_a_form_gives_what_a_browser_would_submit(cluster_check):
    fields = cluster_check.form_fields(FORM, "partnership_form")

    assert fields == [
        ("csrfmiddlewaretoken", "t0k3n"),
        ("signed", "12 April 2010"),
        ("is_public", "on"),
        ("kind", "twin"),
        ("first", "a"),
        ("topics", "1"),
        ("topics", "3"),
        ("summary", "First line & more."),
    ]


def test_static_links_are_found_in_a_page(cluster_check):
    page = '<link href="/static/css/site.abc.css"><img src="/static/i.png"><a href="/partnerships/">x</a>'

    assert cluster_check.static_links(page) == ["/static/css/site.abc.css", "/static/i.png"]


def test_a_form_is_found_by_its_action_too(cluster_check):
    page = (
        '<form action="/admin/language/"><input name="language" value="nb"></form>'
        '<form action="" method="post"><input name="format" value="0"></form>'
        '<form action="/admin/directory/partnership/process_import/"><input name="import_file_name" value="x1">'
        "</form>"
    )

    assert cluster_check.form_fields(page, action="") == [("format", "0")]
    assert cluster_check.form_fields(page, action="/process_import/") == [("import_file_name", "x1")]


def test_a_file_goes_in_a_multipart_body(cluster_check):
    body, content_type = cluster_check.multipart([("format", "0")], {"import_file": ("a.csv", "slug\nø\n".encode())})

    boundary = content_type.removeprefix("multipart/form-data; boundary=")
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert b'name="format"\r\n\r\n0\r\n' in body
    assert b'name="import_file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nslug\n\xc3\xb8\n\r\n' in body
    assert body.endswith(f"--{boundary}--\r\n".encode())
