"""LOTI's weekly note: drafted from the week's changes, edited and published by the central team."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boroughs.rules import is_central_team


def monday_of(day):
    """The Monday of the week `day` falls in: weeks start on Monday, as LOTI's weeknotes do."""
    return day - timedelta(days=day.weekday())


def week_bounds(monday):
    """The week starting on `monday` as a half-open range of aware datetimes, London time: [start, end)."""
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))
    return start, end


class WeekNoteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=WeekNote.Status.PUBLISHED)

    def visible_to(self, user):
        """Published notes for everyone; drafts too for the central team, to preview them on the site."""
        if is_central_team(user):
            return self.all()
        return self.published()

    def with_list_data(self):
        return self.select_related("author")


class WeekNote(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    week_starting = models.DateField(unique=True, help_text="The Monday of the week the note is about.")
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Markdown. Headings (###), links, lists and emphasis are kept; anything else is removed."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the task that emails subscribers, so a task run twice never sends the note twice.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = WeekNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-week_starting"]
        verbose_name = "weeknote"
        constraints = [
            # ISO weekday 1 is Monday, in PostgreSQL as in Python.
            models.CheckConstraint(condition=Q(week_starting__iso_week_day=1), name="weeknote_starts_on_a_monday"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="weeknote_published_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-week_starting"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("weeknotes:detail", kwargs={"week": self.week_starting.isoformat()})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def week_ending(self):
        """The Sunday the week ends on."""
        return self.week_starting + timedelta(days=6)

    def clean(self):
        if isinstance(self.week_starting, date) and self.week_starting.weekday() != 0:
            raise ValidationError({"week_starting": "Enter the Monday the week starts on."})

    @transaction.atomic
    def save_edit(self, *, by):
        """Save the note and keep this version of it in its history: who changed it and when."""
        self.save()
        return self.revisions.create(title=self.title, body=self.body, edited_by=by)

    def publish(self, *, by, now=None):
        """Mark as published (once: a published note keeps its first date). False if it already was."""
        if self.is_published:
            return False
        self.status = self.Status.PUBLISHED
        self.published_at = now or timezone.now()
        self.save(update_fields=["status", "published_at"])
        return True


class WeekNoteRevision(models.Model):
    """One saved version of a note: its text, who saved it and when. Never edited."""

    note = models.ForeignKey(WeekNote, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at", "-pk"]
        verbose_name = "revision"
        indexes = [models.Index(fields=["note", "-edited_at"])]

    def __str__(self):
        return f"{self.note} at {self.edited_at:%Y-%m-%d %H:%M}"
