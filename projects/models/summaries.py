"""Every borough's status in many projects at once, from grouped counts: for lists of projects.

`Participation.objects.with_status()` works each row's CommitmentSummary out
in twelve correlated subqueries, which suits a page of participations; for
every borough of 20 projects (660 rows) PostgreSQL took half a second over
them. Here each kind of commitment row is counted once, grouped by project
and borough, and joined to the participations in one query whatever the
number of projects (PARTS_SQL), and CommitmentSummary's rule decides, as
everywhere else (`status_from`, on each row's counts as they come). Only the
status is worked out: lists show no "last changed".

One query of one row a participation, not five of grouped rows: reading
the grouped rows (about 2,000 for a page of 20 projects) into dicts and
building each query was most of the API's projects list.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db import connection

from projects.models.commitments import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Signatory,
)
from projects.models.portfolio import Participation
from projects.models.status import COUNTS, DONE, NOT_STARTED, STARTED_SIGNATURES, status_from


class BoroughPart(NamedTuple):
    """A borough's part in a project as a list shows it, without model instances."""

    borough_slug: str
    borough_name: str
    role: str
    shown_status: Participation.Status  # as Participation.shown_status


# Each participation of the projects asked for, with what its project has
# (deliverables, measures, agreements) and the borough's own counts of each
# kind of row, grouped once per kind and joined by (project, borough); the
# counts in the order of status.COUNTS, whose names status_from() takes them by.
# Signatories that are not boroughs are no borough's signatures.
PARTS_SQL = """
WITH sizes AS MATERIALIZED (
    SELECT p.id,
           (SELECT count(*) FROM {Deliverable} d WHERE d.project_id = p.id) AS deliverables,
           (SELECT count(*) FROM {Measure} m WHERE m.project_id = p.id) AS measures,
           (SELECT count(*) FROM {Agreement} a WHERE a.project_id = p.id) AS agreements
    FROM {Project} p WHERE p.id IN ({projects})
), statuses AS (
    SELECT d.project_id, s.borough_id,
           count(*) FILTER (WHERE s.state = %(done)s) AS done,
           count(*) FILTER (WHERE s.state <> %(not_started)s) AS started
    FROM {DeliverableStatus} s JOIN {Deliverable} d ON d.id = s.deliverable_id
    WHERE d.project_id IN ({projects})
    GROUP BY d.project_id, s.borough_id
), pledges AS (
    SELECT m.project_id, c.borough_id, sum(c.value) AS pledged
    FROM {MeasureContribution} c JOIN {Measure} m ON m.id = c.measure_id
    WHERE m.project_id IN ({projects})
    GROUP BY m.project_id, c.borough_id
), signatures AS (
    SELECT a.project_id, s.borough_id,
           count(*) AS signatures,
           count(*) FILTER (WHERE s.state = %(signed)s) AS signed,
           count(*) FILTER (WHERE s.state IN ({started_signatures})) AS started
    FROM {Signatory} s JOIN {Agreement} a ON a.id = s.agreement_id
    WHERE a.project_id IN ({projects}) AND s.borough_id IS NOT NULL
    GROUP BY a.project_id, s.borough_id
)
SELECT pa.project_id, b.slug, b.name, pa.role, pa.status,
       sizes.deliverables, coalesce(st.done, 0), coalesce(st.started, 0),
       sizes.measures, coalesce(pl.pledged, 0),
       sizes.agreements, coalesce(sg.signatures, 0), coalesce(sg.signed, 0), coalesce(sg.started, 0)
FROM {Participation} pa
JOIN {Borough} b ON b.id = pa.borough_id
JOIN sizes ON sizes.id = pa.project_id
LEFT JOIN statuses st ON st.project_id = pa.project_id AND st.borough_id = pa.borough_id
LEFT JOIN pledges pl ON pl.project_id = pa.project_id AND pl.borough_id = pa.borough_id
LEFT JOIN signatures sg ON sg.project_id = pa.project_id AND sg.borough_id = pa.borough_id
WHERE pa.project_id IN ({projects})
ORDER BY pa.role <> %(lead)s, b.name{codepoint_order}
"""
# Names in code point order, as Python sorts them: SQLite compares bytes already;
# PostgreSQL sorts by the database's locale unless told to compare bytes.
CODEPOINT_ORDER = {"postgresql": ' COLLATE "C"'}


def _parts_sql(projects, started_signatures):
    """PARTS_SQL for these projects and signature states, a named parameter each: SQLite (the demo) runs it too."""
    models = (Agreement, Deliverable, DeliverableStatus, Measure, MeasureContribution, Signatory, Participation)
    tables = {model.__name__: connection.ops.quote_name(model._meta.db_table) for model in models}
    borough = Participation._meta.get_field("borough").related_model
    project = Participation._meta.get_field("project").related_model
    return PARTS_SQL.format(
        **tables,
        Borough=connection.ops.quote_name(borough._meta.db_table),
        Project=connection.ops.quote_name(project._meta.db_table),
        projects=", ".join(f"%({name})s" for name in projects),
        started_signatures=", ".join(f"%({name})s" for name in started_signatures),
        codepoint_order=CODEPOINT_ORDER.get(connection.vendor, ""),
    )


def borough_parts(project_ids):
    """{project id: [BoroughPart, lead first, then by borough name]} for these projects, in one query."""
    project_ids = list(project_ids)
    if not project_ids:
        return {}
    projects = {f"project_{n}": pk for n, pk in enumerate(project_ids)}
    started_signatures = {f"started_{n}": state.value for n, state in enumerate(STARTED_SIGNATURES)}
    with connection.cursor() as cursor:
        cursor.execute(
            _parts_sql(projects, started_signatures),
            {
                **projects,
                **started_signatures,
                "done": DONE.value,
                "not_started": NOT_STARTED.value,
                "signed": Signatory.State.SIGNED.value,
                "lead": Participation.Role.LEAD.value,
            },
        )
        rows = cursor.fetchall()
    parts = defaultdict(list)
    chosen_status = Participation.Status
    # In the order lists show them (lead first, then by borough name): sorted by the query.
    for project_id, slug, name, role, chosen, *counts in rows:
        # The rule on the row's counts as they are: no CommitmentSummary built for each of 660 rows.
        status = status_from(**dict(zip(COUNTS, counts, strict=True)))
        parts[project_id].append(BoroughPart(slug, name, role, status or chosen_status(chosen)))
    return dict(parts)
