"""A GIN index on the words of published job descriptions' titles, for the search's relevance order.

A search lists the matches whose title has every search word first
(JobDescriptionQuerySet.by_relevance). The page's rows are read newest
first, through jd_published_newest, for as long as the matches are common;
this index finds them when they are rare, and its statistics (ANALYZE keeps
them for an index on an expression) tell the planner which case it is in.

PostgreSQL only: SQLite, which the demo runs on, has no full-text search and
ranks nothing. The expression is the one Django writes for
SearchVector("title", config="english"), so the planner matches the two.
"""

from django.db import migrations

INDEX = "jd_published_title_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_jobdescription "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(\"title\", ''))) WHERE state = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0006_vacancy_added_at")]

    operations = [migrations.RunPython(create, drop)]
