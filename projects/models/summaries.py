"""Every borough's status in many projects at once, from grouped counts: for lists of projects.

`Participation.objects.with_status()` works each row's CommitmentSummary out
in twelve correlated subqueries, which suits a page of participations; for
every borough of 20 projects (660 rows) PostgreSQL took half a second over
them. Here each kind of commitment row is counted once, grouped by project
and borough, in five queries whatever the number of projects, and
`CommitmentSummary.status()` decides, as everywhere else. Only the status
is worked out: lists show no "last changed".
"""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from projects.models.commitments import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Signatory,
)
from projects.models.portfolio import Participation, Project
from projects.models.status import DONE, NOT_STARTED, STARTED_SIGNATURES, CommitmentSummary


class BoroughPart(NamedTuple):
    """A borough's part in a project as a list shows it, without model instances."""

    borough_slug: str
    borough_name: str
    role: str
    shown_status: Participation.Status  # as Participation.shown_status


def _count_of(model):
    rows = model.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1]), 0)


def _grouped(queryset, project, **aggregates):
    """{(project id, borough id): {name: value}} over `queryset`'s rows, `project` naming their project's id."""
    rows = queryset.order_by().values(project, "borough_id").annotate(**aggregates)
    return {(row[project], row["borough_id"]): row for row in rows}


def borough_parts(project_ids):
    """{project id: [BoroughPart, lead first, then by borough name]} for these projects, in five queries."""
    project_ids = list(project_ids)
    if not project_ids:
        return {}
    # What each project has: the same counts for all its boroughs.
    sizes = {
        row["pk"]: (row["deliverables"], row["measures"], row["agreements"])
        for row in Project.objects.filter(pk__in=project_ids)
        .order_by()
        .values("pk")
        .annotate(deliverables=_count_of(Deliverable), measures=_count_of(Measure), agreements=_count_of(Agreement))
    }
    statuses = _grouped(
        DeliverableStatus.objects.filter(deliverable__project__in=project_ids),
        "deliverable__project",
        done=Count("pk", filter=Q(state=DONE)),
        started=Count("pk", filter=~Q(state=NOT_STARTED)),
    )
    pledges = _grouped(
        MeasureContribution.objects.filter(measure__project__in=project_ids),
        "measure__project",
        pledged=Sum("value"),
    )
    signatures = _grouped(
        Signatory.objects.filter(agreement__project__in=project_ids, borough__isnull=False),
        "agreement__project",
        signatures=Count("pk"),
        signed=Count("pk", filter=Q(state=Signatory.State.SIGNED)),
        started=Count("pk", filter=Q(state__in=STARTED_SIGNATURES)),
    )
    parts = defaultdict(list)
    participations = (
        Participation.objects.filter(project__in=project_ids)
        .order_by()
        .values_list("project_id", "borough_id", "borough__slug", "borough__name", "role", "status")
    )
    shown = {}  # counts -> status: most boroughs of a project share their counts, so each is decided once
    for project_id, borough_id, slug, name, role, chosen in participations:
        key = project_id, borough_id
        own_statuses, own_pledges, own_signatures = statuses.get(key, {}), pledges.get(key, {}), signatures.get(key, {})
        counts = (
            *sizes[project_id],
            own_statuses.get("done", 0),
            own_statuses.get("started", 0),
            own_pledges.get("pledged") or 0,
            own_signatures.get("signatures", 0),
            own_signatures.get("signed", 0),
            own_signatures.get("started", 0),
            chosen,
        )
        if counts not in shown:
            deliverables, measures, agreements, done, started, pledged, signs, signed, signing, _ = counts
            summary = CommitmentSummary(
                deliverables=deliverables,
                deliverables_done=done,
                deliverables_started=started,
                measures=measures,
                pledged=pledged,
                agreements=agreements,
                signatures=signs,
                signed=signed,
                signatures_started=signing,
            )
            shown[counts] = summary.status() or Participation.Status(chosen)
        parts[project_id].append(BoroughPart(slug, name, role, shown[counts]))
    for rows in parts.values():
        rows.sort(key=lambda part: (part.role != Participation.Role.LEAD, part.borough_name))
    return dict(parts)
