"""Read models that gather commitments in a few queries.

BoroughTasks: the my-borough task list, one line per project the borough takes
part in, with its state worked out in SQL (so a page of it costs one query
however many commitments there are). BoroughReport: everything one borough
reports on, in the projects asked for (a question page asks for one).
ProjectDashboard: one project's commitments across all its boroughs (the public
project page).

BoroughReport is used by the my-borough question pages (to edit it) and the
stale-commitment reminders (to chase it). A borough's commitment rows
are created the first time they are updated, so this fills the gaps with
unsaved rows: "not started", 0 or "invited", never updated.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from projects.models import (
    Agreement,
    CommitmentSummary,
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


class TaskState:
    """A project's line on the task list, as the GOV.UK task list pattern names statuses."""

    NOT_STARTED = "Not started"  # nothing ever recorded
    NEEDS_CHECKING = "Needs checking"  # a row never checked, or not for COMMITMENT_STALE_AFTER_DAYS
    UP_TO_DATE = "Up to date"


def _latest(queryset):
    """The newest updated_at of the borough's rows in a subquery, or NULL."""
    return Subquery(queryset.order_by().values("borough").annotate(latest=Max("updated_at")).values("latest")[:1])


class BoroughTasks:
    """The projects a borough takes part in, each annotated with what the task list shows.

    `participations()` is a queryset (paginate it): each row has `needs_checking`
    (the same rule as BoroughReport.is_stale, in SQL: a row never checked or
    checked before the cutoff; a deliverable or measure without the borough's
    row counts as never checked; a signature once given is never stale) and
    `last_checked_at` and `task_state` once `annotate_states` has run on a page.
    """

    def __init__(self, borough, *, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.cutoff = self.now - stale_after()

    def _fresh(self, updated_at="updated_at"):
        return Q(**{f"{updated_at}__gte": self.cutoff})

    def participations(self):
        borough, fresh = self.borough, self._fresh()
        project = OuterRef("project_id")
        unchecked_deliverable = Deliverable.objects.filter(project=project).exclude(
            Exists(DeliverableStatus.objects.filter(fresh, deliverable=OuterRef("pk"), borough=borough))
        )
        unchecked_measure = Measure.objects.filter(project=project).exclude(
            Exists(MeasureContribution.objects.filter(fresh, measure=OuterRef("pk"), borough=borough))
        )
        unchecked_signature = (
            Signatory.objects.filter(agreement__project=project, borough=borough)
            .exclude(state=Signatory.State.SIGNED)
            .exclude(fresh)
        )
        return (
            Participation.objects.filter(borough=borough)
            .select_related("project")
            .annotate(
                needs_checking=ExpressionWrapper(
                    Q(updated_at__isnull=True)
                    | Q(updated_at__lt=self.cutoff)
                    | Exists(unchecked_deliverable)
                    | Exists(unchecked_measure)
                    | Exists(unchecked_signature),
                    output_field=BooleanField(),
                ),
                deliverables_checked_at=_latest(
                    DeliverableStatus.objects.filter(deliverable__project=project, borough=borough)
                ),
                measures_checked_at=_latest(
                    MeasureContribution.objects.filter(measure__project=project, borough=borough)
                ),
                signatures_checked_at=_latest(Signatory.objects.filter(agreement__project=project, borough=borough)),
            )
            .order_by("project__title", "project_id")
        )

    @staticmethod
    def annotate_states(participations):
        """Set last_checked_at and task_state on each participation of a page; returns them as a list."""
        rows = list(participations)
        for p in rows:
            times = [
                t
                for t in (p.updated_at, p.deliverables_checked_at, p.measures_checked_at, p.signatures_checked_at)
                if t is not None
            ]
            p.last_checked_at = max(times, default=None)
            if p.last_checked_at is None:
                p.task_state = TaskState.NOT_STARTED
            elif p.needs_checking:
                p.task_state = TaskState.NEEDS_CHECKING
            else:
                p.task_state = TaskState.UP_TO_DATE
        return rows

    def next_to_check(self, after):
        """The project after `after` (a Project) in task-list order that needs checking, wrapping round; or None."""
        return (
            self.participations()
            .filter(needs_checking=True)
            .exclude(project=after)
            .annotate(
                later=Case(
                    When(
                        Q(project__title__gt=after.title) | Q(project__title=after.title, project_id__gt=after.pk),
                        then=Value(0),
                    ),
                    default=Value(1),
                )
            )
            .order_by("later", "project__title", "project_id")
            .first()
        )

    def counts(self):
        """(projects needing checking, all projects), in one query."""
        totals = self.participations().aggregate(needing=Count("pk", filter=Q(needs_checking=True)), total=Count("pk"))
        return totals["needing"], totals["total"]


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
            .with_status()
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
class BoroughRow:
    """One borough on a project page: its part, its commitments and the status they give."""

    participation: Participation  # its `commitments` set, so its status needs no query
    deliverables: list  # (Deliverable, state) for each of the project's deliverables, in order
    pledges: list  # (Measure, value) for each measure it pledged to
    signatures: list  # Signatory rows naming it, each with its agreement

    @property
    def borough(self):
        return self.participation.borough

    @property
    def status(self):
        return self.participation.shown_status

    @property
    def last_changed_at(self):
        return self.participation.last_changed_at


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


def newest(*dates):
    return max(filter(None, dates), default=None)


class ProjectDashboard:
    """One project's commitments across its boroughs, ready to draw, in seven queries.

    `rows`: one BoroughRow per participating borough, lead first, each with the
    status its commitments give (CommitmentSummary) or, where the project has
    no commitments, the one chosen. `columns`, `measures` and `agreements`: the
    figures for the whole project.
    """

    def __init__(self, project, *, today=None):
        today = today or timezone.localdate()
        self.project = project
        participations = list(project.participations.select_related("borough"))
        participations.sort(key=lambda p: (p.role != Participation.Role.LEAD, p.borough.name))
        boroughs = {p.borough_id for p in participations}

        self.columns = [DeliverableColumn(d) for d in project.deliverables.order_by("order", "name")]
        statuses = {
            (s.borough_id, s.deliverable_id): s
            for s in DeliverableStatus.objects.filter(deliverable__project=project).only(
                "borough_id", "deliverable_id", "state", "updated_at"
            )
        }

        measures = list(project.measures.order_by("order", "name"))
        contributions = {}  # measure id -> rows with a value
        pledges = {}  # (borough id, measure id) -> row, zeros included: a zero confirmed is a change
        for c in MeasureContribution.objects.filter(measure__project=project).select_related("borough"):
            pledges[c.borough_id, c.measure_id] = c
            if c.value > 0:
                contributions.setdefault(c.measure_id, []).append(c)
        self.measures = []
        for measure in measures:
            rows = sorted(contributions.get(measure.pk, []), key=lambda c: (-c.value, c.borough.name))
            self.measures.append(MeasureProgress(measure, rows, sum(c.value for c in rows)))

        agreements = list(project.agreements.order_by("order", "title"))
        by_pk = {a.pk: a for a in agreements}
        signatories = {}
        signatures = {}  # borough id -> its rows, in agreement order
        for s in Signatory.objects.filter(agreement__project=project).select_related("borough"):
            s.agreement = by_pk[s.agreement_id]
            signatories.setdefault(s.agreement_id, []).append(s)
            if s.borough_id in boroughs:
                signatures.setdefault(s.borough_id, []).append(s)
        self.agreements = []
        for agreement in agreements:
            rows = sorted(signatories.get(agreement.pk, []), key=lambda s: s.party_name())
            signed_dates = [s.signed_on for s in rows if s.state == Signatory.State.SIGNED]
            signed = len(signed_dates)
            last = (max(signed_dates) - agreement.opened_on).days if signed and signed == len(rows) else None
            self.agreements.append(AgreementProgress(agreement, rows, signed, (today - agreement.opened_on).days, last))

        self.rows = []
        for participation in participations:
            b = participation.borough_id
            own_statuses = [statuses.get((b, column.deliverable.pk)) for column in self.columns]
            states = [s.state if s else DeliverableStatus.State.NOT_STARTED for s in own_statuses]
            for column, state in zip(self.columns, states, strict=True):
                column.done += state == DeliverableStatus.State.DONE
            own_pledges = [pledges.get((b, m.pk)) for m in measures]
            own_signatures = sorted(signatures.get(b, []), key=lambda s: (s.agreement.order, s.agreement.title))
            participation.commitments = CommitmentSummary.of(
                deliverables=states,
                pledges=[c.value if c else 0 for c in own_pledges],
                signatures=[s.state for s in own_signatures],
                agreements=len(agreements),
                changed_at=newest(*(row.updated_at for row in [*own_statuses, *own_pledges, *own_signatures] if row)),
            )
            self.rows.append(
                BoroughRow(
                    participation,
                    deliverables=[
                        (column.deliverable, state) for column, state in zip(self.columns, states, strict=True)
                    ],
                    pledges=[(m, c.value) for m, c in zip(measures, own_pledges, strict=True) if c and c.value],
                    signatures=own_signatures,
                )
            )

    @property
    def has_commitments(self):
        return bool(self.columns or self.measures or self.agreements)

    @property
    def participations(self):
        """The boroughs' rows, lead first, each with its `shown_status` (the London map reads these)."""
        return [row.participation for row in self.rows]
