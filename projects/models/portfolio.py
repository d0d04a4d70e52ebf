"""The portfolio: themes, projects, boroughs' participation, updates and followers."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from boroughs.models import Borough
from boroughs.rules import is_borough_editor, is_central_team
from govuk.markup import markdown_to_safe_html
from govuk.validators import SingleLineValidator
from pagecache.versions import content_changed
from projects.models.tracking import BoroughRecord


class Theme(models.Model):
    """A programme theme shared by projects, OKRs and ideas."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Phase(models.TextChoices):
    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class Health(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Public projects for everyone; one not public yet for its boroughs' people and the central team.

        projects.reports.project_for_page says the same in SQL for one
        project (the project page): change both; a test compares them.
        """
        if is_central_team(user):
            return self.all()
        if user.is_authenticated and user.borough_id:
            taking_part = Participation.objects.filter(project=OuterRef("pk"), borough_id=user.borough_id)
            return self.filter(Q(is_public=True) | Exists(taking_part))
        return self.public()

    def with_list_data(self):
        return self.select_related("theme", "lead_borough")

    def taken_part_in_by(self, borough):
        """Projects `borough` takes part in: a semi-join, so each project comes once and needs no DISTINCT."""
        return self.filter(Exists(Participation.objects.filter(project=OuterRef("pk"), borough=borough)))

    def followed_by(self, user):
        """is_followed on each project: whether `user` follows it (in the same query)."""
        if not user.is_authenticated:
            return self.annotate(is_followed=Value(False))
        return self.annotate(is_followed=Exists(Follow.objects.filter(user=user, project=OuterRef("pk"))))


def project_audience(user):
    """Which projects `user` sees, as visible_to() tells people apart: a key for what is kept for each audience."""
    if is_central_team(user):
        return "all"
    if user.is_authenticated and user.borough_id:
        return f"borough:{user.borough_id}"
    return "public"


class Project(models.Model):
    # One line: it is in the subject of every update's email.
    title = models.CharField(max_length=200, validators=[SingleLineValidator("The title")])
    slug = models.SlugField(max_length=200, unique=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="projects")
    summary = models.CharField(max_length=300, help_text="One or two sentences, shown in lists.")
    description = models.TextField(blank=True)
    lead_borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="led_projects"
    )
    phase = models.CharField(max_length=10, choices=Phase, default=Phase.DISCOVERY)
    health = models.CharField(max_length=10, choices=Health, default=Health.ON_TRACK)
    started_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    is_public = models.BooleanField("public", default=True)
    website = models.URLField(blank=True, help_text="A page about the project elsewhere, if any.")
    created_at = models.DateTimeField(default=timezone.now)
    # When anything about the project last changed, its commitments included:
    # the "last updated" people see in lists. Set by the services that write.
    last_updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["last_updated_at"])

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["phase"]),
            models.Index(fields=["health"]),
            models.Index(fields=["is_public", "title"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(started_on__isnull=True) | Q(ends_on__gte=models.F("started_on")),
                name="project_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def has_commitments(self):
        """Whether boroughs' statuses in it are worked out from commitments (True) or chosen (False)."""
        return self.deliverables.exists() or self.measures.exists() or self.agreements.exists()

    def touch(self, when=None):
        """Record that something about the project changed now."""
        self.last_updated_at = when or timezone.now()
        Project.objects.filter(pk=self.pk).update(last_updated_at=self.last_updated_at)
        content_changed("projects")  # update() sends no signal


class ParticipationQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The participations whose commitments `user` may update: their own borough's, if an editor or CDIO."""
        if not is_borough_editor(user):
            return self.none()
        return self.filter(borough_id=user.borough_id)

    def with_status(self):
        """Each row with what its status is worked out from, in the same query (for lists).

        Gives every row `commitments` (a CommitmentSummary), so `shown_status`
        and `last_changed_at` need no further query, however many rows.
        """
        from projects.models.status import summary_annotations  # the commitment models import this module

        return self.annotate(**summary_annotations())


class Participation(BoroughRecord):
    """A borough's part in a project, with its note, and its status where the project has no commitments.

    Where the project has commitments (deliverables, measures, agreements), the
    borough's status is worked out from them (`shown_status`) and the stored
    `status` is not used: there is nothing to type that could disagree.
    """

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        PARTICIPANT = "participant", "Participant"
        OBSERVER = "observer", "Observer"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=12, choices=Role, default=Role.PARTICIPANT)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    note = models.TextField(blank=True, max_length=2000)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project__title", "borough__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "borough"], name="participation_once_per_borough"),
        ]
        indexes = [models.Index(fields=["borough", "project"])]

    def __str__(self):
        return f"{self.borough} in {self.project}"

    @cached_property
    def commitments(self):
        """A CommitmentSummary of the borough's commitments in the project.

        Read from `Participation.objects.with_status()`; a page that has the
        commitment rows already (ProjectDashboard) sets it instead. Never queries.
        """
        from projects.models.status import CommitmentSummary

        return CommitmentSummary.from_annotations(self)

    @property
    def shown_status(self):
        """The status to show: worked out from the commitments where the project has any, else the one chosen."""
        return self.commitments.status() or self.Status(self.status)

    def get_shown_status_display(self):
        return self.shown_status.label

    @property
    def last_changed_at(self):
        """When the borough last changed anything of its part: this row or a commitment row (None if never)."""
        return max(filter(None, [self.updated_at, self.commitments.changed_at]), default=None)


class ProjectUpdate(models.Model):
    """A dated narrative update, recording the phase and health at that moment."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200, validators=[SingleLineValidator("The title")])
    body = models.TextField(help_text="Markdown. Links, lists and emphasis are kept; anything else is removed.")
    # The body as sanitised HTML, drawn once when the update is saved: parsing and
    # cleaning Markdown for every update on every project page was its heaviest work.
    body_html = models.TextField(editable=False, default="")
    phase = models.CharField(max_length=10, choices=Phase)
    health = models.CharField(max_length=10, choices=Health)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["project", "-published_at"]),
            models.Index(fields=["-published_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.project.get_absolute_url()}#update-{self.pk}"

    def save(self, *args, **kwargs):
        # Not domain logic but a copy of `body` in another form: kept in step here so
        # that every writer (the service, the admin, factories, demo data) gets it.
        self.body_html = markdown_to_safe_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)


class Follow(models.Model):
    """A person who is emailed each new update of a project."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "project"], name="follow_once")]

    def __str__(self):
        return f"{self.user} follows {self.project}"


class StaleReminder(models.Model):
    """One reminder email run per borough per day, so the daily command is safe to re-run."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    row_count = models.PositiveIntegerField()
    recipient_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["borough", "sent_on"], name="stale_reminder_once_a_day")]

    def __str__(self):
        return f"Reminder to {self.borough} on {self.sent_on}"
