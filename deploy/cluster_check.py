"""`make cluster-check`: the deployment of deploy/ on this machine, loaded, released, broken and restored.

On loopback only: nginx (deploy/nginx/twinning-locations.conf, under a config of its own in var/cluster/)
in front of two gunicorn app servers, on a PostgreSQL database (twinning_cluster_<pid>) and Redis database
11 of their own. While wrk loads pages through nginx it

  (a) releases a second copy of the code whose stylesheet differs (`manage.py release`, a fresh static
      folder) and restarts one app server and then the other, as a release does;
  (d) checks that every page then links only static files of the new release, each served through nginx;
  (b) kills one app server outright and brings it back;
  (c) saves an edit in the admin through one app server and reads it through the other; the session, an
      import previewed on one and confirmed on the other (each has a temporary folder of its own), the
      sign-in lockout counter and the page cache are shared too;

then stops the load, backs up the database (`manage.py backup`), restores it into a fresh database
(`manage.py restore`), serves that from a third app server and compares every public data twin with the
original's. It prints one summary line (requests, failures, p99) and exits non-zero if any client request
failed or any check did not hold. Everything it started is stopped and its databases dropped at the end.
"""

import csv
import html
import http.client
import http.cookies
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "cluster"
PYTHON = sys.executable
NGINX_PORT = 18610
NODE_PORTS = (18611, 18612)
RESTORED_PORT = 18613
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/11"
HOST = f"127.0.0.1:{NGINX_PORT}"
METRICS_TOKEN = "cluster-check-metrics-token"
PASSWORD = "cluster-check-Password-1"
# The administrator's authenticator app (django-otp's TOTP device), set up on the server; prints its key
# on a line of its own, marked, since the site's JSON log lines share standard output.
TOTP_KEY_MARK = "totp-key: "
AUTHENTICATOR_APP = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
admin = get_user_model().objects.get(username="admin")
print("{TOTP_KEY_MARK}" + TOTPDevice.objects.create(user=admin, name="cluster-check", confirmed=True).key)
"""
# nginx leaves out an app server that failed for this long, then tries it again (passive health checks).
FAIL_TIMEOUT_SECONDS = 5
# How long the whole check may take before it gives up, cleans up and fails.
DEADLINE_SECONDS = 600

# The pages people read, in the three languages, and data: what wrk loads and what (d) checks.
PAGES = [
    "/",
    "/partnerships/",
    "/partnerships/?place=rogaland&sort=-signed",
    "/partnerships/stavanger-ningbo/",
    "/partnerships/fredrikstad-zhuzhou/",
    "/places/rogaland/",
    "/places/zhejiang/",
    "/nb/",
    "/nb/partnerships/",
    "/nb/partnerships/oslo-shanghai/",
    "/zh-hans/",
    "/zh-hans/partnerships/",
    "/zh-hans/places/trondelag/",
]
DATA = ["/partnerships.json", "/partnerships/oslo-shanghai.json", "/feeds/partnerships.atom"]

# Counts every answer outside 2xx and 3xx and wrk's socket errors, by kind (a refused connection, a
# connection closed or an answer wrk could not read, a request it could not send, no answer in 10 s);
# reports the latency's percentiles.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0; counter = math.random(#paths) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status < 200 or status > 399 then failed = failed + 1 end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failed") end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d failed=%%d connect=%%d read=%%d write=%%d timeout=%%d p50=%%.1f p99=%%.1f\\n",
    summary.requests, failed, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
RESULT = re.compile(
    r"RESULT requests=(\d+) failed=(\d+) connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+) "
    r"p50=([\d.]+) p99=([\d.]+)"
)
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


class CheckFailed(Exception):
    """A check that did not hold; the message says which and what was seen."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def clock(epoch=None):
    """A moment as the local time of day to the millisecond, as said here and in the logs printed on failure
    (nginx's error log says the local time to the second)."""
    seconds, milliseconds = divmod(round((time.time() if epoch is None else epoch) * 1000), 1000)
    return time.strftime("%H:%M:%S", time.localtime(seconds)) + f".{milliseconds:03d}"


