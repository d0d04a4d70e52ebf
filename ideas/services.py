"""Writes that send email or reach into other apps: submitting and changing ideas, status changes, votes,
and turning a selected idea into a project.

Every refusal people can cause (a late submission, a vote over the allowance)
is an IdeasRefused with a message written for them; nothing is written then.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify

from boroughs.models import User
from govuk.formats import moment
from ideas.models import EDITABLE_STATUSES, Call, Idea, Stage, Status, Vote
from outbox.mail import enqueue
from projects.models import Participation, Phase, Project


class IdeasRefused(Exception):
    """An expected refusal. str(error) is the message to show."""


class SubmissionsClosed(IdeasRefused):
    pass


class VoteRefused(IdeasRefused):
    pass


class PromotionRefused(IdeasRefused):
    pass


# Submitting and changing ideas -----------------------------------------------


def submissions_closed_message(call, now=None):
    if call.stage(now) == Stage.UPCOMING:
        return f"{call.title} opens for ideas at {moment(call.opens_at)}."
    return f"The deadline for {call.title} was {moment(call.deadline_at)}. Ideas can no longer be submitted or changed."


def _check_open(call, now):
    if not call.is_open_for_ideas(now):
        raise SubmissionsClosed(submissions_closed_message(call, now))


@transaction.atomic
def idea_submit(*, call, by, interested_boroughs, now=None, **fields):
    """Record a new idea from `by`, in their borough, and queue emails to them and the central team."""
    now = now or timezone.now()
    _check_open(call, now)
    idea = Idea(call=call, submitted_by=by, borough=by.borough, submitted_at=now, updated_at=now, **fields)
    idea._history_user = by
    idea.save()
    idea.interested_boroughs.set(interested_boroughs)
    # Queued with the idea (outbox): the worker sends it, so a mail failure never fails the submission.
    notify_idea_submitted(idea.pk)
    return idea


def _lock(idea):
    # order_by(): no ordering joins, which FOR UPDATE cannot lock.
    return Idea.objects.select_for_update().order_by().select_related(None).get(pk=idea.pk)


def change_refusal(idea, now=None):
    """Why the submitter can no longer change or withdraw the idea, or None if they still can."""
    if not idea.call.is_open_for_ideas(now):
        return submissions_closed_message(idea.call, now)
    if idea.status not in EDITABLE_STATUSES:
        return f"“{idea.title}” is {idea.get_status_display().lower()}, so it can no longer be changed or withdrawn."
    return None


def _check_editable(idea, now):
    if refusal := change_refusal(idea, now):
        raise SubmissionsClosed(refusal)


@transaction.atomic
def idea_update(*, idea, by, interested_boroughs, now=None, **fields):
    """The submitter changes their idea: only before the deadline, and only while it is submitted or under review."""
    now = now or timezone.now()
    locked = _lock(idea)
    _check_editable(locked, now)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_at = now
    locked._history_user = by
    locked.save()
    locked.interested_boroughs.set(interested_boroughs)
    return locked


@transaction.atomic
def idea_withdraw(*, idea, by, now=None):
    now = now or timezone.now()
    locked = _lock(idea)
    _check_editable(locked, now)
    locked.withdraw(by=by)
    return locked


@transaction.atomic
def idea_status_change(*, idea, status, by):
    """The central team moves an idea on; the submitter's email is queued with it. IdeaStateError if not allowed."""
    locked = _lock(idea)
    locked.move_to(status, by=by)
    if status != Status.WITHDRAWN:
        notify_status_changed(locked.pk)
    return locked


# Emails ----------------------------------------------------------------------


def central_team_emails():
    """The central team's addresses, or LOTI's shared address when there is nobody yet."""
    emails = list(User.objects.central_team().order_by("email").values_list("email", flat=True))
    return emails or [settings.LOTI_CONTACT_EMAIL]


def _send(messages):
    for subject, body, to in messages:
        enqueue(subject, body, to)


def notify_idea_submitted(idea_pk):
    """Queue a confirmation to the submitter and a note to the central team, with the writer's transaction."""
    idea = Idea.objects.select_related("call", "theme", "borough", "submitted_by").get(pk=idea_pk)
    context = {
        "idea": idea,
        "call": idea.call,
        "site_url": settings.SITE_URL,
        "admin_url": settings.SITE_URL + reverse("admin:ideas_idea_change", args=[idea.pk]),
    }
    messages = []
    if idea.submitted_by and idea.submitted_by.is_active:
        body = render_to_string("ideas/email/submitted.txt", context)
        messages.append((f"Idea received: {idea.title}", body, [idea.submitted_by.email]))
    body = render_to_string("ideas/email/submitted_central_team.txt", context)
    subject = f"New idea for {idea.call.title}: {idea.title}"
    messages += [(subject, body, [email]) for email in central_team_emails()]
    _send(messages)
    return len(messages)


