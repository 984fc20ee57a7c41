from django.db import migrations

from directory.search import search_text

REGIONS = "__parent__parent__parent"


def refresh_search_text(apps, schema_editor):
    """Every partnership's search text again: it now holds the names of the places its parties lie in."""
    Partnership = apps.get_model("directory", "Partnership")
    partnerships = Partnership.objects.select_related(f"norwegian_party{REGIONS}", f"chinese_party{REGIONS}")
    for partnership in partnerships.prefetch_related("topics", "milestones"):
        partnership.search_text = search_text(partnership)
        partnership.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_publisher"),
    ]

    operations = [
        migrations.RunPython(refresh_search_text, migrations.RunPython.noop),
    ]
