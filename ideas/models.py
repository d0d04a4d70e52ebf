"""The Future Project Ideas Bank: calls for ideas, the ideas members submit, and the boroughs' workshop votes.

A call runs in stages, all set by its dates: open for ideas until the
deadline, then reviewed by the central team (who shortlist), then a voting
window at the all-member workshop, after which its results are published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, Rank
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boroughs.models import Borough
from boroughs.rules import is_central_team
from govuk.validators import SingleLineValidator
from projects.models import Project, Theme

MAX_VOTES_PER_BOROUGH = 20


class Stage(models.TextChoices):
    UPCOMING = "upcoming", "Not open yet"
    OPEN = "open", "Open for ideas"
    REVIEWING = "reviewing", "Ideas being reviewed"
    VOTING = "voting", "Voting open"
    CLOSED = "closed", "Closed"


class CallQuerySet(models.QuerySet):
    def opened(self, now=None):
        """Calls people can see: those that have opened."""
        return self.filter(opens_at__lte=now or timezone.now())

    def current(self, now=None):
        """Calls that have opened and whose voting has not closed, the latest first."""
        now = now or timezone.now()
        return self.opened(now).filter(voting_closes_at__gt=now).order_by("-opens_at")

    def past(self, now=None):
        """Calls whose voting has closed, so their results are published."""
        return self.filter(voting_closes_at__lte=now or timezone.now()).order_by("-voting_closes_at")

    def with_idea_counts(self):
        """Annotate `idea_count`: its ideas that were not withdrawn.

        Counted a call at a time from the (call, status) index: grouping a join
        of every idea by call read all of them (7 ms for ten calls at production scale).
        """
        ideas = Idea.objects.filter(call=OuterRef("pk")).not_withdrawn().order_by().values("call")
        return self.annotate(idea_count=Coalesce(Subquery(ideas.annotate(n=Count("*")).values("n")), 0))


class Call(models.Model):
    """A call for ideas: what LOTI is looking for, the deadline, and the workshop where boroughs vote."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the call's web addresses.")
    description = models.TextField(
        "what is sought", help_text="What kinds of ideas the call is looking for. Shown above the ideas."
    )
    opens_at = models.DateTimeField(help_text="When members can start submitting ideas.")
    deadline_at = models.DateTimeField("deadline", help_text="The last moment an idea can be submitted or changed.")
    workshop_on = models.DateField("workshop date", help_text="The all-member workshop where boroughs vote.")
    voting_opens_at = models.DateTimeField(help_text="Usually the start of the workshop.")
    voting_closes_at = models.DateTimeField(help_text="The results are published at this moment.")
    votes_per_borough = models.PositiveSmallIntegerField(
        default=3, help_text="How many shortlisted ideas each borough may vote for (one vote per idea)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(deadline_at__gt=F("opens_at")), name="call_deadline_after_opening"),
            models.CheckConstraint(
                condition=Q(voting_opens_at__gte=F("deadline_at")), name="call_voting_opens_after_the_deadline"
            ),
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=F("voting_opens_at")), name="call_voting_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(votes_per_borough__gte=1, votes_per_borough__lte=MAX_VOTES_PER_BOROUGH),
                name="call_votes_per_borough_in_range",
            ),
        ]
        indexes = [models.Index(fields=["-opens_at"]), models.Index(fields=["-voting_closes_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:results", kwargs={"slug": self.slug})

    def stage(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Stage.UPCOMING
        if now <= self.deadline_at:
            return Stage.OPEN
        if now < self.voting_opens_at:
            return Stage.REVIEWING
        if now < self.voting_closes_at:
            return Stage.VOTING
        return Stage.CLOSED

    def is_open_for_ideas(self, now=None):
        return self.stage(now) == Stage.OPEN

    def is_voting_open(self, now=None):
        return self.stage(now) == Stage.VOTING

    def results_published(self, now=None):
        return self.stage(now) == Stage.CLOSED

    def close_voting(self, *, by, now=None):
        """End the voting window now, which publishes the results. Only while voting is open."""
        now = now or timezone.now()
        if not self.is_voting_open(now):
            return False
        self.voting_closes_at = now
        self._history_user = by
        self.save(update_fields=["voting_closes_at"])
        return True


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    SHORTLISTED = "shortlisted", "Shortlisted"
    SELECTED = "selected", "Selected"
    NOT_PROGRESSED = "not_progressed", "Not progressed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Where each status may be reached from. Withdrawn is final, and so is an
# idea that has become a project (see Idea.move_to).
TRANSITIONS = {
    Status.UNDER_REVIEW: {Status.SUBMITTED, Status.SHORTLISTED, Status.SELECTED, Status.NOT_PROGRESSED},
    Status.SHORTLISTED: {Status.SUBMITTED, Status.UNDER_REVIEW, Status.SELECTED, Status.NOT_PROGRESSED},
    Status.SELECTED: {Status.UNDER_REVIEW, Status.SHORTLISTED, Status.NOT_PROGRESSED},
    Status.NOT_PROGRESSED: {Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED, Status.SELECTED},
    Status.WITHDRAWN: {Status.SUBMITTED, Status.UNDER_REVIEW},
}

# The submitter may still change or withdraw an idea in these statuses (before the deadline).
EDITABLE_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)


class IdeaStateError(Exception):
    """A status change the idea's current state does not allow. The message says why, for people."""


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything for the central team; for others, every idea except those other people withdrew."""
        if is_central_team(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(~Q(status=Status.WITHDRAWN) | Q(submitted_by=user))

    def by_submitter(self, user):
        """The person's own ideas: only they may change or withdraw them (while Idea.is_open_to_changes)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(submitted_by=user)

    def not_withdrawn(self):
        return self.exclude(status=Status.WITHDRAWN)

    def on_ballot(self):
        """Ideas that were shortlisted for the vote (whatever happened to them since), not withdrawn."""
        return self.filter(shortlisted_at__isnull=False).not_withdrawn()

    def with_public_result(self, now=None):
        """Ideas named in a call's published results: on the ballot of a call whose voting has closed."""
        return self.on_ballot().filter(call__voting_closes_at__lte=now or timezone.now())

    def with_list_data(self):
        return self.select_related("theme", "borough", "submitted_by")

    def with_vote_counts(self):
        return self.annotate(vote_count=Count("votes", distinct=True))

    def ranked(self):
        """Most votes first; ideas with as many votes share a rank (1, 2, 2, 4)."""
        return (
            self.with_vote_counts()
            .annotate(rank=Window(Rank(), order_by=F("vote_count").desc()))
            .order_by("-vote_count", "title", "pk")
        )


class Idea(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="ideas")
    # One line: it is an email's subject.
    title = models.CharField(max_length=150, validators=[SingleLineValidator("The title")])
    problem = models.TextField("the problem", max_length=3000)
    proposal = models.TextField("the proposal", max_length=3000)
    beneficiaries = models.TextField("who benefits", max_length=3000)
    outcomes = models.TextField("expected outcomes", max_length=3000)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="ideas")
    interested_boroughs = models.ManyToManyField(Borough, related_name="ideas_of_interest", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_ideas",
        help_text="The submitter's borough when they submitted it. Empty for the central team.",
    )
    status = models.CharField(max_length=15, choices=Status, default=Status.SUBMITTED)
    review_note = models.TextField(blank=True, help_text="Only the central team ever sees this.")
    response = models.TextField(
        "public response",
        blank=True,
        help_text="The central team's response, shown on the idea's page once it has been reviewed.",
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        help_text="The project this idea became.",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Set when first shortlisted, and kept: the results list every idea that was on the ballot.
    shortlisted_at = models.DateTimeField(null=True, blank=True)

    objects = IdeaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="idea_has_a_title"),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(status=Status.SELECTED),
                name="idea_becomes_a_project_only_when_selected",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SHORTLISTED) | Q(shortlisted_at__isnull=False),
                name="idea_shortlisted_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["call", "-submitted_at"]),
            models.Index(fields=["submitted_by", "status"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_reviewed(self):
        """Whether the central team has looked at it, so its public response may be shown."""
        return self.status not in (Status.SUBMITTED, Status.WITHDRAWN)

    def is_open_to_changes(self, now=None):
        """Whether its submitter may still change or withdraw it: before the deadline, and not yet past review."""
        return self.status in EDITABLE_STATUSES and self.call.is_open_for_ideas(now)

    def can_move_to(self, status):
        return self.status in TRANSITIONS.get(status, ()) and not self.project_id

    def move_to(self, status, *, by, now=None):
        """Change the status, recording who did it; IdeaStateError if the current status does not allow it."""
        if self.project_id:
            raise IdeaStateError(f"“{self.title}” has become a project, so its status cannot change.")
        if not self.can_move_to(status):
            raise IdeaStateError(
                f"“{self.title}” is {self.get_status_display().lower()}, "
                f"so it cannot be marked as {Status(status).label.lower()}."
            )
        now = now or timezone.now()
        self.status = status
        self.status_changed_at = now
        if status == Status.SHORTLISTED and self.shortlisted_at is None:
            self.shortlisted_at = now
        self._history_user = by
        self.save(update_fields=["status", "status_changed_at", "shortlisted_at"])

    def start_review(self, *, by):
        self.move_to(Status.UNDER_REVIEW, by=by)

    def shortlist(self, *, by):
        self.move_to(Status.SHORTLISTED, by=by)

    def select(self, *, by):
        self.move_to(Status.SELECTED, by=by)

    def set_aside(self, *, by):
        """Mark as not progressed."""
        self.move_to(Status.NOT_PROGRESSED, by=by)

    def withdraw(self, *, by):
        self.move_to(Status.WITHDRAWN, by=by)


class VoteQuerySet(models.QuerySet):
    def in_call(self, call):
        return self.filter(idea__call=call)

    def by_borough(self, borough):
        return self.filter(borough=borough)


class Vote(models.Model):
    """One borough's vote for one shortlisted idea. The allowance is checked under a lock (see vote_cast)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="idea_votes")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The CDIO, or the central team member who recorded it in the room.",
    )
    cast_at = models.DateTimeField(default=timezone.now)

    objects = VoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["cast_at"]
        constraints = [models.UniqueConstraint(fields=["idea", "borough"], name="vote_once_per_idea_per_borough")]
        indexes = [models.Index(fields=["borough", "idea"])]

    def __str__(self):
        return f"{self.borough} for {self.idea}"