def notify_status_changed(idea_pk):
    """Queue the submitter's email about their idea's new status and the central team's response."""
    idea = Idea.objects.select_related("call", "submitted_by").get(pk=idea_pk)
    if not (idea.submitted_by and idea.submitted_by.is_active):
        return 0
    body = render_to_string("ideas/email/status_changed.txt", {"idea": idea, "site_url": settings.SITE_URL})
    subject = f"Your idea “{idea.title}” is now {idea.get_status_display().lower()}"
    _send([(subject, body, [idea.submitted_by.email])])
    return 1


# Workshop votes --------------------------------------------------------------


def _voting_refusal(call, now):
    stage = call.stage(now)
    if stage == Stage.VOTING:
        return None
    if stage == Stage.CLOSED:
        return f"Voting for {call.title} closed at {moment(call.voting_closes_at)}."
    return f"Voting for {call.title} opens at {moment(call.voting_opens_at)}."


@transaction.atomic
def vote_cast(*, idea, borough, by, now=None):
    """Record the borough's vote for a shortlisted idea.

    The call's row is locked first, so two votes for the same call are
    counted one after the other: a borough never exceeds its allowance, even
    when its CDIO and the central team press the button at the same moment.
    The unique constraint on (idea, borough) stops a second vote for one idea.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=idea.call_id)
    idea = Idea.objects.get(pk=idea.pk)  # its status as it is now, under the lock
    if not borough.is_member:
        raise VoteRefused(f"{borough.name} is not a LOTI member borough, so it has no votes.")
    if refusal := _voting_refusal(call, now):
        raise VoteRefused(refusal)
    if idea.status != Status.SHORTLISTED:
        raise VoteRefused(f"“{idea.title}” is not on the shortlist, so it cannot be voted for.")
    votes = Vote.objects.in_call(call).by_borough(borough)
    if votes.filter(idea=idea).exists():
        raise VoteRefused(f"{borough.name} has already voted for “{idea.title}”. Each borough votes once per idea.")
    if votes.count() >= call.votes_per_borough:
        raise VoteRefused(
            f"{borough.name} has used all {call.votes_per_borough} of its votes. "
            f"Remove one of them first to vote for “{idea.title}”."
        )
    vote = Vote(idea=idea, borough=borough, cast_by=by, cast_at=now)
    vote._history_user = by
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as error:  # only if something wrote a vote without taking the lock
        raise VoteRefused(f"{borough.name} has already voted for “{idea.title}”.") from error
    return vote


@transaction.atomic
def vote_remove(*, idea, borough, by, now=None):
    """Take back the borough's vote for an idea while voting is open, freeing it for another idea."""
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=idea.call_id)
    if refusal := _voting_refusal(call, now):
        raise VoteRefused(refusal)
    vote = Vote.objects.filter(idea=idea, borough=borough).first()
    if vote is None:
        raise VoteRefused(f"{borough.name} has not voted for “{idea.title}”, so there is no vote to remove.")
    vote._history_user = by
    vote.delete()


def votes_left(call, borough):
    return max(call.votes_per_borough - Vote.objects.in_call(call).by_borough(borough).count(), 0)


# Selected ideas become projects ----------------------------------------------


def _unique_project_slug(title):
    base = slugify(title)[:180] or "project"
    slug, n = base, 1
    while Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _project_description(idea):
    source = f"{idea.borough.name}" if idea.borough else "the LOTI central team"
    sections = [
        ("The problem", idea.problem),
        ("The proposal", idea.proposal),
        ("Who benefits", idea.beneficiaries),
        ("Expected outcomes", idea.outcomes),
    ]
    text = "\n\n".join(f"{heading}\n{body}" for heading, body in sections)
    return f"{text}\n\nThis project began as an idea from {source}, submitted to {idea.call.title}."


@transaction.atomic
def idea_promote_to_project(*, idea, by):
    """Turn a selected idea into a project, once: returns (project, created).

    The idea's row is locked, so running this twice, even at once, makes one
    project. The project starts in discovery and is not public, so the
    central team can check it before publishing it. The submitter's borough
    leads, and every interested borough takes part.
    """
    locked = _lock(idea)
    if locked.project_id:
        return locked.project, False
    if locked.status != Status.SELECTED:
        raise PromotionRefused(
            f"“{locked.title}” is {locked.get_status_display().lower()}: only selected ideas become projects."
        )
    project = Project(
        title=locked.title,
        slug=_unique_project_slug(locked.title),
        theme=locked.theme,
        summary=Truncator(" ".join(locked.proposal.split())).chars(300),
        description=_project_description(locked),
        lead_borough=locked.borough,
        phase=Phase.DISCOVERY,
        is_public=False,
    )
    project._history_user = by
    project.save()
    boroughs = {b.pk: b for b in locked.interested_boroughs.all()}
    if locked.borough:
        boroughs[locked.borough.pk] = locked.borough
    for borough in sorted(boroughs.values(), key=lambda b: b.name):
        role = Participation.Role.LEAD if borough.pk == locked.borough_id else Participation.Role.PARTICIPANT
        participation = Participation(project=project, borough=borough, role=role)
        participation._history_user = by
        participation.save()
    locked.project = project
    locked._history_user = by
    locked.save(update_fields=["project"])
    return project, True
