"""Two-factor sign-in: a password, then a code from an authenticator app or a backup code, for every account."""

import datetime
import re
from base64 import b32encode
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInEvent
from accounts.record import record
from accounts.second_factor import new_backup_codes

from .admin_helpers import PASSWORD, authenticator_app, current_code, make_editor, make_superuser, sign_in
from .admin_urls import admin_paths
from .factories import ContactFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
CODE = reverse("admin:sign_in_code")
SET_UP = reverse("admin:sign_in_set_up")
# The pages of signing in itself, which a password-only session may (and must) reach.
SIGN_IN_STEPS = {LOGIN, CODE, SET_UP}


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    """django-otp makes each wrong code's next try wait 1, 2, 4 ... seconds; tests type faster than people."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def give_password(client, username="editor", password=PASSWORD, next_url=None):
    data = {"username": username, "password": password, "next": next_url or reverse("admin:index")}
    return client.post(LOGIN, data)


def give_code(client, code, path=CODE):
    return client.post(path, {"code": code})


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def kinds(username="editor"):
    return list(SignInEvent.objects.filter(username=username).order_by("pk").values_list("kind", flat=True))


def code_from_page(device):
    """What a person's app shows after scanning the page's QR code: computed from the device's secret."""
    return current_code(device)


# The two steps


