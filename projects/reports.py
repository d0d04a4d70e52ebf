"""Read models that gather commitments in a few queries.

BoroughTasks: the my-borough task list, one line per project the borough takes
part in, with its state read from the participation's TaskSummary (so a page
of it costs one query however many projects and commitments there are). BoroughReport: everything one borough
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
from functools import cache

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone
from django.utils.functional import cached_property

from boroughs.models import Borough
from projects.models import (
    Agreement,
    CommitmentSummary,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
    Signatory,
    TaskSummary,
)
from projects.models.tasks import needs_checking


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


TASK_LINE_COLUMNS = (
    "project_id",
    "project__slug",
    "project__title",
    "project__is_public",
    "borough_id",
    "participation__role",
    "never_checked",
    "oldest_check",
    "newest_check",
)
ROLE_LABELS = dict(Participation.Role.choices)


@dataclass(frozen=True, slots=True)
class TaskProject:
    """The project of a task-list line: what the line shows of it."""

    pk: int
    slug: str
    title: str
    is_public: bool


@dataclass(frozen=True, slots=True)
class Task:
    """One project's line on a borough's task list (BoroughTasks.tasks), without a model instance."""

    project: TaskProject
    borough_id: int
    role: str
    needs_checking: bool
    last_checked_at: datetime | None

    @property
    def task_state(self):
        return CheckState(self.needs_checking, self.last_checked_at).task_state

    def get_role_display(self):
        return ROLE_LABELS.get(self.role, self.role)


class BoroughTasks:
    """The projects a borough takes part in, and the state of each on the task list.

    Read from each participation's TaskSummary (projects.models.tasks), never
    the commitment rows: `summaries()` is a queryset in task-list order (one
    index), `lines()` the same as values (paginate it), `tasks()` turns a page
    of those into Task rows with their states, and `counts()` gives the tally in one
    count over the borough's summaries. So the page reads 25 rows and counts
    narrow ones whether the borough is in 30 projects or 3,000. "Needs
    checking" is the rule of BoroughReport.is_stale: a row never checked, or
    checked before the cutoff.
    """

    def __init__(self, borough, *, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.cutoff = self.now - stale_after()

    def participations(self):
        return Participation.objects.filter(borough=self.borough).order_by("project__title", "project_id")

    def summaries(self):
        return (
            TaskSummary.objects.filter(borough=self.borough)
            .select_related("participation__project")
            .order_by("project_title", "project_id")
        )

    def lines(self):
        """The task list's rows as values, in task-list order (one index: paginate it); `tasks()` reads a page of them.

        Values, not models: three model instances a line (summary,
        participation, project) were most of drawing a page of the list.
        """
        return (
            TaskSummary.objects.filter(borough=self.borough)
            .order_by("project_title", "project_id")
            .values_list(*TASK_LINE_COLUMNS)
        )

    def tasks(self, lines):
        """A page of `lines()` as Task rows, each with its state."""
        rows = []
        for pk, slug, title, is_public, borough_id, role, never, oldest, newest in lines:
            rows.append(
                Task(
                    TaskProject(pk, slug, title, is_public),
                    borough_id,
                    role,
                    needs_checking(never, oldest, self.cutoff),
                    newest,
                )
            )
        return rows

    def _needing(self):
        return Q(never_checked__gt=0) | Q(oldest_check__lt=self.cutoff)

    def counts(self):
        """(projects needing checking, all projects)."""
        tally = TaskSummary.objects.filter(borough=self.borough).aggregate(
            total=Count("pk"), needing=Count("pk", filter=self._needing())
        )
        return tally["needing"], tally["total"]

    def next_to_check(self, after):
        """The next participation after `after` (a Project) in task-list order needing checking, wrapping round."""
        needing = self.summaries().filter(self._needing()).exclude(project=after)
        later = Q(project_title__gt=after.title) | Q(project_title=after.title, project_id__gt=after.pk)
        following = needing.filter(later).first() or needing.first()
        return following.participation if following else None


class CountedPaginator(Paginator):
    """A Paginator told how many rows there are, where the page has counted them already: no COUNT query."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


