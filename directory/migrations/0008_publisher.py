"""Who keeps the directory: one row, made here with the embassy's details; embassy editors may correct it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "Embassy editors"
EDITORS_MAY = ["view_publisher", "change_publisher"]

# As directory.models.PUBLISHER_DEFAULTS was when this migration was written.
PUBLISHER = {
    "name": "Royal Norwegian Embassy in Beijing",
    "name_nb": "Den kongelige norske ambassade i Beijing",
    "name_zh_hans": "挪威王国驻华大使馆",
    "postal_address": "Sanlitun Dongyijie 1\n100600 Beijing\nChina",
    "email": "emb.beijing@mfa.no",
    "website": "https://www.norway.no/en/china/",
}


def create_publisher(apps, schema_editor):
    apps.get_model("directory", "Publisher").objects.get_or_create(pk=1, defaults=PUBLISHER)
    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="directory", codename__in=EDITORS_MAY))


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0007_search_and_parties_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Publisher',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The body that keeps the directory: Royal Norwegian Embassy in Beijing.', max_length=200, verbose_name='name in English')),
                ('name_nb', models.CharField(blank=True, help_text='Den kongelige norske ambassade i Beijing. Left empty, the Norwegian pages show the English.', max_length=200, verbose_name='name in Norwegian')),
                ('name_zh_hans', models.CharField(blank=True, help_text='挪威王国驻华大使馆. Left empty, the Chinese pages show the English.', max_length=200, verbose_name='name in Chinese')),
                ('postal_address', models.TextField(help_text='As written on an envelope, one line each: street, postcode and city, country.', verbose_name='postal address')),
                ('email', models.EmailField(help_text='Where the public writes with corrections, suggestions and requests.', max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, help_text='With the country code: +86 for China, +47 for Norway.', max_length=40, verbose_name='phone')),
                ('website', models.URLField(blank=True, help_text="The body's own website.", verbose_name='website')),
            ],
            options={
                'verbose_name': 'publisher',
                'verbose_name_plural': 'publisher',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='publisher_single_row')],
            },
        ),
        migrations.RunPython(create_publisher, migrations.RunPython.noop),
    ]
