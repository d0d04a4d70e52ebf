"""Quarterly objectives and key results (OKRs), edited by the central team in the admin."""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boroughs.models import Borough
from boroughs.rules import is_borough_editor, is_central_team
from projects.models import Measure, MeasureContribution, Project, Theme

# LOTI's year starts on 16 July: Year 1 began on 16 July 2019.
FIRST_YEAR_STARTS = 2019
YEAR_STARTS_ON = (7, 16)


def quarter_dates(year, number):
    """The first and last day of LOTI year `year`, quarter `number` (1 to 4)."""
    month, day = YEAR_STARTS_ON
    start_month = month + 3 * (number - 1)
    start = date(FIRST_YEAR_STARTS + year - 1 + (start_month - 1) // 12, (start_month - 1) % 12 + 1, day)
    end_month = start_month + 3
    end = date(FIRST_YEAR_STARTS + year - 1 + (end_month - 1) // 12, (end_month - 1) % 12 + 1, day - 1)
    return start, end


def quarter_containing(day):
    """The LOTI (year, quarter number) that `day` falls in: 1 December 2026 is Year 8 Q2."""
    month, start_day = YEAR_STARTS_ON
    months = (day.year - FIRST_YEAR_STARTS) * 12 + day.month - month - (1 if day.day < start_day else 0)
    return months // 12 + 1, months % 12 // 3 + 1


def status_summary(statuses):
    """Quarter.status_summary's counts from the statuses of a quarter's key results, read already."""
    counts = Counter(statuses)
    return {
        "total": sum(counts.values()),
        "done": counts[KeyResult.Status.DONE],
        "by_status": [(value, label, counts[value]) for value, label in KeyResult.Status.choices],
    }


class QuarterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published quarters for everyone; drafts too for the central team, to preview."""
        if is_central_team(user):
            return self.all()
        return self.published()

    def containing(self, day):
        """The quarter whose dates include `day`, or None."""
        return self.filter(starts_on__lte=day, ends_on__gte=day).first()

    def current(self, today=None):
        """The quarter running today, or None: never an older one, so "this quarter" is always true."""
        return self.containing(today or timezone.localdate())

    def latest_started(self, today=None):
        """The most recent quarter to have started by `today`: the running one, or else the last one before it.

        Not named `latest`: that is Django's own QuerySet method.
        """
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).order_by("-starts_on").first()


class Quarter(models.Model):
    year = models.PositiveSmallIntegerField(help_text="LOTI year: Year 1 began on 16 July 2019.")
    number = models.PositiveSmallIntegerField(choices=[(n, f"Q{n}") for n in range(1, 5)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_published = models.BooleanField(
        "published", default=False, help_text="Published quarters are public; drafts are seen by the central team only."
    )
    title = models.CharField(max_length=200, blank=True, help_text="Leave empty for 'What to expect from LOTI in Q2'.")
    introduction = models.TextField(blank=True)

    objects = QuarterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="quarter_once"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="quarter_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"),
        ]
        indexes = [models.Index(fields=["is_published", "starts_on"])]

    def __str__(self):
        return f"Year {self.year} Q{self.number}"

    def get_absolute_url(self):
        return reverse("okrs:quarter", kwargs={"year": self.year, "number": self.number})

    @property
    def heading(self):
        return self.title or f"What to expect from LOTI in Q{self.number}"

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                raise ValidationError({"ends_on": "The end date must be after the start date."})
            overlapping = Quarter.objects.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on).exclude(
                pk=self.pk
            )
            if clash := overlapping.first():
                raise ValidationError(
                    f"These dates overlap {clash} ({clash.starts_on:%-d %B %Y} to {clash.ends_on:%-d %B %Y})."
                )

    def status_summary(self):
        """Counts of its key results by status, in status order, and how many are done (one query)."""
        # No order: the key results' default one joins the quarter to sort by it.
        return status_summary(self.key_results.order_by().values_list("status", flat=True))

    def next_free_number(self):
        """A number for a new key result, at the end; `renumber` then puts it in place."""
        return (self.key_results.order_by("-number").values_list("number", flat=True).first() or 0) + 1

    def next_quarter_key(self):
        return (self.year + 1, 1) if self.number == 4 else (self.year, self.number + 1)

    @transaction.atomic
    def renumber(self):
        """Number the key results 1..N in objective order, then key result order.

        Stable: a key result keeps its number until the order changes. Numbers
        move out of the way first, so the unique constraint holds at every step.
        """
        results = list(
            self.key_results.select_related("objective").order_by("objective__order", "objective_id", "order", "pk")
        )
        if [kr.number for kr in results] == list(range(1, len(results) + 1)):
            return
        self.key_results.update(number=F("number") + 1000)
        for number, kr in enumerate(results, start=1):
            KeyResult.objects.filter(pk=kr.pk).update(number=number)


class Objective(models.Model):
    """A themed group of key results inside a quarter."""

    quarter = models.ForeignKey(Quarter, on_delete=models.CASCADE, related_name="objectives")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=200, blank=True, help_text="Leave empty to use the theme's name.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the page: lower comes first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["quarter", "theme"], name="objective_theme_once_a_quarter")]

    def __str__(self):
        return self.title or self.theme.name


def measure_total():
    """The total of a key result's linked measure, as a subquery on the key result's row (None: no pledges)."""
    return (
        MeasureContribution.objects.filter(measure=OuterRef("measure"))
        .order_by()
        .values("measure")
        .annotate(total=Sum("value"))
        .values("total")
    )


class KeyResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Key results of the quarters `user` may see: published ones, and drafts for the central team."""
        if is_central_team(user):
            return self.all()
        return self.filter(quarter__is_published=True)

    def with_progress(self):
        """Annotate `progress_value` and `progress_target`.

        A key result linked to a project measure follows the measure's total;
        otherwise its progress is its latest check-in.
        """
        latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-checked_on", "-pk")
        return self.annotate(
            progress_value=models.Case(
                models.When(measure__isnull=False, then=Coalesce(Subquery(measure_total()), Value(0))),
                default=Coalesce(Subquery(latest.values("value")[:1]), Value(0)),
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            ),
            progress_target=Coalesce(F("measure__target"), F("target"), output_field=models.DecimalField()),
        )

    def with_project_for(self, user):
        """Each key result's `project` as `user` may see it: None where it is not public yet.

        A project that is not public yet is never named to the public, even
        through a key result; the rule is the projects app's own `visible_to`.
        """
        return self.prefetch_related(Prefetch("project", queryset=Project.objects.visible_to(user)))

    def unfinished(self):
        return self.exclude(status__in=[KeyResult.Status.DONE, KeyResult.Status.DROPPED])

    def involving(self, borough):
        return self.filter(Q(lead_borough=borough) | Q(supporting_boroughs=borough)).distinct()

    def to_check_in_by(self, user):
        """The key results `user` records check-ins for from My borough: those their borough leads.

        The okrs.record_check_in rule as a query, for a borough's editors and
        CDIO: published quarters that have begun, not fed by a project measure.
        """
        if not is_borough_editor(user):
            return self.none()
        return self.filter(
            lead_borough_id=user.borough_id,
            quarter__is_published=True,
            quarter__starts_on__lte=timezone.localdate(),
            measure__isnull=True,
        )

    def with_last_check_in(self):
        """Annotate `last_checked_on`: the date of the latest check-in, or None."""
        latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-checked_on", "-pk")
        return self.annotate(last_checked_on=Subquery(latest.values("checked_on")[:1]))


class KeyResult(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    quarter = models.ForeignKey(Quarter, on_delete=models.CASCADE, related_name="key_results")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    number = models.PositiveSmallIntegerField(editable=False, help_text="Set from the order on saving the quarter.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within its objective: lower comes first.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    target = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=100,
        help_text="What progress is measured toward: 100 for a percentage. Ignored when linked to a measure.",
    )
    unit = models.CharField(max_length=50, default="%", help_text="'%' or a plural, like 'boroughs'.")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_results",
        help_text="Link to a project measure and progress follows it, with no check-ins needed.",
    )
    lead_borough = models.ForeignKey(
        Borough, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_key_results"
    )
    supporting_boroughs = models.ManyToManyField(Borough, blank=True, related_name="supported_key_results")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="key_results")
    link = models.URLField(blank=True, help_text="A page with more about this key result.")
    rolled_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rolled_into",
        help_text="The unfinished key result of an earlier quarter this continues.",
    )

    objects = KeyResultQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["number"])

    class Meta:
        ordering = ["quarter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quarter", "number"], name="key_result_number_once_a_quarter"),
            models.UniqueConstraint(
                fields=["quarter", "rolled_from"],
                condition=Q(rolled_from__isnull=False),
                name="key_result_rolled_once_into_a_quarter",
            ),
            models.CheckConstraint(condition=Q(target__gt=0), name="key_result_target_positive"),
        ]
        indexes = [models.Index(fields=["quarter", "status"])]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse(
            "okrs:key_result",
            kwargs={"year": self.quarter.year, "number": self.quarter.number, "kr": self.number},
        )

    def get_check_in_url(self):
        return reverse(
            "okrs:check_in_new",
            kwargs={"year": self.quarter.year, "number": self.quarter.number, "kr": self.number},
        )

    def clean(self):
        if self.objective_id and self.quarter_id and self.objective.quarter_id != self.quarter_id:
            raise ValidationError({"objective": "Choose an objective of the same quarter."})

    @property
    def is_automatic(self):
        """Fed by a project measure: its progress updates itself and it takes no check-ins."""
        return self.measure_id is not None

    def check_in_window(self, today=None):
        """The first and last day a check-in may be dated: within the quarter, and not after today."""
        today = today or timezone.localdate()
        return self.quarter.starts_on, min(self.quarter.ends_on, today)

    def record_check_in(self, *, by, checked_on, value, confidence, comment=""):
        """Record progress, as `by`; the check-in's history keeps who and when."""
        if self.is_automatic:
            raise ValidationError("This key result follows its project measure, so it takes no check-ins.")
        check_in = CheckIn(
            key_result=self, checked_on=checked_on, value=value, confidence=confidence, comment=comment, author=by
        )
        check_in._history_user = by  # the history's author, outside a request too
        check_in.full_clean()
        check_in.save()
        return check_in


class CheckIn(models.Model):
    """A dated progress value with confidence and a comment: the history behind a key result."""

    class Confidence(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    checked_on = models.DateField(default=timezone.localdate)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    confidence = models.CharField(max_length=6, choices=Confidence, default=Confidence.MEDIUM)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        # Hyphenated, as GOV.UK and the portal's pages write it; Django would say "check ins".
        verbose_name = "check-in"
        verbose_name_plural = "check-ins"
        ordering = ["checked_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="check_in_value_not_negative")]
        indexes = [models.Index(fields=["key_result", "-checked_on"])]

    def __str__(self):
        return f"{self.key_result}: {self.value} on {self.checked_on}"

    def clean(self):
        if self.value is None or not self.key_result_id:
            return
        target = Decimal(self.key_result.target)
        if self.value < 0 or self.value > target:
            raise ValidationError({"value": f"Enter a value from 0 to the target, {target.normalize():f}."})
