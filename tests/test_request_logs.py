"""One log line per request and per error, with a request id, and nothing private in them."""

import logging
import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .factories import ContactFactory

REQUEST_LINE = re.compile(r"^(GET|POST|HEAD) (\S+) (\d{3}) \d+\.\dms$")


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "twinning.requests"]


def test_each_request_logs_one_line_with_method_path_status_duration_and_id(client, listed_agreements, caplog):
    caplog.set_level(logging.INFO)

    response = client.get("/partnerships/?sort=name")

    [line] = request_lines(caplog)
    assert REQUEST_LINE.match(line.getMessage()).groups() == ("GET", "/partnerships/?sort=name", "200")
    assert line.request_id == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line.request_id)


def test_a_sane_incoming_request_id_is_kept_and_echoed(client, db, caplog):
    caplog.set_level(logging.INFO)

    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})

    assert response["X-Request-ID"] == "lb-7f3a.42"
    assert request_lines(caplog)[0].request_id == "lb-7f3a.42"


@pytest.mark.parametrize("incoming", ["x" * 65, "evil\nGET / 200", "id with spaces", ""])
def test_an_insane_incoming_request_id_is_replaced(client, db, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_server_error_logs_its_traceback_under_the_request_id(client, db, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    client.raise_request_exception = False
    monkeypatch.setattr("directory.views.pages.HomeView.get_context_data", lambda *a, **k: 1 / 0)

    response = client.get("/")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    [error] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert error.exc_info[0] is ZeroDivisionError
    assert error.request_id == response["X-Request-ID"]
    assert "Traceback" not in response.content.decode()


def test_passwords_secrets_and_private_contacts_stay_out_of_the_logs(client, listed_agreements, caplog):
    caplog.set_level(logging.DEBUG)
    get_user_model().objects.create_superuser("editor", password="correct horse battery staple")
    private = ContactFactory(is_public=False, email="hidden.person@example.no", notes="staff-only remark")

    client.post(reverse("admin:login"), {"username": "editor", "password": "correct horse battery staple"})
    client.post(reverse("admin:login"), {"username": "editor", "password": "a wrong guess"})
    client.get("/partnerships/?api_key=s3cr3t-value&token=t0k3n-value&q=ningbo")
    client.get(private.partnership.get_absolute_url())
    client.get(reverse("directory:partnership-detail-json", kwargs={"slug": private.partnership.slug}))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /admin/login/" in logged
    assert "q=ningbo" in logged
    for secret in ["correct horse", "a wrong guess", "s3cr3t-value", "t0k3n-value", "hidden.person", "staff-only"]:
        assert secret not in logged
