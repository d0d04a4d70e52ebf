"""A published job description index on London weighting then role: a filtered list's count from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0007_title_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="jobdescription",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["london_weighting", "role"],
                name="jd_published_weighting_role",
            ),
        ),
    ]
