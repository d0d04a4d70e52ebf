"""On PostgreSQL, the database itself refuses quarters whose dates overlap.

SQLite (the demo database) has no exclusion constraints; there the model's
clean() is the only check, which the admin runs too.
"""

from django.db import migrations

CONSTRAINT = "quarter_dates_do_not_overlap"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE okrs_quarter ADD CONSTRAINT {CONSTRAINT} "
            "EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE okrs_quarter DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("okrs", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
