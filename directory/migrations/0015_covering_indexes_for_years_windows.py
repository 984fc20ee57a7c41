"""Covering indexes for the facets' counts under a years window (directory/models/partnerships.py): made before
the two indexes they replace are dropped, so that no query is left without one while this runs; the previous
release reads through them as well."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0014_tallies'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='partnership',
            index=models.Index(fields=['status', 'kind', 'signed_earliest', 'signed_latest'], name='partnership_kind_window'),
        ),
        migrations.AddIndex(
            model_name='partnership',
            index=models.Index(fields=['status', 'signed_earliest', 'signed_latest', 'kind', 'norwegian_party', 'chinese_party', 'id'], name='partnership_window'),
        ),
        migrations.RemoveIndex(
            model_name='partnership',
            name='partnership_kind',
        ),
        migrations.RemoveIndex(
            model_name='partnership',
            name='partnership_signed_to',
        ),
    ]
