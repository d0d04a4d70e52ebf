"""Grow a generated dataset to 3x or 10x its job descriptions and projects, in SQL.

`make bench` times each page at production scale (1x) and again on copies of
that database with three and ten times the job descriptions and the projects
(each project with its participations, commitments, their boroughs' records
and its updates). Building 10x through the ORM would take many minutes; here
every table is copied with one INSERT ... SELECT over generate_series, so the
copies keep every column, those added later included.

Copies are recognisable, so growing twice copies only the original rows:
projects by their slug (`bench-copy<k>-<original slug>`), job descriptions by
their link (`...#copy<k>`). Everything else (users, boroughs, roles, OKRs,
ideas, vacancies) stays as it was: a role at 10x has ten times the versions.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from jobs.models import JobDescription
from perf.data import derived_data_refresh
from projects.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
)


@dataclass
class Copied:
    """A table copied along with its parent: `fk` names the field pointing at the parent."""

    model: type
    fk: str
    children: list["Copied"] = field(default_factory=list)


# Each root: its model, the rows that are originals (SQL on `src`), the columns
# a copy must change (SQL on `src` and the copy number `k`), and its children.
PROJECT_COPIES = [
    Copied(Participation, "project"),
    Copied(Deliverable, "project", [Copied(DeliverableStatus, "deliverable")]),
    Copied(Measure, "project", [Copied(MeasureContribution, "measure")]),
    Copied(Agreement, "project", [Copied(Signatory, "agreement")]),
    Copied(ProjectUpdate, "project"),
]
PROJECT_ORIGINALS = "src.slug LIKE 'bench-project-%%'"
PROJECT_CHANGES = {
    "slug": "'bench-copy' || k || '-' || src.slug",
    "title": "src.title || ' (copy ' || k || ')'",
}
DESCRIPTION_ORIGINALS = "src.external_url NOT LIKE '%%#copy%%'"
DESCRIPTION_CHANGES = {
    # A link of its own; the same text, so searches find ten times the matches.
    "external_url": "CASE WHEN src.external_url = '' THEN '' ELSE src.external_url || '#copy' || k END",
    "salary_min": "src.salary_min + 10 * k",
    "salary_max": "src.salary_max + 10 * k",
    "advertised_on": "src.advertised_on - k",
    "published_at": "src.published_at - make_interval(hours => k)",
    "submitted_at": "src.submitted_at - make_interval(hours => k)",
}


def copies_present():
    """How many times the original job descriptions are in the database (1 before any growth)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE external_url NOT LIKE %s), count(*) FROM jobs_jobdescription",
            ["%#copy%"],
        )
        originals, total = cursor.fetchone()
    return round(total / originals) if originals else 1


@transaction.atomic
def grow(factor):
    """Add copies of the original job descriptions and projects until there are `factor` times as many."""
    first, last = copies_present() + 1, factor
    if last < first:
        return
    with connection.cursor() as cursor:
        # The copies point only at rows that exist (their originals' parents or
        # the parents' copies): skip the foreign key checks, which would
        # otherwise run row by row at commit and take longer than the copying.
        # Needs a superuser, as the throwaway PostgreSQL's is; local to this transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        copy_root(cursor, JobDescription, DESCRIPTION_ORIGINALS, DESCRIPTION_CHANGES, first, last, [])
        copy_root(cursor, Project, PROJECT_ORIGINALS, PROJECT_CHANGES, first, last, PROJECT_COPIES)
    derived_data_refresh()


def columns(model):
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def sequence_of(model):
    return f"pg_get_serial_sequence('{model._meta.db_table}', '{model._meta.pk.column}')"


def fresh_map(cursor, table):
    """The name of a new temporary table mapping `table`'s original ids to their copies' ids."""
    name = f"growth_{table}"
    cursor.execute(f'DROP TABLE IF EXISTS "{name}"')  # from an earlier grow in the same transaction
    return name


def copy_root(cursor, model, originals, changes, first, last, children):
    table, pk = model._meta.db_table, model._meta.pk.column
    exprs = [changes.get(column, f'src."{column}"') for column in columns(model)]
    names = ", ".join(f'"{c}"' for c in columns(model))
    if not children:
        cursor.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} '
            f'FROM "{table}" src CROSS JOIN generate_series(%s, %s) AS copy(k) WHERE {originals}',
            [first, last],
        )
        return
    # New ids drawn first, so the children can be pointed at their parent's copy.
    id_map = fresh_map(cursor, table)
    cursor.execute(
        f'CREATE TEMPORARY TABLE "{id_map}" AS '
        f'SELECT src."{pk}" AS old_id, copy.k AS k, nextval({sequence_of(model)}) AS new_id '
        f'FROM "{table}" src CROSS JOIN generate_series(%s, %s) AS copy(k) WHERE {originals}',
        [first, last],
    )
    cursor.execute(
        f'INSERT INTO "{table}" ("{pk}", {names}) SELECT m.new_id, {", ".join(exprs)} '
        f'FROM "{id_map}" m JOIN "{table}" src ON src."{pk}" = m.old_id'
    )
    for child in children:
        copy_child(cursor, child, id_map)


def copy_child(cursor, child, parent_map):
    model = child.model
    table, pk = model._meta.db_table, model._meta.pk.column
    fk_column = model._meta.get_field(child.fk).column
    exprs = ["p.new_id" if column == fk_column else f'src."{column}"' for column in columns(model)]
    names = ", ".join(f'"{c}"' for c in columns(model))
    source = f'FROM "{table}" src JOIN "{parent_map}" p ON p.old_id = src."{fk_column}"'
    if not child.children:
        cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} {source}')
        return
    id_map = fresh_map(cursor, table)
    cursor.execute(
        f'CREATE TEMPORARY TABLE "{id_map}" AS '
        f'SELECT src."{pk}" AS old_id, p.new_id AS parent_new_id, nextval({sequence_of(model)}) AS new_id {source}'
    )
    exprs = ["m.parent_new_id" if column == fk_column else f'src."{column}"' for column in columns(model)]
    cursor.execute(
        f'INSERT INTO "{table}" ("{pk}", {names}) SELECT m.new_id, {", ".join(exprs)} '
        f'FROM "{id_map}" m JOIN "{table}" src ON src."{pk}" = m.old_id'
    )
    for grandchild in child.children:
        copy_child(cursor, grandchild, id_map)
