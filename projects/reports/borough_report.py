"""BoroughReport: everything one borough reports on, in the projects asked for.

Used by the my-borough question pages (to edit it; a question page asks for
one project) and the stale-commitment reminders (to chase it). A borough's
commitment rows are created the first time they are updated, so this fills
the gaps with unsaved rows: "not started", 0 or "invited", never updated.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from projects.models import (
    Agreement,
    CommitmentSummary,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
)
from projects.reports.answers import newest, stale_after


@dataclass
class ProjectSection:
    participation: Participation
    statuses: list = field(default_factory=list)  # DeliverableStatus, saved or not
    contributions: list = field(default_factory=list)  # MeasureContribution, saved or not
    signatures: list = field(default_factory=list)  # Signatory rows naming the borough

    @property
    def project(self):
        return self.participation.project

    def rows(self):
        return [self.participation, *self.statuses, *self.contributions, *self.signatures]


def with_borough_rows(items, relation, borough):
    """Deliverables, measures or agreements (a queryset), each with the borough's row for it (read with borough_row()).

    One query, the row joined to its parent (a borough has at most one for
    each), where reading the rows and their parents apart took two.
    """
    condition = Q(**{f"{relation}__borough": borough})
    return items.annotate(borough_row=FilteredRelation(relation, condition=condition)).select_related(
        "borough_row__updated_by"
    )


def borough_row(item):
    """An item's `borough_row` (with_borough_rows): Django sets no attribute at all where the join found none."""
    return getattr(item, "borough_row", None)


class BoroughReport:
    """A borough's participations and commitments, grouped by project, in three queries.

    `participations`: the borough's rows to report on (a question page passes
    its one, read with its project and updated_by); by default all of them.
    Each gets its `commitments` (a CommitmentSummary) from the rows read
    here, so its status costs no further query.
    """

    def __init__(self, borough, *, participations=None, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.stale_after = stale_after()
        if participations is None:
            participations = (
                Participation.objects.filter(borough=borough)
                .select_related("project", "updated_by")
                .order_by("project__title")
            )
        self.projects = [ProjectSection(participation=p) for p in participations]
        by_project = {report.project.pk: report for report in self.projects}
        project_ids = list(by_project)

        # Each deliverable and measure with the borough's row for it, or an unsaved one where it has none yet.
        deliverables = Deliverable.objects.filter(project_id__in=project_ids).order_by("order", "name")
        for deliverable in with_borough_rows(deliverables, "statuses", borough):
            row = borough_row(deliverable) or DeliverableStatus()
            row.deliverable, row.borough = deliverable, borough
            by_project[deliverable.project_id].statuses.append(row)
        measures = Measure.objects.filter(project_id__in=project_ids).order_by("order", "name")
        for measure in with_borough_rows(measures, "contributions", borough):
            row = borough_row(measure) or MeasureContribution()
            row.measure, row.borough = measure, borough
            by_project[measure.project_id].contributions.append(row)
        # The status rule needs how many agreements each project has, naming the borough or not.
        agreements = Counter()
        for agreement in with_borough_rows(
            Agreement.objects.filter(project_id__in=project_ids).order_by("order", "title"), "signatories", borough
        ):
            agreements[agreement.project_id] += 1
            if (row := borough_row(agreement)) is not None:
                row.agreement, row.borough = agreement, borough
                by_project[agreement.project_id].signatures.append(row)

        for section in self.projects:
            section.participation.commitments = CommitmentSummary.of(
                deliverables=[row.state for row in section.statuses],
                pledges=[row.value for row in section.contributions],
                signatures=[row.state for row in section.signatures],
                agreements=agreements[section.project.pk],
                changed_at=newest(*(row.updated_at for row in section.rows()[1:])),
            )

    def is_stale(self, row):
        return row.is_stale(now=self.now, stale_after=self.stale_after)

    def stale_rows(self):
        return [(report, row) for report in self.projects for row in report.rows() if self.is_stale(row)]

    def __bool__(self):
        return bool(self.projects)
