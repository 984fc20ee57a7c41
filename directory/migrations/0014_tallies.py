"""The published directory's counts kept as data (directory/tallies.py): a new table of one row, made
uncounted, so that the first page to read it counts them.

The previous release knows nothing of it and does not mark its edits: `release` counts again before the app
servers restart, and an edit made through an old server during the restart is counted at the next edit
(docs/architecture.md, "Counts kept as data")."""

from django.db import migrations, models


def make_row(apps, schema_editor):
    apps.get_model("directory", "Tally").objects.get_or_create(pk=1, defaults={"edits": 0, "counted": None})


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0013_tree_closure_tables'),
    ]

    operations = [
        migrations.CreateModel(
            name='Tally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('edits', models.PositiveBigIntegerField(default=0)),
                ('counted', models.PositiveBigIntegerField(blank=True, null=True)),
                ('counts', models.JSONField(blank=True, default=dict)),
            ],
            options={
                'verbose_name': 'tally',
                'verbose_name_plural': 'tallies',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='tally_single_row')],
            },
        ),
        migrations.RunPython(make_row, migrations.RunPython.noop),
    ]
