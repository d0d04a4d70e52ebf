"""Per-borough commitments, in the three shapes shared projects need.

- Deliverable + DeliverableStatus: a checklist per borough (Seamless Wi-Fi).
- Measure + MeasureContribution: a numeric target with contributions (Digital Apprenticeships).
- Agreement + Signatory: a document many bodies sign (Information Governance ISAs and DSAs).

A borough's row is created the first time it is updated; until then the
borough shows as "not started", "0" or "not signed", and as never updated.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from boroughs.models import Borough
from projects.models.portfolio import Project
from projects.models.tracking import BoroughRecord


class Deliverable(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="deliverable_name_unique_in_project")]

    def __str__(self):
        return self.name


class DeliverableStatus(BoroughRecord):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="statuses")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="deliverable_statuses")
    state = models.CharField(max_length=12, choices=State, default=State.NOT_STARTED)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "deliverable statuses"
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "borough"], name="deliverable_status_once_per_borough")
        ]
        indexes = [models.Index(fields=["borough"])]

    def __str__(self):
        return f"{self.deliverable} in {self.borough}: {self.get_state_display()}"


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=100, help_text="What is counted, e.g. 'Digital apprenticeship places'.")
    unit = models.CharField(max_length=50, default="places", help_text="Plural, e.g. 'places'.")
    target = models.PositiveIntegerField()
    due_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="measure_target_positive")]

    def __str__(self):
        return self.name


class MeasureContribution(BoroughRecord):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="contributions")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="measure_contributions")
    value = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "borough"], name="measure_contribution_once_per_borough"),
            models.CheckConstraint(condition=Q(value__gte=0), name="measure_contribution_not_negative"),
        ]
        indexes = [models.Index(fields=["borough"])]

    def __str__(self):
        return f"{self.borough}: {self.value} {self.measure.unit}"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        ISA = "isa", "Information Sharing Agreement"
        DSA = "dsa", "Data Sharing Agreement"
        PROTOCOL = "protocol", "Information sharing protocol"
        OTHER = "other", "Other agreement"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.ISA)
    opened_on = models.DateField(help_text="When the agreement was opened for signature.")
    document_url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class Signatory(BoroughRecord):
    """A party to an agreement: a borough, or another named body (Met Police, GLA...)."""

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        REVIEWING = "reviewing", "Reviewing"
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures")
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="For a body that is not a London borough. Leave empty for a borough."
    )
    state = models.CharField(max_length=10, choices=State, default=State.INVITED)
    signed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "signatories"
        ordering = ["borough__name", "organisation_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(borough__isnull=False) & Q(organisation_name=""))
                | (Q(borough__isnull=True) & ~Q(organisation_name="")),
                name="signatory_is_a_borough_or_a_named_body",
            ),
            models.CheckConstraint(
                condition=(Q(state="signed") & Q(signed_on__isnull=False))
                | (~Q(state="signed") & Q(signed_on__isnull=True)),
                name="signatory_signed_has_a_date",
            ),
            models.UniqueConstraint(
                fields=["agreement", "borough"],
                condition=Q(borough__isnull=False),
                name="signatory_borough_once",
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation_name"],
                condition=~Q(organisation_name=""),
                name="signatory_body_once",
            ),
        ]
        indexes = [models.Index(fields=["borough"])]

    def __str__(self):
        return f"{self.party_name()} on {self.agreement}"

    def is_stale(self, *, now, stale_after):
        # A signature, once given, stays given: nothing to re-check.
        return self.state != self.State.SIGNED and super().is_stale(now=now, stale_after=stale_after)

    def party_name(self):
        # A method, not a property: it reads the borough, which may need a query.
        return self.borough.name if self.borough_id else self.organisation_name