def test_a_right_password_leads_to_the_second_step_and_opens_nothing(client):
    authenticator_app(make_editor())

    response = give_password(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == CODE
    assert "_auth_user_id" not in client.session
    assert not signed_in(client)
    page = client.get(CODE)
    assert "Second step: a code" in page.text
    assert 'autocomplete="one-time-code"' in page.text


def test_the_password_and_the_code_sign_in_and_the_record_says_so(client):
    device = authenticator_app(make_editor())
    give_password(client, next_url=reverse("admin:directory_partnership_changelist"))

    response = give_code(client, current_code(device))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:directory_partnership_changelist")
    assert signed_in(client)
    assert kinds() == [SignInEvent.Kind.SIGNED_IN]


def test_a_wrong_code_is_refused_with_a_message_and_counted(client):
    device = authenticator_app(make_editor())
    give_password(client)
    right = current_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = give_code(client, wrong)

    assert response.status_code == HTTPStatus.OK
    assert "That code is not right" in response.text
    assert not signed_in(client)
    assert kinds() == [SignInEvent.Kind.WRONG_CODE]


def test_a_code_is_accepted_once(client):
    device = authenticator_app(make_editor())
    code = current_code(device)
    give_password(client)
    give_code(client, code)
    other = Client()
    give_password(other)

    response = give_code(other, code)

    assert "That code is not right" in response.text
    assert not signed_in(other)


def test_a_backup_code_signs_in_once(client):
    user = make_editor()
    authenticator_app(user)
    code = new_backup_codes(user)[0]
    give_password(client)
    give_code(client, code)
    again = Client()
    give_password(again)
    refused = give_code(again, code)

    assert signed_in(client)
    assert "That code is not right" in refused.text
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_without_a_next_address_the_sign_in_ends_at_the_admins_index(client):
    device = authenticator_app(make_editor())
    client.post(LOGIN, {"username": "editor", "password": PASSWORD})

    response = give_code(client, current_code(device))

    assert response.url == reverse("admin:index")


def test_a_wrong_first_code_makes_the_next_try_wait_a_little_and_is_not_counted_again(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = make_editor()
    give_password(client)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    give_code(client, wrong_code_for(device), SET_UP)

    response = give_code(client, current_code(device), SET_UP)

    assert "Wait a few seconds before the next code." in response.text
    assert kinds() == [SignInEvent.Kind.WRONG_CODE]


def test_a_wrong_code_makes_the_next_try_wait_a_little(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator_app(make_editor())
    give_password(client)
    give_code(client, "000000" if current_code(device) != "000000" else "111111")

    response = give_code(client, current_code(device))

    assert re.search(r"Wait \d+ seconds before the next code", response.text)
    assert not signed_in(client)


def test_the_second_step_expires_ten_minutes_after_the_password(client):
    device = authenticator_app(make_editor())
    give_password(client)
    session = client.session
    session["sign_in_pending"]["since"] -= 11 * 60
    session.save()

    response = give_code(client, current_code(device))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == LOGIN
    assert not signed_in(client)


def test_a_session_signed_in_without_a_second_factor_opens_no_admin_page(client):
    """Whatever path signs an account in without the second step, the admin asks for it."""
    client.force_login(make_superuser())

    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(LOGIN)


# A password alone reaches no admin page


def password_only(username):
    client = Client()
    give_password(client, username)
    assert "sign_in_pending" in client.session
    return client


def unverified(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.usefixtures("listed_agreements")
def test_no_admin_address_opens_with_a_password_alone_or_without_signing_in():
    superuser = make_superuser()
    authenticator_app(superuser)
    contact = ContactFactory()
    object_ids = {
        "directory/contact/": str(contact.pk),
        "directory/partnership/": str(contact.partnership.pk),
        "auth/user/": str(superuser.pk),
    }
    sessions = {
        "no session": Client(),
        "password only": password_only("admin"),
        "signed in without a second factor": unverified(superuser),
    }
    opened = []
    paths = admin_paths(object_ids)
    for name, client in sessions.items():
        for path in paths:
            for method in (client.get, client.post):
                if path in SIGN_IN_STEPS:
                    continue
                response = method(path)
                refused = (
                    response.status_code == HTTPStatus.FOUND
                    and response.url.split("?")[0] in {LOGIN, reverse("admin:index")}
                ) or (path.endswith("/no-such-admin-page/") and response.status_code == HTTPStatus.NOT_FOUND)
                if not refused:
                    opened.append((name, method.__name__, path, response.status_code))

    assert opened == []
    assert len(paths) > 90
    assert {"/admin/language/", "/admin/autocomplete/", "/admin/directory/partnership/import/"} <= set(paths)


def test_the_sign_in_steps_send_a_visitor_without_a_password_back_to_the_login_page(client):
    for path in (CODE, SET_UP):
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url == LOGIN


# The first sign-in sets up the app


def test_the_first_sign_in_sets_up_the_app_with_a_qr_code_drawn_on_the_server(client):
    make_superuser()

    response = give_password(client, "admin")
    page = client.get(SET_UP)

    assert response.url == SET_UP
    assert page.status_code == HTTPStatus.OK
    assert '<svg width="' in page.text
    assert "QR code for your authenticator app" in page.text
    device = TOTPDevice.objects.get(user__username="admin")
    assert not device.confirmed
    assert device.config_url.startswith("otpauth://totp/Norway%E2%80%93China%20friendship%20cities%3Aadmin?")
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'class="second-factor-secret"[^>]*>([A-Z2-7 ]+)<', page.text).group(1)
    assert shown.replace(" ", "") == secret
    assert not signed_in(client)


def test_the_first_code_confirms_the_app_signs_in_and_shows_ten_backup_codes(client):
    user = make_superuser()
    give_password(client, "admin", next_url=reverse("admin:directory_contact_changelist"))
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)

    response = give_code(client, code_from_page(device), SET_UP)

    assert response.status_code == HTTPStatus.OK
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.text)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert f'href="{reverse("admin:directory_contact_changelist")}"' in response.text
    assert signed_in(client)
    assert kinds("admin") == [SignInEvent.Kind.SECOND_FACTOR_SET_UP, SignInEvent.Kind.SIGNED_IN]


def test_the_set_up_page_keeps_one_secret_until_it_is_confirmed(client):
    make_superuser()
    give_password(client, "admin")
    first = client.get(SET_UP)
    second = client.get(SET_UP)

    pattern = r'class="second-factor-secret"[^>]*>([A-Z2-7 ]+)<'
    assert re.search(pattern, first.text).group(1) == re.search(pattern, second.text).group(1)
    assert TOTPDevice.objects.count() == 1


def test_a_wrong_first_code_sets_up_nothing(client):
    user = make_superuser()
    give_password(client, "admin")
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    right = code_from_page(device)

    response = give_code(client, f"{(int(right) + 1) % 1_000_000:06d}", SET_UP)

    assert "That code is not right" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not signed_in(client)


def test_a_password_alone_cannot_replace_a_second_factor(client):
    authenticator_app(make_editor())
    give_password(client)

    response = client.get(SET_UP)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == CODE
    assert TOTPDevice.objects.count() == 1


# Lockout counts wrong codes


def wrong_code_for(device):
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def test_five_wrong_codes_lock_the_account_and_then_the_right_code_is_refused(client):
    device = authenticator_app(make_editor())
    give_password(client)
    for _ in range(4):
        assert give_code(client, wrong_code_for(device)).status_code == HTTPStatus.OK

    fifth = give_code(client, wrong_code_for(device))
    again = Client()
    with_the_right_password = give_password(again)

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "This account is locked for a while" in fifth.text
    assert with_the_right_password.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)
    assert SignInEvent.Kind.LOCKED_OUT in kinds()


def test_wrong_passwords_and_wrong_codes_count_together(client):
    device = authenticator_app(make_editor())
    for _ in range(3):
        give_password(client, password="wrong")
    give_password(client)
    give_code(client, wrong_code_for(device))

    fifth = give_code(client, wrong_code_for(device))

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_right_password_does_not_wipe_the_wrong_codes(client):
    device = authenticator_app(make_editor())
    give_password(client)
    for _ in range(4):
        give_code(client, wrong_code_for(device))
    give_password(client)

    fifth = give_code(client, wrong_code_for(device))

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_whole_sign_in_wipes_the_wrong_codes(client):
    device = authenticator_app(make_editor())
    give_password(client)
    for _ in range(4):
        give_code(client, wrong_code_for(device))
    give_code(client, current_code(device))
    other = Client()
    give_password(other)

    for _ in range(4):
        assert give_code(other, wrong_code_for(device)).status_code == HTTPStatus.OK


