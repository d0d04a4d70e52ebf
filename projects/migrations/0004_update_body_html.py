from django.db import migrations, models

from govuk.markup import markdown_to_safe_html


def render_bodies(apps, schema_editor):
    """Fill body_html for the updates already saved, as ProjectUpdate.save does for new ones."""
    ProjectUpdate = apps.get_model("projects", "ProjectUpdate")
    batch = []
    for update in ProjectUpdate.objects.only("pk", "body").iterator(chunk_size=500):
        update.body_html = markdown_to_safe_html(update.body)
        batch.append(update)
        if len(batch) == 500:
            ProjectUpdate.objects.bulk_update(batch, ["body_html"])
            batch = []
    ProjectUpdate.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_single_line_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectupdate",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop, elidable=True),
    ]
