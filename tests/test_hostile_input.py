"""Scanners and fuzzers meet answers below 500 on every public route, and clear refusals."""

import json
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .public_urls import PLACEHOLDER_NUMBER, PLACEHOLDER_TEXT, public_routes

ROUTES = public_routes()
DATA_LISTS = [route for route in ROUTES if route.is_data_twin and not route.parameters]
LIST_PARAMETERS = ["q", "place", "topic", "kind", "signed_from", "signed_to", "sort", "page", "page_size"]
GOOD_VALUES = ["stavanger", "rogaland", "zhejiang", "energy", "friendship-agreement", "2005", "-signed", "name", "1"]

fuzz = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every value is as a client sends it: ASCII, percent-encoded or not.
# Percent-escapes that do not decode as UTF-8, or do not decode at all.
raw_escapes = st.binary(min_size=1, max_size=12).map(lambda data: "".join(f"%{byte:02X}" for byte in data))
broken_escapes = st.sampled_from(["%", "%z", "%zz", "%ff%fe", "%c3%28", "%ed%a0%80", "%00", "%C0%AF", "%%%"])
huge_numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=1, max_value=5000).map(lambda digits: "9" * digits),
    st.sampled_from(["1e400", "-0", "NaN", "Infinity", "²", "٣", "0x10", "1_000", " 7 ", "3.5"]),
).map(lambda text: quote(text, safe=""))
any_text = st.text(max_size=60).map(lambda text: quote(text, safe=""))
long_text = st.text(min_size=300, max_size=1200).map(lambda text: quote(text, safe=""))
with_nul = st.text(max_size=10).map(lambda text: quote(f"{text}\x00{text}", safe=""))
values = st.one_of(
    any_text, long_text, with_nul, raw_escapes, broken_escapes, huge_numbers, st.sampled_from(GOOD_VALUES)
)
keys = st.one_of(st.sampled_from(LIST_PARAMETERS), any_text, raw_escapes)
queries = st.lists(st.tuples(keys, values), max_size=12).map(
    lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)
)
path_holes = st.one_of(any_text, raw_escapes, broken_escapes, huge_numbers, long_text, st.sampled_from(GOOD_VALUES))


def hostile_path(route, hole):
    path = route.path(**route.placeholders())
    return path.replace(PLACEHOLDER_TEXT, hole).replace(PLACEHOLDER_NUMBER, hole)


def resolves(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def assert_json_errors(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert json.loads(response.content)["errors"]


@pytest.fixture
def fuzz_client(client, listed_agreements):
    """A client that reports a server error as a 500 answer rather than raising it."""
    client.raise_request_exception = False
    return client


@fuzz
@given(route=st.sampled_from(ROUTES), hole=path_holes, query=queries)
def test_no_path_or_query_string_causes_a_server_error(fuzz_client, route, hole, query):
    path = hostile_path(route, hole)
    response = fuzz_client.get(path, QUERY_STRING=query)

    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (path, query)
    if route.is_data_twin and response.status_code >= HTTPStatus.BAD_REQUEST and resolves(response.wsgi_request.path):
        assert_json_errors(response)


bad_values = {
    "signed_from": st.text(max_size=20).map(lambda text: "x" + text),
    "signed_to": st.sampled_from(["0", "10000", "-5", "1e9", "abc", "²"]),
    "place": st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True).map(lambda slug: "no-such-place-" + slug),
    "topic": st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True).map(lambda slug: "no-such-topic-" + slug),
    "kind": st.text(max_size=20).map(lambda text: "marriage" + text),
    "sort": st.text(max_size=20).map(lambda text: "sideways" + text),
    "page": st.sampled_from(["0", "-1", "abc", "²", "9" * 1000, "1.5"]),
    "page_size": st.sampled_from(["0", "501", "9" * 1000, "x", "٣"]),
    "q": st.text(alphabet="abcdefghij", min_size=201, max_size=1000),
}


# The CSV holds every matching row, so it reads no page parameters at all.
PAGING = {"page", "page_size"}


@fuzz
@given(
    route=st.sampled_from(DATA_LISTS),
    data=st.data(),
    others=st.lists(st.tuples(st.sampled_from(LIST_PARAMETERS), st.sampled_from(GOOD_VALUES)), max_size=4),
)
def test_a_data_twin_answers_a_bad_parameter_with_400_and_json_naming_it(fuzz_client, route, data, others):
    used = sorted(name for name in bad_values if route.path().endswith(".json") or name not in PAGING)
    name = data.draw(st.sampled_from(used))
    value = data.draw(bad_values[name])
    pairs = [*others, (name, value)]
    query = "&".join(f"{key}={quote(text, safe='')}" for key, text in pairs)

    response = fuzz_client.get(route.path(), QUERY_STRING=query)

    assert response.status_code == HTTPStatus.BAD_REQUEST, query
    assert_json_errors(response)
    assert name in json.loads(response.content)["errors"]


def test_routes_are_found_by_walking_the_resolver():
    names = {route.name for route in ROUTES}

    assert {"directory:partnership-list", "directory:partnership-list-json", "directory:partnership-detail"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_a_huge_query_string_is_refused_with_414_and_a_clear_message(client, settings):
    response = client.get("/partnerships/", QUERY_STRING="q=" + "x" * (settings.MAX_QUERY_STRING_LENGTH + 1))

    assert response.status_code == HTTPStatus.REQUEST_URI_TOO_LONG
    assert "The address is too long" in response.content.decode()


def test_a_huge_query_string_to_a_data_twin_is_refused_as_json(client, settings):
    response = client.get("/partnerships.json", QUERY_STRING="place=" + "x" * (settings.MAX_QUERY_STRING_LENGTH + 1))

    assert response.status_code == HTTPStatus.REQUEST_URI_TOO_LONG
    assert "too long" in response.json()["errors"]["request"][0]


def test_a_query_string_at_the_limit_is_answered(client, listed_agreements, settings):
    response = client.get("/partnerships/", QUERY_STRING="sort=name&q=" + "x" * (settings.MAX_QUERY_STRING_LENGTH - 12))

    assert response.status_code == HTTPStatus.OK


def test_a_huge_upload_is_refused_with_413_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1024
    response = client.post(
        "/admin/login/",
        data=b"x" * 2048,
        content_type="application/octet-stream",
    )

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "too large: the limit is" in response.content.decode()


def test_too_many_form_fields_are_refused_not_a_server_error(client, db):
    body = "&".join(f"f{n}=1" for n in range(1500))

    response = client.post("/admin/login/", data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == HTTPStatus.BAD_REQUEST
