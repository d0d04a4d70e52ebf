"""Email subscriptions made without an account: job alerts and LOTI's weeknotes newsletter.

A subscription is only an address and what it asked for. It sends nothing
until the address confirms it (double opt-in), and an address on the
suppression list (a bounce or a complaint) is sent nothing at all.
"""

from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    NEWSLETTER = "newsletter", "LOTI's weeknotes"
    VACANCIES = "vacancies", "Vacancies"
    JOB_DESCRIPTIONS = "job_descriptions", "Job descriptions"


ALERT_KINDS = [Kind.VACANCIES, Kind.JOB_DESCRIPTIONS]


class Frequency(models.TextChoices):
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


def normalised_address(email):
    """One spelling per mailbox, so the per-address limit and the suppression list cannot be dodged by case."""
    return email.strip().lower()


class SuppressionQuerySet(models.QuerySet):
    def holds(self, email):
        return self.filter(email=normalised_address(email)).exists()


class Suppression(models.Model):
    """An address nothing is ever sent to again: it bounced, or its owner marked our email as spam."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", "Bounced"
        COMPLAINT = "complaint", "Complaint (marked as spam)"

    email = models.EmailField("email address", max_length=254, unique=True)
    reason = models.CharField(max_length=10, choices=Reason)
    created_at = models.DateTimeField("suppressed at", default=timezone.now)
    note = models.CharField(max_length=500, blank=True, help_text="Where the bounce or complaint came from.")

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "suppressed address"
        verbose_name_plural = "suppressed addresses"

    def __str__(self):
        return self.email


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, cutoff):
        """Never confirmed, and asked for before `cutoff`: what the daily purge deletes."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)

    def newsletter(self):
        return self.filter(kind=Kind.NEWSLETTER)

    def alerts(self):
        return self.filter(kind__in=ALERT_KINDS)

    def for_address(self, email):
        return self.filter(email=normalised_address(email))

    def unsuppressed(self):
        return self.exclude(email__in=Suppression.objects.values("email"))

    def due(self, now=None):
        """Confirmed alerts whose email is due today: daily ones not yet checked today, weekly ones a week on."""
        today = timezone.localdate(now or timezone.now())

        def day_starts(day):
            return timezone.make_aware(datetime.combine(day, time.min))

        return self.alerts().filter(
            Q(frequency=Frequency.DAILY, checked_at__lt=day_starts(today))
            | Q(frequency=Frequency.WEEKLY, checked_at__lt=day_starts(today - timedelta(days=6)))
        )


class Subscription(models.Model):
    """One address's alert for new vacancies or job descriptions like a filtered list, or its newsletter sign-up."""

    email = models.EmailField("email address", max_length=254)
    kind = models.CharField(max_length=20, choices=Kind)
    # The list's filters as the page's query string had them (validated by jobs.filters), so the alert
    # matches exactly what the list showed; and those filters in words, for pages and emails.
    filters = models.JSONField(default=dict, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Where the next alert starts from: items that appeared after this are new.
    checked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField("last emailed at", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(kind=Kind.NEWSLETTER), name="one_newsletter_subscription_per_address"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.NEWSLETTER, frequency="") | (~Q(kind=Kind.NEWSLETTER) & ~Q(frequency="")),
                name="alerts_and_only_alerts_have_a_frequency",
            ),
            models.CheckConstraint(condition=Q(email=models.functions.Lower("email")), name="subscription_email_lower"),
        ]
        indexes = [
            models.Index(fields=["email"], name="subscription_email"),
            models.Index(fields=["confirmed_at", "created_at"], name="subscription_confirmed"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.email}"

    @property
    def is_alert(self):
        return self.kind in ALERT_KINDS

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, now=None):
        """Start sending: the first alert holds what appears from now on."""
        if self.confirmed_at is None:
            self.confirmed_at = self.checked_at = now or timezone.now()
            self.save(update_fields=["confirmed_at", "checked_at"])

    def change_frequency(self, frequency):
        self.frequency = frequency
        self.save(update_fields=["frequency"])


class SentItem(models.Model):
    """A vacancy or job description an alert has emailed, so that no alert sends the same one twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent_items")
    object_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "object_id"], name="sent_once_per_alert")]

    def __str__(self):
        return f"{self.object_id} to {self.subscription_id}"
