"""Read models that gather commitments in a few queries.

BoroughReport: everything one borough reports on, across all projects (the
"report once" page). ProjectDashboard: one project's commitments across all
its boroughs (the public project page).

BoroughReport is used by the my-borough page (to edit it), the borough page (to show it) and
the stale-commitment reminders (to chase it). A borough's commitment rows
are created the first time they are updated, so this fills the gaps with
unsaved rows: "not started", 0 or "invited", never updated.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from projects.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
    Signatory,
)


def stale_after():
    return timedelta(days=settings.COMMITMENT_STALE_AFTER_DAYS)


def row_label(row):
    """What a commitment row is about, in a few words, without a query."""
    if isinstance(row, Participation):
        return "your borough's status and note"
    if isinstance(row, DeliverableStatus):
        return row.deliverable.name
    if isinstance(row, MeasureContribution):
        return row.measure.name
    return f"signature of {row.agreement.title}"


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


class BoroughReport:
    """A borough's participations and commitments, grouped by project, in six queries."""

    def __init__(self, borough, *, projects=None, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.stale_after = stale_after()
        participations = (
            Participation.objects.filter(borough=borough)
            .select_related("project", "project__lead_borough", "updated_by")
            .order_by("project__title")
        )
        if projects is not None:
            participations = participations.filter(project__in=projects)
        self.projects = [ProjectSection(participation=p) for p in participations]
        by_project = {report.project.pk: report for report in self.projects}
        project_ids = list(by_project)

        # A borough's row for each deliverable and measure, or an unsaved one where it has none yet.
        for model, parent_model, parent, rows_of in (
            (DeliverableStatus, Deliverable, "deliverable", lambda section: section.statuses),
            (MeasureContribution, Measure, "measure", lambda section: section.contributions),
        ):
            saved = {
                getattr(row, f"{parent}_id"): row
                for row in model.objects.filter(
                    borough=borough, **{f"{parent}__project_id__in": project_ids}
                ).select_related("updated_by")
            }
            for item in parent_model.objects.filter(project_id__in=project_ids).order_by("order", "name"):
                row = saved.get(item.pk) or model(borough=borough, **{parent: item})
                setattr(row, parent, item)
                rows_of(by_project[item.project_id]).append(row)

        for signatory in (
            Signatory.objects.filter(borough=borough, agreement__project_id__in=project_ids)
            .select_related("agreement", "updated_by")
            .order_by("agreement__order", "agreement__title")
        ):
            signatory.borough = borough
            by_project[signatory.agreement.project_id].signatures.append(signatory)

    def is_stale(self, row):
        return row.is_stale(now=self.now, stale_after=self.stale_after)

    def stale_rows(self):
        return [(report, row) for report in self.projects for row in report.rows() if self.is_stale(row)]

    def __bool__(self):
        return bool(self.projects)


@dataclass
class DeliverableColumn:
    deliverable: Deliverable
    done: int = 0


@dataclass
class MeasureProgress:
    measure: Measure
    contributions: list  # MeasureContribution rows with a value, largest first
    total: int

    @property
    def percent(self):
        return min(100, round(100 * self.total / self.measure.target)) if self.measure.target else 0


@dataclass
class AgreementProgress:
    agreement: Agreement
    signatories: list
    signed: int
    days_open: int
    days_to_last_signature: int | None

    @property
    def all_signed(self):
        return bool(self.signatories) and self.signed == len(self.signatories)


class ProjectDashboard:
    """One project's commitments across its boroughs, ready to draw, in six queries."""

    def __init__(self, project, *, today=None):
        today = today or timezone.localdate()
        self.project = project
        self.participations = list(project.participations.select_related("borough").order_by("-role", "borough__name"))
        self.participations.sort(key=lambda p: (p.role != Participation.Role.LEAD, p.borough.name))

        self.columns = [DeliverableColumn(d) for d in project.deliverables.order_by("order", "name")]
        states = {
            (s.borough_id, s.deliverable_id): s.state
            for s in DeliverableStatus.objects.filter(deliverable__project=project).only(
                "borough_id", "deliverable_id", "state"
            )
        }
        # One row per participating borough: its state for each deliverable, in column order.
        self.matrix = []
        for participation in self.participations:
            cells = []
            for column in self.columns:
                state = states.get(
                    (participation.borough_id, column.deliverable.pk), DeliverableStatus.State.NOT_STARTED
                )
                column.done += state == DeliverableStatus.State.DONE
                cells.append(state)
            self.matrix.append((participation.borough, cells))

        contributions = {}
        for c in MeasureContribution.objects.filter(measure__project=project, value__gt=0).select_related("borough"):
            contributions.setdefault(c.measure_id, []).append(c)
        self.measures = []
        for measure in project.measures.order_by("order", "name"):
            rows = sorted(contributions.get(measure.pk, []), key=lambda c: (-c.value, c.borough.name))
            self.measures.append(MeasureProgress(measure, rows, sum(c.value for c in rows)))

        signatories = {}
        for s in Signatory.objects.filter(agreement__project=project).select_related("borough"):
            signatories.setdefault(s.agreement_id, []).append(s)
        self.agreements = []
        for agreement in project.agreements.order_by("order", "title"):
            rows = sorted(signatories.get(agreement.pk, []), key=lambda s: s.party_name())
            signed_dates = [s.signed_on for s in rows if s.state == Signatory.State.SIGNED]
            signed = len(signed_dates)
            last = (max(signed_dates) - agreement.opened_on).days if signed and signed == len(rows) else None
            self.agreements.append(AgreementProgress(agreement, rows, signed, (today - agreement.opened_on).days, last))
