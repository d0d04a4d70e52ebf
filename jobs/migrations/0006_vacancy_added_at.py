"""Vacancy.added_at: when a vacancy came onto the portal, for job alerts.

Existing vacancies are given the start of their posting day, so the first
alert run after the migration does not take every open vacancy for new.
"""

import datetime

import django.utils.timezone
from django.db import migrations, models


def from_posting_day(apps, schema_editor):
    Vacancy = apps.get_model("jobs", "Vacancy")
    zone = django.utils.timezone.get_current_timezone()
    for day in Vacancy.objects.order_by().values_list("posted_on", flat=True).distinct():
        added = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        Vacancy.objects.filter(posted_on=day).update(added_at=added)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_open_vacancies_and_council_indexes")]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="added_at",
            field=models.DateTimeField(null=True, editable=False, verbose_name="added to the portal"),
        ),
        migrations.RunPython(from_posting_day, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="vacancy",
            name="added_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="added to the portal"
            ),
        ),
    ]
