"""ProjectDashboard: one project's commitments across all its boroughs (the project page, its CSV and the API)."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.db import connection
from django.utils import timezone

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
)
from projects.reports.answers import newest
from projects.reports.rows import columns, fetch, table


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


# Plain slotted dataclasses, not frozen ones: a frozen one's __init__ sets each
# field through object.__setattr__, and a project page builds some 400 of these.
@dataclass(slots=True)
class PartyBorough:
    """The borough of a pledge or a signature, as the project page names it: read with values(), not a model."""

    pk: int
    slug: str
    name: str


@dataclass(slots=True)
class Pledge:
    """A borough's value for a measure (MeasureContribution's fields that the page shows)."""

    borough: PartyBorough
    measure_id: int
    value: int
    updated_at: datetime | None


@dataclass(slots=True)
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
_DEFINITIONS = {  # model -> (its SQL, how many columns are the model's own, the field each column reads)
    Deliverable: (
        DELIVERABLES_SQL,
        5,
        columns(Deliverable, "id", "project_id", "name", "description", "order")
        + columns(DeliverableStatus, "borough_id", "state", "updated_at"),
    ),
    Measure: (
        MEASURES_SQL,
        7,
        columns(Measure, "id", "project_id", "name", "unit", "target", "due_on", "order")
        + columns(MeasureContribution, "borough_id")
        + columns(Borough, "slug", "name")
        + columns(MeasureContribution, "value", "updated_at"),
    ),
    Agreement: (
        AGREEMENTS_SQL,
        7,
        columns(Agreement, "id", "project_id", "title", "kind", "opened_on", "document_url", "order")
        + columns(Signatory, "id", "borough_id")
        + columns(Borough, "slug", "name")
        + columns(Signatory, "organisation_name", "state", "signed_on", "updated_at"),
    ),
}


def _with_rows(model, project):
    """[(an instance of `model`, [its rows' values])] for the project: a definition with no rows has none.

    The instances are unsaved copies built from their own columns (nothing
    reads anything else of them); a row is the rest of its line, the first
    column never NULL in a real row.
    """
    sql, width, fields = _DEFINITIONS[model]
    tables = {
        m.__name__: table(m)
        for m in (Deliverable, DeliverableStatus, Measure, MeasureContribution, Agreement, Signatory, Borough)
    }
    names = [field.attname if field.attname != "id" else "pk" for field in fields[:width]]
    found = {}
    for values in fetch(sql.format(**tables), [project.pk], fields):
        pk = values[0]
        if pk not in found:
            found[pk] = (model(**dict(zip(names, values[:width], strict=True))), [])
        row = values[width:]
        if row[0] is not None:
            found[pk][1].append(row)
    return list(found.values())


@cache
def _participations_sql():
    """Every column of a participation and of its borough: what select_related("borough") reads."""
    part_fields = Participation._meta.concrete_fields
    borough_fields = Borough._meta.concrete_fields
    selected = [f"pa.{connection.ops.quote_name(f.column)}" for f in part_fields]
    selected += [f"b.{connection.ops.quote_name(f.column)}" for f in borough_fields]
    sql = (
        f"SELECT {', '.join(selected)} FROM {table(Participation)} pa "
        f"JOIN {table(Borough)} b ON b.id = pa.borough_id WHERE pa.project_id = %s"
    )
    return sql, tuple(part_fields), tuple(borough_fields)


def _participations(project):
    """The project's participations, each with its borough, as select_related would give them (Model.from_db)."""
    sql, part_fields, borough_fields = _participations_sql()
    part_names = [f.attname for f in part_fields]
    borough_names = [f.attname for f in borough_fields]
    width = len(part_names)
    participations = []
    for values in fetch(sql, [project.pk], part_fields + borough_fields):
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
            own_signatures = signatures.get(b, [])  # in agreement order, as they were read
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
