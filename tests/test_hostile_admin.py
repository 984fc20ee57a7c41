"""Hostile input for staff too: whatever is in the address bar, the admin answers without a server error.

A signed-in superuser's lists with any filter, ordering, page and search parameters, and change, history,
delete and restore pages with ids that do not exist or are not numbers.
"""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from directory.models import Partnership

from .properties import expensive

pytestmark = pytest.mark.django_db

MODELS = ["partnership", "place", "topic", "contact"]
# The parameters Django's admin lists read, and those of this admin's filters.
PARAMETERS = [
    "q",
    "o",
    "p",
    "e",
    "all",
    "_facets",
    "_to_field",
    "_popup",
    "_changelist_filters",
    "status__exact",
    "kind__exact",
    "decade",
    "region",
    "topics__id__exact",
    "country__exact",
    "level__exact",
    "dissolved__isempty",
    "parent__id__exact",
    "side__exact",
    "is_public__exact",
    "partnership__status__exact",
    "name__startswith",
    "signed_earliest__gte",
]

any_text = st.text(max_size=40)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["0", "-1", "1.5", "1e400", "NaN", "²", "٣", "0x10", " 7 ", "9" * 400]),
)
known = st.sampled_from(["", "1.-2.3", "-", "1.1.1.1", "2000", "unknown", "rogaland", "draft", "published", "1", "NO"])
values = st.one_of(any_text, numbers, known, known.map(lambda value: value + "\x00"), st.just("%00"))
queries = st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), any_text), values), max_size=6)
ids = st.one_of(
    numbers,
    any_text.filter(lambda text: text not in ("", ".", "..")),
    any_text.map(lambda text: f"\x00{text}"),
    st.sampled_from(["1", "2"]),
)

hostile = expensive(0.6)


@pytest.fixture
def superuser_client(admin_client, listed_agreements):
    """A superuser's client that reports a server error as a 500 answer rather than raising it."""
    admin_client.raise_request_exception = False
    return admin_client


@hostile
@given(model=st.sampled_from(MODELS), query=queries)
def test_no_list_parameters_cause_a_server_error(superuser_client, model, query):
    query_string = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in query)

    response = superuser_client.get(reverse(f"admin:directory_{model}_changelist"), QUERY_STRING=query_string)

    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, query_string


@hostile
@given(
    model=st.sampled_from(MODELS),
    page=st.sampled_from(["change", "history", "delete", "revision"]),
    object_id=ids,
    version_id=st.one_of(st.integers(0, 10**6), st.integers(10**18, 10**30)),
)
def test_no_id_causes_a_server_error(superuser_client, model, page, object_id, version_id):
    address = f"/admin/directory/{model}/{quote(object_id, safe='')}/{page}/"
    if page == "revision":
        address = f"/admin/directory/{model}/{quote(object_id, safe='')}/history/{version_id}/"

    response = superuser_client.get(address)

    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, address


def test_posting_to_a_page_whose_id_names_nothing_causes_no_server_error(superuser_client):
    for object_id in ["abc", "0", "99999999999999999999", "1.5", "%00"]:
        for page in ["change", "delete"]:
            address = f"/admin/directory/partnership/{object_id}/{page}/"
            response = superuser_client.post(address, {"post": "yes"})
            assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, address


def test_an_action_on_ids_that_name_nothing_changes_nothing_and_says_so(superuser_client):
    for selected in [["abc"], ["99999999999999999999"], ["x", "%00"]]:
        response = superuser_client.post(
            reverse("admin:directory_partnership_changelist"),
            {"action": "unpublish", "_selected_action": selected},
            follow=True,
        )
        assert response.status_code == HTTPStatus.OK, selected
        assert "Items must be selected" in response.text
    assert not Partnership.objects.filter(status=Partnership.Status.DRAFT).exists()


def test_a_nul_character_in_a_list_s_address_shows_the_whole_list(superuser_client):
    for model in MODELS:
        for name in ["status__exact", "region", "name__startswith", "q", "o", "p", "country__exact"]:
            changelist = reverse(f"admin:directory_{model}_changelist")
            response = superuser_client.get(changelist, {name: "a\x00"}, follow=True)
            assert response.status_code == HTTPStatus.OK, (model, name)
            assert response.context["cl"].result_count == response.context["cl"].full_result_count, (model, name)


def test_the_place_autocomplete_answers_any_term(superuser_client):
    for term in ["\x00", "Ber\x00gen", "%00", "9" * 500]:
        response = superuser_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "directory", "model_name": "partnership", "field_name": "norwegian_party"},
        )
        assert response.status_code == HTTPStatus.OK, term


def test_a_decade_that_is_not_a_plain_four_digit_year_is_ignored(superuser_client):
    for decade in ["²⁰⁰⁰", "٢٠٠٠", "99999999999999999999", "-10", "0"]:
        response = superuser_client.get(reverse("admin:directory_partnership_changelist"), {"decade": decade})
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), decade


def test_history_and_restore_pages_of_an_id_with_a_nul_character_are_not_found(superuser_client):
    """Found on PostgreSQL, which refuses a NUL character in text: django-reversion looks the id up as text."""
    for page in ["history/", "history/1/"]:
        response = superuser_client.get(f"/admin/directory/place/%00abc/{page}")
        assert response.status_code == HTTPStatus.NOT_FOUND, page