class TaskListPage:
    """One page of a borough's task list, read only when first used.

    The task list's template keeps its projects section in a shared
    fragment (per borough), so a kept copy costs no query: nothing here
    reads the database until the template asks.
    """

    per_page = 25

    def __init__(self, borough, page_number):
        self.tasks = BoroughTasks(borough)
        self.page_number = page_number

    @cached_property
    def _counts(self):
        return self.tasks.counts()  # every participation has a summary, so `total` counts them

    @property
    def total(self):
        return self._counts[1]

    @property
    def checked(self):
        needing, total = self._counts
        return total - needing

    @cached_property
    def page(self):
        return CountedPaginator(self.tasks.lines(), self.per_page, count=self.total).get_page(self.page_number)

    @cached_property
    def participations(self):
        """The page's Task rows (BoroughTasks.tasks)."""
        return self.tasks.tasks(self.page.object_list)


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


# Each kind of commitment with its rows, for ProjectDashboard: the project's
# deliverables, measures and agreements (each in the order they are shown),
# LEFT JOIN each borough's row for it. Written out, not built by the ORM:
# building and converting three queries was most of the dashboard's time.
DELIVERABLES_SQL = """
SELECT d.id, d.project_id, d.name, d.description, d."order", s.borough_id, s.state, s.updated_at
FROM {Deliverable} d LEFT JOIN {DeliverableStatus} s ON s.deliverable_id = d.id
WHERE d.project_id = %s ORDER BY d."order", d.name, d.id
"""
MEASURES_SQL = """
SELECT m.id, m.project_id, m.name, m.unit, m.target, m.due_on, m."order",
       c.borough_id, b.slug, b.name, c.value, c.updated_at
FROM {Measure} m
LEFT JOIN {MeasureContribution} c ON c.measure_id = m.id
LEFT JOIN {Borough} b ON b.id = c.borough_id
WHERE m.project_id = %s ORDER BY m."order", m.name, m.id
"""
AGREEMENTS_SQL = """
SELECT a.id, a.project_id, a.title, a.kind, a.opened_on, a.document_url, a."order",
       s.id, s.borough_id, b.slug, b.name, s.organisation_name, s.state, s.signed_on, s.updated_at
FROM {Agreement} a
LEFT JOIN {Signatory} s ON s.agreement_id = a.id
LEFT JOIN {Borough} b ON b.id = s.borough_id
WHERE a.project_id = %s ORDER BY a."order", a.title, a.id
"""
_DEFINITIONS = {  # model -> (its SQL, the fields its first columns are)
    Deliverable: (DELIVERABLES_SQL, ("pk", "project_id", "name", "description", "order")),
    Measure: (MEASURES_SQL, ("pk", "project_id", "name", "unit", "target", "due_on", "order")),
    Agreement: (AGREEMENTS_SQL, ("pk", "project_id", "title", "kind", "opened_on", "document_url", "order")),
}


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _with_rows(model, project):
    """[(an instance of `model`, [its rows' values])] for the project: a definition with no rows has none.

    The instances are unsaved copies built from their own columns (nothing
    reads anything else of them); a row is the rest of its line, the first
    column never NULL in a real row.
    """
    sql, fields = _DEFINITIONS[model]
    tables = {
        m.__name__: _table(m)
        for m in (Deliverable, DeliverableStatus, Measure, MeasureContribution, Agreement, Signatory, Borough)
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**tables), [project.pk])
        lines = cursor.fetchall()
    found = {}
    width = len(fields)
    for values in lines:
        pk = values[0]
        if pk not in found:
            found[pk] = (model(**dict(zip(fields, values[:width], strict=True))), [])
        row = values[width:]
        if row[0] is not None:
            found[pk][1].append(row)
    return list(found.values())


@cache
def _participations_sql():
    """Every column of a participation and of its borough: what select_related("borough") reads."""
    part_fields = Participation._meta.concrete_fields
    borough_fields = Borough._meta.concrete_fields
    columns = [f"pa.{connection.ops.quote_name(f.column)}" for f in part_fields]
    columns += [f"b.{connection.ops.quote_name(f.column)}" for f in borough_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {_table(Participation)} pa "
        f"JOIN {_table(Borough)} b ON b.id = pa.borough_id WHERE pa.project_id = %s"
    )
    return sql, [f.attname for f in part_fields], [f.attname for f in borough_fields]


