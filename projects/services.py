"""Writes that span models or send email: commitments, updates and follows."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.mail import enqueue, subject_line
from projects.models import Follow, Project, ProjectUpdate


@dataclass
class Conflict:
    change: object  # forms.RowChange
    current: object  # the row as it is now, changed by someone else


class CommitmentConflict(Exception):
    """Someone else saved some of the same rows after the form was read. Nothing was saved."""

    def __init__(self, conflicts):
        super().__init__(f"{len(conflicts)} rows changed by someone else")
        self.conflicts = conflicts


@transaction.atomic
def commitments_save(*, changes, by):
    """Save a borough's changed commitment rows, all or nothing.

    Each row is locked and its version compared with the version the person
    started from; if anyone saved in between, nothing is written and
    CommitmentConflict says which rows, so the second person can look and
    decide. A row whose values did not change is saved too: that records
    that it was checked (who and when, in its history), without touching the
    project's "last updated". Returns the number of rows whose values changed.
    """
    now = timezone.now()
    conflicts = []
    projects = set()
    for change in changes:
        model = type(change.row)
        # order_by(): no default ordering joins, which FOR UPDATE cannot lock.
        current = model.objects.select_for_update(of=("self",)).filter(**change.lookup).order_by().first()
        if current is None:
            if change.version != 0:  # it existed when the page was read: removed since
                conflicts.append(Conflict(change, change.row))
                continue
            current = model(**change.lookup)
        elif current.version != change.version:
            conflicts.append(Conflict(change, current))
            continue
        for name, value in change.values.items():
            setattr(current, name, value)
        current.updated_by = by
        current.updated_at = now
        current.version += 1
        current._history_user = by
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            # Another request created the same borough row a moment ago.
            conflicts.append(Conflict(change, model.objects.filter(**change.lookup).first() or current))
            continue
        if change.changed:
            projects.add(change.project_id)
    if conflicts:
        raise CommitmentConflict(conflicts)
    Project.objects.filter(pk__in=projects).update(last_updated_at=now)
    return sum(change.changed for change in changes)


@transaction.atomic
def project_update_publish(*, project, by, title, body, phase, health):
    """Publish an update, set the project's phase and health, and email its followers after commit."""
    update = ProjectUpdate.objects.create(
        project=project, author=by, title=title, body=body, phase=phase, health=health
    )
    project.phase, project.health, project.last_updated_at = phase, health, update.published_at
    project._history_user = by
    project.save(update_fields=["phase", "health", "last_updated_at"])
    # A task of its own, queued once the update is saved: the update never waits on, nor is lost to, the mail.
    transaction.on_commit(lambda: notify_followers.enqueue(update.pk))
    return update


@task
def notify_followers(update_pk):
    """Email the update to each follower who may still see its project, and return how many were emailed.

    Who may see it is decided now, when the worker runs, not when the update
    was queued: a project made private, or a borough that left it, in
    between, and its people get nothing. Each message is a task of its own
    (outbox), so one failing address is retried without resending the rest.
    """
    update = ProjectUpdate.objects.select_related("project").filter(pk=update_pk).first()
    if update is None:  # deleted before the worker got to it
        return 0
    project = update.project
    followers = (
        Follow.objects.filter(project=project, user__is_active=True)
        .exclude(user_id=update.author_id)
        .select_related("user")
    )
    subject = subject_line(project.title, update.title)
    body = render_to_string(
        "projects/email/update.txt", {"update": update, "project": project, "site_url": settings.SITE_URL}
    )
    sent = 0
    for follow in followers:
        if Project.objects.visible_to(follow.user).filter(pk=project.pk).exists():
            enqueue(subject, body, [follow.user.email])
            sent += 1
    return sent


def follow_set(*, user, project, following):
    if following:
        Follow.objects.get_or_create(user=user, project=project)
    else:
        Follow.objects.filter(user=user, project=project).delete()
