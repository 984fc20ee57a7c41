"""Login protection: five wrong passwords lock the account for a while; idle sessions expire.

(Wrong codes at the second step count too: tests/test_two_factor.py.)"""

import datetime
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from .admin_helpers import make_editor, sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "a long and secret passphrase"


def log_in(client, password, username="editor"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": reverse("admin:index")}
    )


def test_a_right_password_leads_to_the_second_step(client):
    make_editor()

    response = log_in(client, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:sign_in_set_up")


def test_four_wrong_passwords_do_not_lock_the_account(client):
    make_editor()
    for _ in range(4):
        assert log_in(client, "wrong").status_code == HTTPStatus.OK

    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_five_wrong_passwords_lock_the_account_with_a_message_that_says_so(client):
    make_editor()
    for _ in range(4):
        log_in(client, "wrong")

    fifth = log_in(client, "wrong")
    with_the_right_password = log_in(client, PASSWORD)

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "This account is locked for a while" in fifth.text
    assert "30 minutes" in fifth.text
    assert with_the_right_password.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account(client):
    make_editor()
    make_editor("other")
    for _ in range(5):
        log_in(client, "wrong")

    assert log_in(client, PASSWORD, username="other").status_code == HTTPStatus.FOUND


def test_the_account_opens_again_after_the_cool_off(client):
    make_editor()
    for _ in range(5):
        log_in(client, "wrong")
    long_ago = datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)

    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_an_idle_session_expires_after_an_hour_and_each_request_extends_it(client):
    sign_in(client, make_editor())

    response = client.get(reverse("admin:index"))

    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_an_expired_session_is_sent_back_to_the_login_page(client):
    from django.contrib.sessions.models import Session

    sign_in(client, make_editor())
    Session.objects.update(expire_date=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1))

    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("password", ["12345678", "password", "short", "editor2024"])
def test_weak_passwords_are_refused(password):
    user = make_editor("editor2024")

    with pytest.raises(ValidationError):
        validate_password(password, user)