def say(message):
    print(f"cluster-check: {clock()} {message}", flush=True)


def wrk_script(paths):
    return WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)}


def parse_wrk(output):
    """wrk's result line as numbers: requests, failed answers, socket errors, p50 and p99 in milliseconds."""
    found = RESULT.search(output)
    if found is None:
        raise CheckFailed(f"wrk printed no result:\n{output}")
    socket_errors = dict(zip(SOCKET_ERRORS, map(int, found.group(3, 4, 5, 6)), strict=True))
    return {
        "requests": int(found[1]),
        "failed": int(found[2]),
        "socket_errors": sum(socket_errors.values()),
        "socket_errors_by_kind": socket_errors,
        "p50": float(found[7]),
        "p99": float(found[8]),
    }


def summary_line(result):
    failures = result["failed"] + result["socket_errors"]
    kinds = ", ".join(f"{count} {kind}" for kind, count in result["socket_errors_by_kind"].items() if count)
    return (
        f"{result['requests'] + result['socket_errors']} requests, {failures} failed "
        f"({result['failed']} answers outside 2xx/3xx, {result['socket_errors']} socket errors"
        f"{f': {kinds}' if kinds else ''}), p99 {result['p99']:.1f} ms"
    )


# HTTP, with cookies kept by hand: the app's cookies are Secure, and this is plain HTTP on loopback.
class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def request(port, path, *, method="GET", form=None, body=None, cookies=None, host=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = {"Host": host or f"127.0.0.1:{port}", **(headers or {})}
    if form is not None:
        body = urlencode(form, doseq=True)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        connection.request(method, path, body, sent)
        response = connection.getresponse()
        answer = Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()
    if cookies is not None:
        for key, value in answer.headers:
            if key.lower() == "set-cookie":
                for name, morsel in http.cookies.SimpleCookie(value).items():
                    cookies[name] = morsel.value
    return answer


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id (or whose action ends so), as
    (name, value) pairs."""

    def __init__(self, form_id=None, action=None):
        super().__init__()
        self.form_id, self.action, self.inside, self.fields = form_id, action, False, []
        self.select, self.select_chosen, self.select_first = None, [], None
        self.textarea, self.textarea_text = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.chosen(attrs)
        if not self.inside or "disabled" in attrs or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select":
            self.select, self.select_chosen, self.select_first = attrs["name"], [], None
            self.select_multiple = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.select_chosen.append(value)
        elif tag == "textarea":
            self.textarea, self.textarea_text = attrs["name"], []

    def chosen(self, form):
        if self.form_id is not None:
            return form.get("id") == self.form_id
        action = form.get("action") or ""
        return action == self.action if not self.action else action.endswith(self.action)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select_chosen or (
                [] if self.select_multiple or self.select_first is None else [self.select_first]
            )
            self.fields += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.textarea_text).removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea_text.append(data)


def form_fields(page, form_id=None, action=None):
    parser = FormFields(form_id, action)
    parser.feed(page)
    return parser.fields


def multipart(fields, files):
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = f"cluster-check-{time.time_ns()}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join([*parts, f"--{boundary}--\r\n".encode()]), f"multipart/form-data; boundary={boundary}"


def csrf_token(page):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    check(found, "no CSRF token on the admin's page")
    return found[1]


def static_links(page):
    return sorted({html.unescape(link) for link in re.findall(r'(?:href|src)="(/static/[^"]+)"', page)})


# The cluster's parts.
def environment(database, **extra):
    """Production settings for this machine's loopback, on the cluster's database and Redis database."""
    keep = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PROMETHEUS_"))}
    for name in ("DEBUG", "RELEASE_ID", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE_SECONDS", "LOG_FORMAT"):
        keep.pop(name, None)
    return {
        **keep,
        "DEBUG": "False",
        "SECRET_KEY": "cluster-check-only-key-never-for-a-real-site-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": REDIS_URL,
        "METRICS_TOKEN": METRICS_TOKEN,
        "LOG_FORMAT": "json",
        **extra,
    }


def manage(release, database, *arguments, **extra):
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=release,
        env=environment(database, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise CheckFailed(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def lay_out_release(name, stylesheet_note=None):
    """A release's own copy of the code, as a deployment lays one out, with its own (fresh) static folder."""
    target = WORK / "releases" / name
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "var", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
            "screenshots", "*.egg-info", "build",
        ),
    )  # fmt: skip
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    if stylesheet_note:
        with (target / "static" / "css" / "site.css").open("a", encoding="utf-8") as stylesheet:
            stylesheet.write(f"\n/* {stylesheet_note} */\n")
    return target


