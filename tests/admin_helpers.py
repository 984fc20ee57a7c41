"""Accounts and form data for the admin's tests."""

import importlib

from django.contrib.auth.models import Group, Permission, User

EDITORS = "Embassy editors"
PASSWORD = "a long and secret passphrase"
group_migration = importlib.import_module("directory.migrations.0002_embassy_editors_group")


def editors_group():
    """The group the data migration made; rebuilt the same way where a transactional test flushed it."""
    group, created = Group.objects.get_or_create(name=EDITORS)
    if created:
        wanted = list(group_migration.codenames())
        group.permissions.set(Permission.objects.filter(content_type__app_label="directory", codename__in=wanted))
    return group


def make_editor(username="editor"):
    """An embassy editor as the README says to create one: staff, in the editors' group."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    return user


def make_superuser(username="admin"):
    return User.objects.create_superuser(username, password=PASSWORD)


def sign_in(client, user):
    """Sign `user` in to the admin with the test client, as every admin test does: the one place to say how."""
    client.force_login(user)


def sign_in_browser(page, base_url, username, password=PASSWORD):
    """Sign in to the admin in a real browser, as a person does: the one place browser tests say how."""
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


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
