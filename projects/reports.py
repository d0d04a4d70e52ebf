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

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property

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


# For each project the borough takes part in, one row per kind of row it answers:
# how many need checking, and the newest check. A deliverable or measure the
# borough has no row for yet counts as never checked; a signature once given
# is never stale.
CHECK_COUNTS_SQL = """
SELECT project_id, count(*) FILTER (WHERE updated_at IS NULL OR updated_at < %(cutoff)s), max(updated_at)
FROM {Participation} WHERE borough_id = %(borough)s GROUP BY project_id
UNION ALL
SELECT d.project_id, count(*) - count(s.deliverable_id) FILTER (WHERE s.updated_at >= %(cutoff)s), max(s.updated_at)
FROM {Deliverable} d
JOIN {Participation} p ON p.project_id = d.project_id AND p.borough_id = %(borough)s
LEFT JOIN {DeliverableStatus} s ON s.deliverable_id = d.id AND s.borough_id = %(borough)s
GROUP BY d.project_id
UNION ALL
SELECT m.project_id, count(*) - count(c.measure_id) FILTER (WHERE c.updated_at >= %(cutoff)s), max(c.updated_at)
FROM {Measure} m
JOIN {Participation} p ON p.project_id = m.project_id AND p.borough_id = %(borough)s
LEFT JOIN {MeasureContribution} c ON c.measure_id = m.id AND c.borough_id = %(borough)s
GROUP BY m.project_id
UNION ALL
SELECT a.project_id,
       count(*) FILTER (WHERE s.state <> %(signed)s AND (s.updated_at IS NULL OR s.updated_at < %(cutoff)s)),
       max(s.updated_at)
FROM {Signatory} s
JOIN {Agreement} a ON a.id = s.agreement_id
JOIN {Participation} p ON p.project_id = a.project_id AND p.borough_id = %(borough)s
WHERE s.borough_id = %(borough)s
GROUP BY a.project_id
"""


@dataclass(frozen=True)
class CheckState:
    """What the task list needs of one project: whether any answer needs checking, and when one was last checked."""

    needs_checking: bool
    last_checked_at: datetime | None

    @property
    def task_state(self):
        if self.last_checked_at is None:
            return TaskState.NOT_STARTED
        return TaskState.NEEDS_CHECKING if self.needs_checking else TaskState.UP_TO_DATE