def _participations(project):
    """The project's participations, each with its borough, as select_related would give them (Model.from_db)."""
    sql, part_names, borough_names = _participations_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk])
        lines = cursor.fetchall()
    width = len(part_names)
    participations = []
    for values in lines:
        participation = Participation.from_db(connection.alias, part_names, values[:width])
        participation.borough = Borough.from_db(connection.alias, borough_names, values[width:])
        participations.append(participation)
    return participations


class ProjectDashboard:
    """One project's commitments across its boroughs, ready to draw, in four queries.

    `rows`: one BoroughRow per participating borough, lead first, each with the
    status its commitments give (CommitmentSummary) or, where the project has
    no commitments, the one chosen. `columns`, `measures` and `agreements`: the
    figures for the whole project.

    Each kind of commitment is read with its rows in one query (the
    project's deliverables LEFT JOIN their states, and so on), as plain
    values, not model instances: building seven queries was most of the
    page's time. Only the participations and their boroughs are read as
    models; the deliverables, measures and agreements are unsaved copies.
    """

    def __init__(self, project, *, today=None):
        today = today or timezone.localdate()
        self.project = project
        participations = _participations(project)
        participations.sort(key=lambda p: (p.role != Participation.Role.LEAD, p.borough.name))
        boroughs = {p.borough_id for p in participations}

        deliverables = _with_rows(Deliverable, project)
        self.columns = [DeliverableColumn(d) for d, _ in deliverables]
        statuses = {  # (borough id, deliverable id) -> (state, updated_at)
            (borough_id, deliverable.pk): (state, updated_at)
            for deliverable, rows in deliverables
            for borough_id, state, updated_at in rows
        }

        with_contributions = _with_rows(Measure, project)
        measures = [measure for measure, _ in with_contributions]
        pledges = {}  # (borough id, measure id) -> row, zeros included: a zero confirmed is a change
        self.measures = []
        for measure, rows in with_contributions:
            contributions = []  # rows with a value
            for borough_id, slug, name, value, updated_at in rows:
                pledge = Pledge(PartyBorough(borough_id, slug, name), measure.pk, value, updated_at)
                pledges[borough_id, measure.pk] = pledge
                if value > 0:
                    contributions.append(pledge)
            contributions.sort(key=lambda c: (-c.value, c.borough.name))
            self.measures.append(MeasureProgress(measure, contributions, sum(c.value for c in contributions)))

        with_signatories = _with_rows(Agreement, project)
        agreements = [agreement for agreement, _ in with_signatories]
        signatures = {}  # borough id -> its rows, in agreement order
        self.agreements = []
        for agreement, rows in with_signatories:
            parties = []
            for _, borough_id, slug, name, organisation, state, signed_on, updated_at in rows:
                s = Party(agreement, party_borough(borough_id, slug, name), organisation, state, signed_on, updated_at)
                parties.append(s)
                if borough_id in boroughs:
                    signatures.setdefault(borough_id, []).append(s)
            parties.sort(key=lambda s: s.party_name())
            signed_dates = [s.signed_on for s in parties if s.state == Signatory.State.SIGNED]
            signed = len(signed_dates)
            last = (max(signed_dates) - agreement.opened_on).days if signed and signed == len(parties) else None
            self.agreements.append(
                AgreementProgress(agreement, parties, signed, (today - agreement.opened_on).days, last)
            )

        not_started = (DeliverableStatus.State.NOT_STARTED, None)
        # Ids read once: a model's pk is a property, and the loop asks for each 33 times.
        deliverable_ids = [column.deliverable.pk for column in self.columns]
        measure_ids = [measure.pk for measure in measures]
        self.rows = []
        for participation in participations:
            b = participation.borough_id
            own_statuses = [statuses.get((b, pk), not_started) for pk in deliverable_ids]
            states = [state for state, _ in own_statuses]
            for column, state in zip(self.columns, states, strict=True):
                column.done += state == DeliverableStatus.State.DONE
            own_pledges = [pledges.get((b, pk)) for pk in measure_ids]
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
