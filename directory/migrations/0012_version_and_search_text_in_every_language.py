"""A version number on every row editors change (two editors at once, directory/conflicts.py), milestones and
sources from 1900, and every partnership's search text again: its kind's label in all three languages, not in
the language of whoever saved it last, and the names of the places its parties lie in (directory/search.py)."""

import directory.models
from django.db import migrations, models

from directory.search import search_text

REGIONS = "__parent__parent__parent"  # the places the parties lie in, whose names the text holds


def search_text_in_every_language(apps, schema_editor):
    Partnership = apps.get_model("directory", "Partnership")
    partnerships = Partnership.objects.select_related(
        f"norwegian_party{REGIONS}", f"chinese_party{REGIONS}"
    ).prefetch_related("topics", "milestones")
    for partnership in partnerships:
        Partnership.objects.filter(pk=partnership.pk).update(search_text=search_text(partnership))


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0011_sources'),
    ]

    operations = [
        migrations.AddField(
            model_name='publisher',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='source',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='source',
            name='published',
            field=directory.models.PartialDateField(blank=True, first_year=1900, help_text='When it was published, as precise as the source says: 2007-06-14, 2006-09, 2011. Leave empty when the page does not say.', max_length=10, verbose_name='published'),
        ),
        migrations.AddField(
            model_name='contact',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='partnership',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='place',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='topic',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Raised by every save; an edit begun on an older version is refused.', verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='date',
            field=directory.models.PartialDateField(blank=True, first_year=1900, help_text='As precise as the source: 1995, 2007-06-14, 2004-22 for summer 2004. Leave empty when unknown.', max_length=10, verbose_name='date'),
        ),
        migrations.RunPython(search_text_in_every_language, migrations.RunPython.noop),
    ]