def test_wrong_codes_while_setting_up_count_too(client):
    user = make_editor()
    give_password(client)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    for _ in range(4):
        give_code(client, wrong_code_for(device), SET_UP)

    fifth = give_code(client, wrong_code_for(device), SET_UP)

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS


# Reset, replace, new backup codes


def test_the_reset_command_removes_the_second_factor_and_the_next_sign_in_sets_up_a_new_one(client):
    user = make_editor()
    old = authenticator_app(user)
    signed = Client()
    sign_in(signed, user)
    out = []

    call_command("reset_second_factor", "editor", stdout=type("Out", (), {"write": lambda self, s: out.append(s)})())

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert "set up a new authenticator app" in "".join(out)
    assert not signed_in(signed)
    assert give_password(client).url == SET_UP
    reset = SignInEvent.objects.get(kind=SignInEvent.Kind.SECOND_FACTOR_RESET)
    assert (reset.username, reset.detail) == ("editor", "manage.py reset_second_factor")


def test_the_reset_command_names_an_unknown_account():
    with pytest.raises(CommandError, match="No account is called 'nobody'"):
        call_command("reset_second_factor", "nobody")


def test_a_signed_in_editor_replaces_the_app_and_the_old_one_stops_working(client):
    user = make_editor()
    old = authenticator_app(user)
    sign_in(client, user)
    page = client.get(reverse("admin:second_factor"))
    assert "Set up a new authenticator app" in page.text

    assert client.get(SET_UP).status_code == HTTPStatus.OK
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    response = give_code(client, code_from_page(new), SET_UP)

    assert len(re.findall(r"<li><code>(\w+)</code></li>", response.text)) == 10
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert signed_in(client)
    assert old.pk != new.pk


def test_new_backup_codes_replace_the_old_ones(client):
    user = make_editor()
    sign_in(client, user)
    old = new_backup_codes(user)

    response = client.post(reverse("admin:second_factor"), {"new_backup_codes": "1"})

    new = re.findall(r"<li><code>(\w+)</code></li>", response.text)
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert "You have 10 backup codes left." in client.get(reverse("admin:second_factor")).text


# The sign-in record


def test_every_kind_of_event_is_recorded_with_the_account_and_address(client):
    device = authenticator_app(make_editor())
    give_password(client, password="wrong")
    give_password(client)
    give_code(client, wrong_code_for(device))
    give_code(client, current_code(device))

    assert kinds() == [
        SignInEvent.Kind.WRONG_PASSWORD,
        SignInEvent.Kind.WRONG_CODE,
        SignInEvent.Kind.SIGNED_IN,
    ]
    assert set(SignInEvent.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_the_record_keeps_each_line_for_the_stated_period(settings):
    record(SignInEvent.Kind.SIGNED_IN, "old")
    record(SignInEvent.Kind.SIGNED_IN, "recent")
    SignInEvent.objects.filter(username="old").update(
        time=timezone.now() - datetime.timedelta(days=settings.SIGN_IN_RECORD_DAYS, minutes=1)
    )
    SignInEvent.objects.filter(username="recent").update(
        time=timezone.now() - datetime.timedelta(days=settings.SIGN_IN_RECORD_DAYS - 1)
    )

    record(SignInEvent.Kind.WRONG_PASSWORD, "new")

    assert sorted(SignInEvent.objects.values_list("username", flat=True)) == ["new", "recent"]


def test_superusers_see_the_record_and_editors_never_do(client):
    record(SignInEvent.Kind.WRONG_PASSWORD, "somebody")
    editor = make_editor()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="accounts"))
    sign_in(client, editor)
    superuser = Client()
    sign_in(superuser, make_superuser())
    changelist = reverse("admin:accounts_signinevent_changelist")

    assert client.get(changelist).status_code == HTTPStatus.FORBIDDEN
    assert "Sign-in record" not in client.get(reverse("admin:index")).text
    shown = superuser.get(changelist)
    assert shown.status_code == HTTPStatus.OK
    assert "somebody" in shown.text
    assert "Wrong password" in shown.text


# A newcomer's first run


def test_the_local_administrator_is_told_the_first_sign_in_sets_up_the_second_factor(settings, capsys):
    settings.DEBUG = True

    call_command("createlocaladmin")

    out = capsys.readouterr().out
    assert "authenticator app" in out
    assert "QR code" in out
