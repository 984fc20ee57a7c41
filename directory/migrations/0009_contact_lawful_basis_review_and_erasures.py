"""Why each contact is held and when to check it again; the note an erasure leaves.

Contacts kept from before get no lawful basis (the form asks for one at their next save) and are due for
review at once, so that the admin's review list shows them all.
"""

import django.db.models.deletion
import directory.models
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0008_publisher'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Erasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('time', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                ('contact_number', models.PositiveBigIntegerField(verbose_name='contact number')),
                ('partnership', models.CharField(help_text='Its slug, when it was erased.', max_length=201, verbose_name='partnership')),
                ('removed', models.CharField(max_length=200, verbose_name='what was removed')),
            ],
            options={
                'verbose_name': 'erasure',
                'verbose_name_plural': 'erasures',
                'ordering': ['-time', '-pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='contact',
            options={'ordering': ['side', 'name', 'organisation'], 'permissions': [('download_personal_data', 'Can download everything held about a person (access requests)')], 'verbose_name': 'contact', 'verbose_name_plural': 'contacts'},
        ),
        migrations.AddField(
            model_name='contact',
            name='consent_given',
            field=models.DateField(blank=True, help_text='For consent: the day the person gave it.', null=True, verbose_name='consent given on'),
        ),
        migrations.AddField(
            model_name='contact',
            name='consent_how',
            field=models.CharField(blank=True, help_text='For consent: “By email to the embassy”, “Signed form at the 2024 delegation visit”.', max_length=200, verbose_name='how consent was given'),
        ),
        migrations.AddField(
            model_name='contact',
            name='last_checked',
            field=models.DateField(blank=True, default=django.utils.timezone.localdate, help_text='The day someone last checked that this contact is right and still needed.', verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='contact',
            name='lawful_basis',
            field=models.CharField(choices=[('consent', "The person's consent"), ('public-role', "An office's public role")], help_text="The person's consent (say below when and how they gave it), or an office's public role: a municipality's international office, an embassy's desk.", max_length=20, verbose_name='why we hold it', default=''),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='contact',
            name='review_by',
            field=models.DateField(blank=True, help_text='When to check it again: two years after the last check unless you choose another day. Contacts due for review are listed under Contacts → Review: due.', verbose_name='review by', default=django.utils.timezone.localdate),
            preserve_default=False,
        ),
        # Contacts kept from before are due for review today; new ones two years after their last check.
        migrations.AlterField(
            model_name='contact',
            name='review_by',
            field=models.DateField(blank=True, default=directory.models.default_review_by, help_text='When to check it again: two years after the last check unless you choose another day. Contacts due for review are listed under Contacts → Review: due.', verbose_name='review by'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(fields=['review_by'], name='contact_review_by'),
        ),
        migrations.AddConstraint(
            model_name='contact',
            constraint=models.CheckConstraint(condition=models.Q(('lawful_basis__in', ['consent', 'public-role', ''])), name='contact_lawful_basis_known', violation_error_message='Choose why the directory holds this contact.'),
        ),
        migrations.AddConstraint(
            model_name='contact',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('lawful_basis', 'consent'), _negated=True), models.Q(('consent_given__isnull', False), models.Q(('consent_how', ''), _negated=True)), _connector='OR'), name='contact_consent_has_date_and_how', violation_error_message='For consent, give the day it was given and how.'),
        ),
        migrations.AddField(
            model_name='erasure',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='erased by'),
        ),
    ]
