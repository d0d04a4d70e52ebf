"""Queue an email for the worker: `outbox.mail.enqueue(...)` is the one way the portal sends mail.

Each message is a `deliver` task. A failure to send is retried with backoff
(django.tasks has no retries of its own: `deliver` queues itself again with
`run_after` and the attempt's number), and after the last attempt it becomes
a FailedEmail in the admin.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from outbox.models import FailedEmail

logger = logging.getLogger(__name__)


def retry_delay(attempt):
    """How long to wait after the given failed attempt: the backoff doubles each time."""
    return timedelta(seconds=settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1))


def subject_line(*parts, separator=": "):
    """One subject line from its parts: every run of whitespace, line breaks included, made one space.

    The last defence for a title that reached the database with a line
    break in it (an old row, an admin import): Django refuses to send a
    header with CR or LF in it, so one stray newline would kill the email.
    """
    return separator.join(" ".join(str(part).split()) for part in parts if str(part).strip())


@task
def deliver(*, subject, body, to, headers=None, attempt=1):
    """Send one message; runs in the worker. A failure is retried later, then recorded.

    The task itself still fails (raises) on each failed attempt, so the task
    queue's own record shows what went wrong; the retry is queued first.
    """
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {})
    try:
        return message.send(fail_silently=False)
    except Exception as error:
        kwargs = {"subject": subject, "body": body, "to": to, "headers": headers}
        backend = task_backends[deliver.backend]
        if attempt < settings.OUTBOX_MAX_ATTEMPTS and backend.supports_defer:
            delay = retry_delay(attempt)
            deliver.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
            logger.warning(
                "Failed to send email “%s” to %s (attempt %d of %d); trying again in %s: %s",
                subject, to[0], attempt, settings.OUTBOX_MAX_ATTEMPTS, delay, error,
            )  # fmt: skip
        else:
            # The immediate backend (tests) cannot wait, so it records the failure at once.
            for address in to:
                FailedEmail.objects.create(
                    subject=subject, body=body, to=address, headers=headers or {}, attempts=attempt, error=repr(error)
                )
            logger.error("Failed to send email “%s” to %s after %d attempts: %s", subject, to, attempt, error)
        raise


def queues_in_transaction():
    """True when the task backend stores tasks in the database, so a task commits, or not, with the write.

    Then a task is queued inside the writer's transaction: it is saved
    atomically with the write, and a worker cannot run it before the write
    is visible. Any other backend (the immediate one in tests) is queued on
    commit instead, so a rolled-back write still sends nothing.
    """
    return isinstance(task_backends[deliver.backend], DatabaseBackend)


def enqueue(subject, body, to, *, headers=None):
    """Queue one message to the addresses in `to`, committed with the writer's transaction.

    A rolled-back write sends nothing. Each recipient gets a message of their
    own, so nobody sees anyone else's address.
    """
    subject = subject_line(subject)
    for address in [a for a in to if a]:
        kwargs = {"subject": subject, "body": body, "to": [address], "headers": headers}
        if queues_in_transaction():
            deliver.enqueue(**kwargs)
        else:
            transaction.on_commit(lambda kwargs=kwargs: deliver.enqueue(**kwargs), robust=True)


def resend(failed_emails, *, now=None):
    """Queue failed messages again (the admin's action): each starts a fresh round of attempts."""
    count = 0
    for failed in failed_emails:
        enqueue(failed.subject, failed.body, [failed.to], headers=failed.headers or None)
        failed.resent_at = now or timezone.now()
        failed.save(update_fields=["resent_at"])
        count += 1
    return count
