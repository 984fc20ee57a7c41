"""The closure tables of the place and topic trees (directory/ancestry.py), filled for the rows there are.

Only new tables, without foreign key constraints in the database: the previous release reads and writes as
before (what its edits of a tree leave stale, `release` and the next edit put right)."""

import django.db.models.deletion
from django.db import migrations, models

from directory.trees import closure


def fill(apps, schema_editor):
    for model_name, node in (("Place", "place"), ("Topic", "topic")):
        model = apps.get_model("directory", model_name)
        table = apps.get_model("directory", f"{model_name}Ancestry")
        parents = dict(model.objects.values_list("pk", "parent_id"))
        table.objects.bulk_create(
            [table(**{f"{node}_id": pk, "ancestor_id": ancestor, "depth": depth}) for pk, ancestor, depth in closure(parents)],
            batch_size=1000,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0012_version_and_search_text_in_every_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlaceAncestry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('depth', models.PositiveSmallIntegerField()),
                ('ancestor', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.place')),
                ('place', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ancestry', to='directory.place')),
            ],
            options={
                'indexes': [models.Index(fields=['ancestor', 'place'], name='place_ancestry_descendants')],
                'constraints': [models.UniqueConstraint(fields=('place', 'ancestor'), name='place_ancestry_unique')],
            },
        ),
        migrations.CreateModel(
            name='TopicAncestry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('depth', models.PositiveSmallIntegerField()),
                ('ancestor', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.topic')),
                ('topic', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ancestry', to='directory.topic')),
            ],
            options={
                'indexes': [models.Index(fields=['ancestor', 'topic'], name='topic_ancestry_descendants')],
                'constraints': [models.UniqueConstraint(fields=('topic', 'ancestor'), name='topic_ancestry_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
