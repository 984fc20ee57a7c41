from django.db import migrations, models

from directory.translations import chinese_sort_key

def fill_sort_keys(apps, schema_editor):
    """Each place's and topic's reading for the Chinese pages' name order."""
    for name in ("Place", "Topic"):
        model = apps.get_model("directory", name)
        rows = list(model.objects.all())
        for row in rows:
            row.sort_key_zh_hans = chinese_sort_key(row)
        model.objects.bulk_update(rows, ["sort_key_zh_hans"], batch_size=500)


SORT_KEY = models.CharField(
    blank=True,
    editable=False,
    help_text="How the name sorts on the Chinese pages: its pinyin without tones; kept up to date.",
    max_length=200,
)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_contact_lawful_basis_review_and_erasures"),
    ]

    operations = [
        migrations.AddField(model_name="place", name="sort_key_zh_hans", field=SORT_KEY),
        migrations.AddField(model_name="topic", name="sort_key_zh_hans", field=SORT_KEY.clone()),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