class Node:
    """One gunicorn app server on a loopback port, started from a release's folder."""

    def __init__(self, name, port, database, **settings):
        self.name, self.port, self.database, self.settings = name, port, database, settings
        self.process = None

    def start(self, release):
        metrics = WORK / self.name / "prometheus"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True)
        # A temporary folder of its own, as on a machine of its own (an upload kept there is not shared).
        temporary = WORK / self.name / "tmp"
        temporary.mkdir(exist_ok=True)
        log = (WORK / f"{self.name}.log").open("a")
        command = [PYTHON, "-m", "gunicorn", "twinning.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        self.process = subprocess.Popen(
            command,
            cwd=release,
            env=environment(
                self.database, PROMETHEUS_MULTIPROC_DIR=str(metrics), TMPDIR=str(temporary), **self.settings
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches its workers too
        )
        log.close()
        self.release = release

    def wait_until(self, path="/readyz", status=200, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            check(self.process.poll() is None, f"{self.name} exited: see var/cluster/{self.name}.log")
            try:
                if request(self.port, path).status == status:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise CheckFailed(f"{self.name} did not answer {path} with {status} within {seconds} s")

    def stop(self):
        """As systemd stops it: SIGTERM, and gunicorn finishes the requests it holds."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=45)

    def kill(self):
        """Outright: SIGKILL to gunicorn and its workers at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# Debian's Brotli module (libnginx-mod-http-brotli-filter), used with deploy/nginx/brotli.conf where installed.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")

NGINX_CONF = """
{load_brotli}
worker_processes 1;
daemon off;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
    # When each request ended, its status, how long it took, and the app servers nginx tried (with theirs).
    log_format timed '$msec $status $request_time "$upstream_addr" "$upstream_status" $bytes_sent "$request"';
    access_log {work}/nginx/access.log timed;
    client_body_temp_path {work}/nginx/body;
    proxy_temp_path {work}/nginx/proxy;
    fastcgi_temp_path {work}/nginx/fastcgi;
    uwsgi_temp_path {work}/nginx/uwsgi;
    scgi_temp_path {work}/nginx/scgi;
    types {{ text/html html; }}
    {include_brotli}
    default_type application/octet-stream;
    upstream twinning {{
{servers}
    }}
    map $request_method $twinning_signin_key {{
        POST    $binary_remote_addr;
        default "";
    }}
    limit_req_zone $twinning_signin_key zone=twinning_signin:1m rate=10r/m;
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include {locations};
    }}
}}
"""


def nginx_conf():
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s;" for port in NODE_PORTS
    )
    brotli = BROTLI_MODULE.exists()
    return NGINX_CONF.format(
        load_brotli=f"load_module {BROTLI_MODULE};" if brotli else "",
        include_brotli=f"include {ROOT / 'deploy' / 'nginx' / 'brotli.conf'};" if brotli else "",
        work=WORK,
        servers=servers,
        port=NGINX_PORT,
        locations=ROOT / "deploy" / "nginx" / "twinning-locations.conf",
    )


# What nginx logs as it should when an app server goes away: it leaves the server out and passes the
# request on (proxy_next_upstream); and the sign-in's rate limit at work. Anything else is worth a look.
NGINX_EXPECTED = re.compile(
    r"while reading response header from upstream|while connecting to upstream|upstream server temporarily "
    r"disabled|limiting requests"
)
# An answer that took this long is reported with the failures: wrk gives up on a request after 10 s.
SLOW_SECONDS = 5


def what_nginx_saw(access_log, error_log, since, until, limit=20):
    """The lines of nginx's logs that may explain a failed request: answers between `since` and `until`
    (seconds since the epoch) outside 2xx/3xx or slower than SLOW_SECONDS, each with the time it ended, and
    errors other than the expected ones. At most `limit` of each."""
    slow_or_failed = []
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        ended, status, seconds, rest = line.split(" ", 3)
        if since <= float(ended) <= until and (not status.startswith(("2", "3")) or float(seconds) >= SLOW_SECONDS):
            slow_or_failed.append(f"{clock(float(ended))} {status} {seconds} {rest}")
    errors = [
        line
        for line in error_log.read_text(encoding="utf-8", errors="replace").splitlines()
        if not NGINX_EXPECTED.search(line)
    ]
    return slow_or_failed[:limit] + errors[:limit]


class Nginx:
    def start(self):
        (WORK / "nginx").mkdir(parents=True, exist_ok=True)
        conf = WORK / "nginx" / "nginx.conf"
        conf.write_text(nginx_conf(), encoding="utf-8")
        command = ["nginx", "-p", str(WORK / "nginx"), "-c", str(conf), "-e", str(WORK / "nginx" / "error.log")]
        tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
        check(tested.returncode == 0, f"nginx refused its configuration:\n{tested.stderr}")
        self.process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                request(NGINX_PORT, "/healthz")
                return
            except OSError:
                time.sleep(0.1)
        raise CheckFailed("nginx did not start: see var/cluster/nginx/error.log")

    def stop(self):
        if getattr(self, "process", None) and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # finish the requests it holds
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Load:
    """wrk through nginx, from start() until stop(), with one connection per page or so."""

    def start(self, paths):
        self.script = WORK / "load.lua"
        self.script.write_text(wrk_script(paths), encoding="utf-8")
        command = ["wrk", "-t2", "-c8", f"-d{DEADLINE_SECONDS}s", "--timeout", "10s", "-s", str(self.script)]
        self.process = subprocess.Popen(
            [*command, f"http://{HOST}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.started, self.started_at = time.monotonic(), time.time()

    def stop(self):
        """Stop wrk (it reports on SIGINT) and return its result."""
        self.process.send_signal(signal.SIGINT)
        output, _ = self.process.communicate(timeout=30)
        result = parse_wrk(output)
        result["seconds"] = time.monotonic() - self.started
        result["window"] = (self.started_at, time.time())
        return result

    def kill(self):
        if getattr(self, "process", None) and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def postgres(statement):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# The checks.
def warm_up():
    for path in PAGES + DATA:
        answer = request(NGINX_PORT, path)
        check(answer.status == 200, f"{path} answered {answer.status} through nginx before the release")


def rolling_release(nodes, release, database):
    say("(a) releasing b: manage.py release in its own folder, then each app server in turn")
    manage(release, database, "release", "--id", "b")
    for node in nodes:
        node.stop()
        node.start(release)
        node.wait_until("/readyz")
        # nginx left it out when it went down; wait until nginx tries it again before the next one goes.
        time.sleep(FAIL_TIMEOUT_SECONDS + 2)


def pages_link_only_the_new_release(release):
    """(d): every page, through nginx, links static files the new release has, and nginx serves each."""
    manifest = json.loads((release / "var" / "static" / "staticfiles.json").read_text())["paths"]
    served = {f"/static/{name}" for name in manifest.values()}
    new_stylesheet = f"/static/{manifest['css/site.css']}"
    links = set()
    for path in [*PAGES, "/partnerships/no-such-partnership/", "/admin/login/"]:
        answer = request(NGINX_PORT, path)
        found = static_links(answer.text)
        check(found, f"{path} links no static file")
        stale = [link for link in found if link not in served]
        check(not stale, f"{path} after the release links files the new release does not have: {stale}")
        if path in PAGES:
            check(new_stylesheet in found, f"{path} does not link the new release's stylesheet {new_stylesheet}")
        links.update(found)
    for link in sorted(links):
        answer = request(NGINX_PORT, link, headers={"Accept-Encoding": "gzip"})
        check(answer.status == 200, f"{link} answered {answer.status} through nginx")
        check("immutable" in (answer.header("Cache-Control") or ""), f"{link} is not cached for good")
    say(f"(d) after the release every page links only the new release's static files ({len(links)}, all served)")


def node_failure(node, release):
    say(f"(b) killing {node.name} outright, then bringing it back")
    node.kill()
    time.sleep(3)
    node.start(release)
    node.wait_until("/readyz")
    time.sleep(FAIL_TIMEOUT_SECONDS + 2)


def sign_in(node, username, password, totp_key=None):
    """The admin's two steps, as a person takes them: the password, then (given the authenticator app's key)
    the code the app shows now. Without a key, only the password step's answer."""
    cookies = {}
    page = request(node.port, "/admin/login/", cookies=cookies).text
    form = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page), "next": "/admin/"}
    answer = request(node.port, "/admin/login/?next=/admin/", method="POST", form=form, cookies=cookies)
    if totp_key is None or answer.status != 302:
        return answer, cookies
    step = request(node.port, "/admin/sign-in/code/", cookies=cookies).text
    code = f"{totp(bytes.fromhex(totp_key)):06d}"
    form = {"code": code, "csrfmiddlewaretoken": csrf_token(step)}
    return request(node.port, "/admin/sign-in/code/", method="POST", form=form, cookies=cookies), cookies


def edit_through_one_read_through_the_other(first, second, totp_key):
    """(c): an editor signs in on one app server, the session works on the other; an edit saved on one shows
    at once on the other; wrong passwords on both add up to one lockout."""
    answer, cookies = sign_in(first, "admin", PASSWORD, totp_key)
    check(answer.status == 302 and "sessionid" in cookies, f"signing in on {first.name} answered {answer.status}")
    index = request(second.port, "/admin/", cookies=cookies)
    check(index.status == 200 and "/admin/logout/" in index.text, f"the session is not valid on {second.name}")
    listing = request(first.port, "/admin/directory/partnership/?q=stavanger", cookies=cookies).text
    found = re.search(r"/admin/directory/partnership/(\d+)/change/", listing)
    check(found, "the admin's list has no Stavanger–Ningbo")
    change = found[0]
    fields = form_fields(request(first.port, change, cookies=cookies).text, "partnership_form")
    summary = f"Edited through {first.name} at {time.time():.0f} and read through {second.name}."
    fields = [(name, summary if name == "summary" else value) for name, value in fields]
    check(("summary", summary) in fields, "the admin's partnership form has no summary field")
    saved = request(first.port, change, method="POST", form=fields, cookies=cookies)
    check(saved.status == 302, f"saving the edit on {first.name} answered {saved.status}: {saved.text[:2000]}")
    data = json.loads(request(second.port, "/partnerships/stavanger-ningbo.json").body)
    check(data["summary"] == summary, f"{second.name} serves the old summary: {data['summary']!r}")
    check(summary in request(second.port, "/partnerships/stavanger-ningbo/").text, f"{second.name}'s page is stale")
    import_across(first, second, cookies)
    for attempt in range(4):
        node = (first, second)[attempt % 2]
        wrong, _ = sign_in(node, "lockout-probe", "a wrong password")
        check(wrong.status == 200, f"a wrong password on {node.name} answered {wrong.status}")
    fifth, _ = sign_in(first, "lockout-probe", "a wrong password")
    locked, _ = sign_in(second, "lockout-probe", PASSWORD)
    check(
        fifth.status == locked.status == 429,
        f"five wrong passwords on two app servers did not lock the account ({fifth.status}, {locked.status})",
    )
    say("(c) an edit saved on one app server shows at once on the other; session, import and lockout are shared")


def import_across(first, second, cookies):
    """An editor's CSV import previewed on one app server and confirmed on the other: the uploaded file waits
    where both find it."""
    exported = request(first.port, "/partnerships.csv?q=stavanger").body.decode("utf-8")
    summary = f"Imported through {first.name} and confirmed through {second.name} at {time.time():.0f}."
    columns, *rows = csv.reader(io.StringIO(exported))
    [row] = [row for row in rows if row[0] == "stavanger-ningbo"]
    row[columns.index("summary")] = summary
    written = io.StringIO()
    csv.writer(written).writerows([columns, row])
    page = request(first.port, "/admin/directory/partnership/import/", cookies=cookies).text
    body, content_type = multipart(
        form_fields(page, action=""), {"import_file": ("stavanger.csv", written.getvalue().encode("utf-8"))}
    )
    preview = request(
        first.port, "/admin/directory/partnership/import/", method="POST", body=body, cookies=cookies,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    confirm = form_fields(preview.text, action="/process_import/")
    check(preview.status == 200 and confirm, f"the import's preview on {first.name} answered {preview.status}")
    confirmed = request(
        second.port, "/admin/directory/partnership/process_import/", method="POST", form=confirm, cookies=cookies
    )
    check(confirmed.status == 302, f"confirming the import on {second.name} answered {confirmed.status}")
    data = json.loads(request(first.port, "/partnerships/stavanger-ningbo.json").body)
    check(data["summary"] == summary, f"the import confirmed on {second.name} did not change the summary")


def pages_are_compressed():
    """gzip for every client that takes it, Brotli where Debian's module is installed."""
    for path in ("/partnerships/", "/partnerships.json"):
        gzipped = request(NGINX_PORT, path, headers={"Accept-Encoding": "gzip"})
        check(gzipped.header("Content-Encoding") == "gzip", f"{path} is not gzipped through nginx")
        if BROTLI_MODULE.exists():
            brotli = request(NGINX_PORT, path, headers={"Accept-Encoding": "br, gzip"})
            check(brotli.header("Content-Encoding") == "br", f"{path} is not compressed with Brotli through nginx")
    say(f"pages compressed through nginx with gzip{' and Brotli' if BROTLI_MODULE.exists() else ''}")


def sign_in_is_rate_limited():
    statuses = [request(NGINX_PORT, "/admin/login/", method="POST", form={"username": "x"}).status for _ in range(15)]
    check(429 in statuses, f"nginx let 15 sign-in attempts in a row through: {statuses}")
    check(all(status in {403, 429} for status in statuses), f"unexpected answers to sign-in attempts: {statuses}")


def metrics_only_with_the_token(node):
    bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    scraped = request(node.port, "/metrics", headers=bearer)
    check(scraped.status == 200 and "django_http_requests" in scraped.text, f"/metrics answered {scraped.status}")
    check(request(node.port, "/metrics").status == 404, "/metrics answers without the token")
    check(request(NGINX_PORT, "/metrics", headers=bearer).status == 404, "nginx lets /metrics through")


def logs_are_json_lines(node):
    lines = [line for line in (WORK / f"{node.name}.log").read_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    requests_logged = [r for r in records if r["logger"] == "twinning.requests" and r["request_id"] != "-"]
    check(requests_logged, f"{node.name} logged no request as a JSON line")


def difference(original, copy):
    lines = zip(original.text.splitlines(), copy.text.splitlines(), strict=False)
    return next((f"{a[:300]!r} became {b[:300]!r}" for a, b in lines if a != b), "in length")


def backup_and_restore(release, database, restored):
    """A backup restored into a fresh database serves every public data twin as the original does."""
    output = manage(release, database, "backup", "--output-dir", str(WORK / "backups"))
    path = re.search(r"Wrote (\S+\.tar)", output)[1]
    postgres(f'CREATE DATABASE "{restored}"')
    node = Node("restored", RESTORED_PORT, restored, PAGE_CACHE_SECONDS="0")
    node.start(release)
    try:
        node.wait_until("/readyz", status=503)  # an empty database: every migration pending
        started = time.monotonic()
        output = manage(release, restored, "restore", path)
        check("identical" in output, f"the restore did not compare its directory with the backup's: {output}")
        say(f"(e) backup restored into a fresh database in {time.monotonic() - started:.1f} s")
        node.wait_until("/readyz")
        twins = ["/partnerships.csv", "/feeds/partnerships.atom", "/anniversaries.ics", "/sitemap.xml"]
        page = "/partnerships.json?page_size=100"
        while page:
            twins.append(page)
            listing = json.loads(request(NGINX_PORT, page, host=HOST).body)
            twins += [urlsplit(result["url"]).path.rstrip("/") + ".json" for result in listing["results"]]
            page = listing["next"] and urlsplit(listing["next"])._replace(scheme="", netloc="").geturl()
        for twin in twins:
            original = request(NGINX_PORT, twin, host=HOST)
            copy = request(RESTORED_PORT, twin, host=HOST)
            check(original.status == copy.status == 200, f"{twin}: {original.status} and {copy.status}")
            check(original.body == copy.body, f"{twin} differs in the restored database: {difference(original, copy)}")
        say(f"(e) every public data twin of the restored database is identical to the original's ({len(twins)})")
    finally:
        node.stop()


def out_of_time(signum, frame):
    raise CheckFailed(f"it took over {DEADLINE_SECONDS} s")


def main():
    for tool in ("nginx", "wrk", "pg_dump", "pg_restore"):
        check(shutil.which(tool), f"{tool} is not installed (Debian packages nginx-light, wrk, postgresql-client)")
    database = f"twinning_cluster_{os.getpid()}"
    restored = f"{database}_restored"
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    nodes = [Node(f"node{number}", port, database) for number, port in enumerate(NODE_PORTS, start=1)]
    nginx, load = Nginx(), Load()
    started = time.monotonic()
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(DEADLINE_SECONDS)
    result = None
    try:
        flush_redis()
        postgres(f'CREATE DATABASE "{database}"')
        release_a = lay_out_release("a")
        release_b = lay_out_release("b", stylesheet_note="release b changed the stylesheet")
        say(f"release a on {database}: migrate, load the listed agreements, 300 synthetic partnerships")
        manage(release_a, database, "release", "--id", "a")
        manage(release_a, database, "generate_synthetic", "--partnerships", "300", "--force")
        for username in ("admin", "lockout-probe"):
            manage(release_a, database, "createsuperuser", "--noinput", "--username", username, "--email", "",
                   DJANGO_SUPERUSER_PASSWORD=PASSWORD)  # fmt: skip
        printed = manage(release_a, database, "shell", "-c", AUTHENTICATOR_APP).splitlines()
        totp_key = next(line.removeprefix(TOTP_KEY_MARK) for line in printed if line.startswith(TOTP_KEY_MARK))
        for node in nodes:
            node.start(release_a)
        for node in nodes:
            node.wait_until("/readyz")
        nginx.start()
        warm_up()
        say("loading the pages through nginx with wrk (8 connections)")
        load.start(PAGES + DATA)
        time.sleep(3)
        rolling_release(nodes, release_b, database)
        pages_link_only_the_new_release(release_b)
        node_failure(nodes[0], release_b)
        edit_through_one_read_through_the_other(nodes[0], nodes[1], totp_key)
        time.sleep(2)
        result = load.stop()
        pages_are_compressed()
        sign_in_is_rate_limited()
        metrics_only_with_the_token(nodes[1])
        logs_are_json_lines(nodes[0])
        backup_and_restore(release_b, database, restored)
    except CheckFailed as error:
        say(f"FAILED: {error}")
        return 1
    finally:
        signal.alarm(0)
        load.kill()
        nginx.stop()
        for node in nodes:
            node.stop()
        for name in (restored, database):
            postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        flush_redis()
    shutil.rmtree(WORK / "releases")  # the logs stay in var/cluster/ for a look
    failures = result["failed"] + result["socket_errors"]
    print(
        f"cluster-check: {summary_line(result)} under load for {result['seconds']:.0f} s "
        f"(rolling release, a killed app server, an edit across app servers); "
        f"{time.monotonic() - started:.0f} s in all",
        flush=True,
    )
    if failures:
        say("what nginx logged that may explain them (var/cluster/nginx/):")
        for line in what_nginx_saw(WORK / "nginx" / "access.log", WORK / "nginx" / "error.log", *result["window"]):
            print(f"  {line}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
