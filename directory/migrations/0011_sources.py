"""Sources: where a partnership's facts come from. Embassy editors keep them as they keep milestones
(add, change, view and delete)."""

import directory.models
import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "Embassy editors"
CODENAMES = ["add_source", "change_source", "view_source", "delete_source"]


def let_editors_keep_sources(apps, schema_editor):
    # Permissions are normally created after all migrations; create the app's now.
    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="directory", codename__in=CODENAMES))


def take_sources_from_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="directory", codename__in=CODENAMES))


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0010_search_regions_and_pinyin_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text="Sources are listed from the lowest number up: give the embassy's list 1, the next source 2.", verbose_name='order')),
                ('title', models.CharField(help_text="The page's or document's own title, as it is written: Friendship Cities and Provinces.", max_length=300, verbose_name='title')),
                ('url', models.URLField(blank=True, help_text='Where to read it: https://www.norway.cn/…. Leave empty for a source that is not online.', max_length=500, verbose_name='address (URL)')),
                ('publisher', models.CharField(blank=True, help_text='Who published it: Royal Norwegian Embassy in Beijing, Bergen kommune, 湖北日报.', max_length=200, verbose_name='publisher')),
                ('published', directory.models.PartialDateField(blank=True, help_text='When it was published, as precise as the source says: 2007-06-14, 2006-09, 2011. Leave empty when the page does not say.', max_length=10, verbose_name='published')),
                ('accessed', models.DateField(blank=True, help_text='The day someone last read it to check the facts: 2025-03-14. Leave empty when not known.', null=True, verbose_name='date accessed')),
                ('language', models.CharField(choices=[('en', 'English'), ('nb', 'Norwegian (Bokmål)'), ('nn', 'Norwegian (Nynorsk)'), ('zh-Hans', 'Chinese (simplified)')], default='en', help_text='The language the source is written in, so that its title is read out correctly.', max_length=7, verbose_name='language')),
                ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sources', to='directory.partnership', verbose_name='partnership')),
            ],
            options={
                'verbose_name': 'source',
                'verbose_name_plural': 'sources',
                'ordering': ['order', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('language__in', ['en', 'nb', 'nn', 'zh-Hans'])), name='source_language_known')],
            },
        ),
        migrations.RunPython(let_editors_keep_sources, take_sources_from_editors),
    ]
