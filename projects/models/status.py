"""A borough's status in a project, worked out from its commitments: the one rule.

Done: everything the borough can finish is finished, that is every deliverable
of the project done and every agreement naming it signed. Not started: nothing
done, under way, signed, under review or pledged. Anything between is in
progress. A pledge counts as a start but never as done: a measure's target is
the project's, not each borough's. A project with no commitments (no
deliverable, measure or agreement) has nothing to work a status out from, so
its boroughs' statuses stay the one chosen (`Participation.status`).

The counts come from rows a page already has (`CommitmentSummary.of`, used by
the project page and the demo) or from SQL (`Participation.objects.with_status()`,
for lists); either way one rule decides (`status_from`, which `CommitmentSummary.status()` calls).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from projects.models.commitments import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Signatory,
)
from projects.models.portfolio import Participation

DONE = DeliverableStatus.State.DONE
NOT_STARTED = DeliverableStatus.State.NOT_STARTED
STARTED_SIGNATURES = (Signatory.State.REVIEWING, Signatory.State.SIGNED)
ANNOTATION_PREFIX = "commitments_"
CHANGED_AT_KINDS = ("deliverables", "pledges", "signatures")
# CommitmentSummary's counts, as status_from() takes them (every field but changed_at).
COUNTS = (
    "deliverables",
    "deliverables_done",
    "deliverables_started",
    "measures",
    "pledged",
    "agreements",
    "signatures",
    "signed",
    "signatures_started",
)


@dataclass(frozen=True)
class CommitmentSummary:
    """One borough's commitments in one project, as counts: enough to tell its status."""

    deliverables: int = 0  # the project's deliverables (a borough without a row has not started one)
    deliverables_done: int = 0
    deliverables_started: int = 0  # in progress or done
    measures: int = 0  # the project's measures
    pledged: int = 0  # the borough's total over them
    agreements: int = 0  # the project's agreements
    signatures: int = 0  # the borough's rows as a signatory of them
    signed: int = 0
    signatures_started: int = 0  # reviewing or signed
    changed_at: datetime | None = None  # the newest updated_at of the borough's commitment rows

    @classmethod
    def of(cls, *, deliverables=(), pledges=(), signatures=(), agreements=None, changed_at=None):
        """From states: the borough's state of each of the project's deliverables (None where it has no row),
        its value for each of the project's measures, its state on each agreement naming it, and how many
        agreements the project has (by default as many as it signs)."""
        # list.count, not a sum over a generator: a project page works this out for each of 33 boroughs.
        deliverables = [state or NOT_STARTED for state in deliverables]
        signatures = list(signatures)
        signed = signatures.count(Signatory.State.SIGNED)
        return cls(
            deliverables=len(deliverables),
            deliverables_done=deliverables.count(DONE),
            deliverables_started=len(deliverables) - deliverables.count(NOT_STARTED),
            measures=len(pledges),
            pledged=sum(pledges),
            agreements=len(signatures) if agreements is None else agreements,
            signatures=len(signatures),
            signed=signed,
            signatures_started=sum(signatures.count(state) for state in STARTED_SIGNATURES),
            changed_at=changed_at,
        )

    @classmethod
    def from_annotations(cls, participation):
        """From the annotations of `Participation.objects.with_status()`."""
        try:
            values = {name: getattr(participation, ANNOTATION_PREFIX + name) for name in COUNTS}
            dates = [getattr(participation, f"{ANNOTATION_PREFIX}changed_at_{kind}") for kind in CHANGED_AT_KINDS]
        except AttributeError as e:
            # Not an AttributeError, which a template would swallow and draw as nothing.
            raise ImproperlyConfigured(
                "Read participations with Participation.objects.with_status() to show their status"
            ) from e
        return cls(**values, changed_at=max(filter(None, dates), default=None))

    @property
    def project_has_commitments(self):
        return bool(self.deliverables or self.measures or self.agreements)

    def status(self):
        """The status these commitments mean, or None where the project has none to work it out from."""
        return status_from(**{name: getattr(self, name) for name in COUNTS})


def status_from(
    *,
    deliverables,
    deliverables_done,
    deliverables_started,
    measures,
    pledged,
    agreements,
    signatures,
    signed,
    signatures_started,
):
    """The rule itself, from CommitmentSummary's counts, by name (None: nothing to work it out from).

    Lists of many boroughs (projects.models.summaries) call it with a row's counts as
    they are: building a CommitmentSummary for each of 660 rows was a tenth of the API's
    projects list.
    """
    if not (deliverables or measures or agreements):
        return None
    if deliverables + signatures and deliverables_done == deliverables and signed == signatures:
        return Participation.Status.DONE
    if deliverables_started or signatures_started or pledged:
        return Participation.Status.IN_PROGRESS
    return Participation.Status.NOT_STARTED


def _per_row(queryset, aggregate, group="project"):
    """One aggregate over a correlated subquery's rows, 0 (or None for dates) where there are none."""
    return Subquery(queryset.order_by().values(group).annotate(value=aggregate).values("value")[:1])


def _count(queryset, group):
    return Coalesce(_per_row(queryset, Count("pk"), group), 0)


def summary_annotations():
    """The annotations `CommitmentSummary.from_annotations` reads, for `Participation.objects.with_status()`."""
    project, borough = OuterRef("project_id"), OuterRef("borough_id")
    statuses = DeliverableStatus.objects.filter(deliverable__project=project, borough=borough)
    pledges = MeasureContribution.objects.filter(measure__project=project, borough=borough)
    signatures = Signatory.objects.filter(agreement__project=project, borough=borough)
    annotations = {
        "deliverables": _count(Deliverable.objects.filter(project=project), "project"),
        "deliverables_done": _count(statuses.filter(state=DONE), "borough"),
        "deliverables_started": _count(statuses.exclude(state=NOT_STARTED), "borough"),
        "measures": _count(Measure.objects.filter(project=project), "project"),
        "pledged": Coalesce(_per_row(pledges, Sum("value"), "borough"), 0),
        "agreements": _count(Agreement.objects.filter(project=project), "project"),
        "signatures": _count(signatures, "borough"),
        "signed": _count(signatures.filter(state=Signatory.State.SIGNED), "borough"),
        "signatures_started": _count(signatures.filter(Q(state__in=STARTED_SIGNATURES)), "borough"),
    }
    # Three dates, one per kind of row; from_annotations keeps the newest.
    for name, rows in zip(CHANGED_AT_KINDS, (statuses, pledges, signatures), strict=True):
        annotations[f"changed_at_{name}"] = _per_row(rows, Max("updated_at"), "borough")
    return {ANNOTATION_PREFIX + name: value for name, value in annotations.items()}
