"""The "Embassy editors" group: what an embassy editor may do in the admin.

Add, change and view every directory model; delete only milestones and
contacts (a wrong partnership, place or topic is corrected or unpublished, not
deleted); nothing on users or groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Embassy editors"
MODELS = ["partnership", "place", "topic", "milestone", "contact"]
DELETABLE = ["milestone", "contact"]


def codenames():
    for model in MODELS:
        yield from (f"add_{model}", f"change_{model}", f"view_{model}")
    for model in DELETABLE:
        yield f"delete_{model}"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create the app's now.
    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = list(codenames())
    permissions = Permission.objects.filter(content_type__app_label="directory", codename__in=wanted)
    if permissions.count() != len(wanted):
        raise RuntimeError(f"Expected the permissions {wanted}, found {sorted(p.codename for p in permissions)}.")
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
