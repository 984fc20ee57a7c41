"""Accounts and form data for the admin's tests."""

import importlib
import time

from django.contrib.auth.models import Group, Permission, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

EDITORS = "Embassy editors"
PASSWORD = "a long and secret passphrase"
group_migration = importlib.import_module("directory.migrations.0002_embassy_editors_group")
publisher_migration = importlib.import_module("directory.migrations.0008_publisher")
sources_migration = importlib.import_module("directory.migrations.0011_sources")


def editors_group():
    """The group the data migration made; rebuilt the same way where a transactional test flushed it."""
    group, created = Group.objects.get_or_create(name=EDITORS)
    if created:
        wanted = [*group_migration.codenames(), *publisher_migration.EDITORS_MAY, *sources_migration.CODENAMES]
        group.permissions.set(Permission.objects.filter(content_type__app_label="directory", codename__in=wanted))
    return group


def make_editor(username="editor"):
    """An embassy editor as the README says to create one: staff, in the editors' group."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


def make_superuser(username="admin"):
    return User.objects.create_superuser(username, password=PASSWORD)


def authenticator_app(user):
    """The user's authenticator app (django-otp's TOTP device), set up as its owner would; made if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def current_code(device):
    """The six digits the app shows now, computed from the device's secret as the app computes them.

    A code is accepted once: for a second sign-in within the same 30 seconds, the next time step's code
    (which the device accepts, allowing for a clock one step ahead).
    """
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    step = max(now, device.last_t + 1)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, step - now):06d}"


def sign_in(client, user):
    """Sign `user` in to the admin with the test client, as every admin test does: the one place to say how.

    As a verified staff member: signed in, and the session holds the second factor that proved it.
    """
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()


def sign_in_browser(page, base_url, username, password=PASSWORD):
    """Sign in to the admin in a real browser, as a person does: the one place browser tests say how.

    The password, then the code the account's authenticator app shows (computed from the device's secret).
    Fields are found by their ids, so the helper works whatever the admin's language.
    """
    device = authenticator_app(User.objects.get(username=username))
    page.goto(f"{base_url}/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    page.locator("#id_code").fill(current_code(device))
    page.locator("#login-form [type=submit]").click()


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def partnership_form(norwegian, chinese, **fields):
    """POST data for the partnership add form, without sources, milestones or contacts unless given."""
    data = {
        "norwegian_party": str(norwegian.pk),
        "chinese_party": str(chinese.pk),
        "kind": "friendship-agreement",
        "signed": "",
        "signed_at": "",
        "summary": "",
        "source_note": "",
        "status": "draft",
        "slug": "",
        **inline_management("sources"),
        **inline_management("milestones"),
        **inline_management("contacts"),
    }
    data.update(fields)
    return data


def form_data_from(response):
    """The POST data a person would send by pressing Save on the change form in `response`."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management[name].value() or field.initial or 0
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            value = field.prepare_value(value) if hasattr(field, "prepare_value") else value
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)
    return data