class BoroughTasks:
    """The projects a borough takes part in, and the state of each on the task list.

    `participations()` is a plain queryset in task-list order (paginate it).
    `states` holds a CheckState for every project the borough takes part in,
    from one query (CHECK_COUNTS_SQL) that reads each of the borough's own
    tables once, grouped by project. "Needs checking" is the rule of
    BoroughReport.is_stale in SQL: a row never checked or checked before the
    cutoff. Correlated subqueries per participation, which this replaces,
    took 80 ms at production scale (300 projects) and 10 ms to plan.
    """

    def __init__(self, borough, *, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.cutoff = self.now - stale_after()

    def participations(self):
        return (
            Participation.objects.filter(borough=self.borough)
            .select_related("project")
            .order_by("project__title", "project_id")
        )

    def _check_counts(self):
        """(project id, rows needing checking, newest check) per project and kind of row, in one query.

        Written in SQL: the same union through the ORM took longer to compile
        in Python (about 10 ms) than to run.
        """
        tables = {
            model.__name__: model._meta.db_table
            for model in (Participation, Deliverable, DeliverableStatus, Measure, MeasureContribution)
        }
        tables |= {"Agreement": Agreement._meta.db_table, "Signatory": Signatory._meta.db_table}
        with connection.cursor() as cursor:
            cursor.execute(
                CHECK_COUNTS_SQL.format(**tables),
                {"borough": self.borough.pk, "cutoff": self.cutoff, "signed": Signatory.State.SIGNED},
            )
            return cursor.fetchall()

    @cached_property
    def states(self):
        """Project id -> CheckState, for every project the borough takes part in."""
        unchecked, latest = {}, {}
        for project_id, count, when in self._check_counts():
            unchecked[project_id] = unchecked.get(project_id, 0) + count
            if when is not None and (latest.get(project_id) is None or when > latest[project_id]):
                latest[project_id] = when
        return {project_id: CheckState(count > 0, latest.get(project_id)) for project_id, count in unchecked.items()}

    def annotate_states(self, participations):
        """Set needs_checking, last_checked_at and task_state on each participation of a page; returns a list."""
        rows = list(participations)
        for p in rows:
            state = self.states[p.project_id]
            p.needs_checking, p.last_checked_at, p.task_state = (
                state.needs_checking,
                state.last_checked_at,
                state.task_state,
            )
        return rows

    def next_to_check(self, after):
        """The project after `after` (a Project) in task-list order that needs checking, wrapping round; or None."""
        order = list(self.participations().values_list("project_id", "project__title"))
        later = [pk for pk, title in order if (title, pk) > (after.title, after.pk)]
        earlier = [pk for pk, title in order if (title, pk) < (after.title, after.pk)]
        following = next((pk for pk in later + earlier if self.states[pk].needs_checking), None)
        if following is None:
            return None
        return self.participations().get(project_id=following)

    def counts(self):
        """(projects needing checking, all projects)."""
        return sum(state.needs_checking for state in self.states.values()), len(self.states)


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
    """A borough's participations and commitments, grouped by project, in six queries.

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

        # The status rule needs how many agreements each project has, naming the borough or not.
        agreements = Counter(Agreement.objects.filter(project_id__in=project_ids).values_list("project_id", flat=True))
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
    signatures: list  # Party rows naming it, each with its agreement

    @property
    def borough(self):
        return self.participation.borough

    @property
    def status(self):
        return self.participation.shown_status

    @property
    def last_changed_at(self):
        return self.participation.last_changed_at


@dataclass(frozen=True, slots=True)
class PartyBorough:
    """The borough of a pledge or a signature, as the project page names it: read with values(), not a model."""

    pk: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Pledge:
    """A borough's value for a measure (MeasureContribution's fields that the page shows)."""

    borough: PartyBorough
    measure_id: int
    value: int
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class Party:
    """A signatory of an agreement (Signatory's fields that the page, CSV and API show), without a model instance.

    The project page lists every party of every agreement (198 rows at
    production scale): model instances, each with its borough, were most of
    the page's objects.
    """

    agreement: Agreement
    borough: PartyBorough | None
    organisation_name: str
    state: str
    signed_on: date | None
    updated_at: datetime | None

    @property
    def borough_id(self):
        return self.borough.pk if self.borough else None

    def party_name(self):
        return self.borough.name if self.borough else self.organisation_name

    def get_state_display(self):
        return Signatory.State(self.state).label


def party_borough(pk, slug, name):
    return PartyBorough(pk, slug, name) if pk is not None else None


@dataclass
class MeasureProgress:
    measure: Measure
    contributions: list  # Pledge rows with a value, largest first
    total: int

    @property
    def percent(self):
        return min(100, round(100 * self.total / self.measure.target)) if self.measure.target else 0


@dataclass
class AgreementProgress:
    agreement: Agreement
    signatories: list  # Party rows, by name
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

    The commitment rows (a deliverable state, a pledge, a signature for each
    borough: hundreds a project) are read as plain values, not model
    instances; only the participations, their boroughs and the project's own
    deliverables, measures and agreements are models.
    """

    def __init__(self, project, *, today=None):
        today = today or timezone.localdate()
        self.project = project
        participations = list(project.participations.select_related("borough"))
        participations.sort(key=lambda p: (p.role != Participation.Role.LEAD, p.borough.name))
        boroughs = {p.borough_id for p in participations}

        self.columns = [DeliverableColumn(d) for d in project.deliverables.order_by("order", "name")]
        statuses = {  # (borough id, deliverable id) -> (state, updated_at)
            (borough_id, deliverable_id): (state, updated_at)
            for borough_id, deliverable_id, state, updated_at in DeliverableStatus.objects.filter(
                deliverable__project=project
            ).values_list("borough_id", "deliverable_id", "state", "updated_at")
        }

        measures = list(project.measures.order_by("order", "name"))
        contributions = {}  # measure id -> rows with a value
        pledges = {}  # (borough id, measure id) -> row, zeros included: a zero confirmed is a change
        for borough_id, slug, name, measure_id, value, updated_at in MeasureContribution.objects.filter(
            measure__project=project
        ).values_list("borough_id", "borough__slug", "borough__name", "measure_id", "value", "updated_at"):
            pledge = Pledge(PartyBorough(borough_id, slug, name), measure_id, value, updated_at)
            pledges[borough_id, measure_id] = pledge
            if value > 0:
                contributions.setdefault(measure_id, []).append(pledge)
        self.measures = []
        for measure in measures:
            rows = sorted(contributions.get(measure.pk, []), key=lambda c: (-c.value, c.borough.name))
            self.measures.append(MeasureProgress(measure, rows, sum(c.value for c in rows)))

        agreements = list(project.agreements.order_by("order", "title"))
        by_pk = {a.pk: a for a in agreements}
        signatories = {}
        signatures = {}  # borough id -> its rows, in agreement order
        for agreement_id, borough_id, slug, name, organisation, state, signed_on, updated_at in (
            Signatory.objects.filter(agreement__project=project)
            .order_by()
            .values_list(
                "agreement_id",
                "borough_id",
                "borough__slug",
                "borough__name",
                "organisation_name",
                "state",
                "signed_on",
                "updated_at",
            )
        ):
            s = Party(
                by_pk[agreement_id], party_borough(borough_id, slug, name), organisation, state, signed_on, updated_at
            )
            signatories.setdefault(agreement_id, []).append(s)
            if borough_id in boroughs:
                signatures.setdefault(borough_id, []).append(s)
        self.agreements = []
        for agreement in agreements:
            rows = sorted(signatories.get(agreement.pk, []), key=lambda s: s.party_name())
            signed_dates = [s.signed_on for s in rows if s.state == Signatory.State.SIGNED]
            signed = len(signed_dates)
            last = (max(signed_dates) - agreement.opened_on).days if signed and signed == len(rows) else None
            self.agreements.append(AgreementProgress(agreement, rows, signed, (today - agreement.opened_on).days, last))

        not_started = (DeliverableStatus.State.NOT_STARTED, None)
        self.rows = []
        for participation in participations:
            b = participation.borough_id
            own_statuses = [statuses.get((b, column.deliverable.pk), not_started) for column in self.columns]
            states = [state for state, _ in own_statuses]
            for column, state in zip(self.columns, states, strict=True):
                column.done += state == DeliverableStatus.State.DONE
            own_pledges = [pledges.get((b, m.pk)) for m in measures]
            own_signatures = sorted(signatures.get(b, []), key=lambda s: (s.agreement.order, s.agreement.title))
            participation.commitments = CommitmentSummary.of(
                deliverables=states,
                pledges=[c.value if c else 0 for c in own_pledges],
                signatures=[s.state for s in own_signatures],
                agreements=len(agreements),
                changed_at=newest(
                    *(updated_at for _, updated_at in own_statuses),
                    *(row.updated_at for row in [*own_pledges, *own_signatures] if row),
                ),
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
