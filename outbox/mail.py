"""Queue an email for the worker: `outbox.mail.enqueue(...)` is the one way the portal sends mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task


def subject_line(*parts, separator=": "):
    """One subject line from its parts: every run of whitespace, line breaks included, made one space.

    The last defence for a title that reached the database with a line
    break in it (an old row, an admin import): Django refuses to send a
    header with CR or LF in it, so one stray newline would kill the email.
    """
    return separator.join(" ".join(str(part).split()) for part in parts if str(part).strip())


@task
def deliver(*, subject, body, to, headers=None):
    """Send one message; runs in the worker. A failure raises, so the task is retried or recorded."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {})
    return message.send(fail_silently=False)


def enqueue(subject, body, to, *, headers=None):
    """Queue one message to the addresses in `to`, once the writer's transaction commits.

    A rolled-back write sends nothing. Each recipient gets a message of their
    own, so nobody sees anyone else's address.
    """
    subject = subject_line(subject)
    for address in [a for a in to if a]:
        kwargs = {"subject": subject, "body": body, "to": [address], "headers": headers}
        transaction.on_commit(lambda kwargs=kwargs: deliver.enqueue(**kwargs), robust=True)
