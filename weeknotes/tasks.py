"""The email of a published weeknote to newsletter subscribers, run by the worker."""

from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.mail import subject_line
from subscriptions.newsletter import send_to_subscribers
from weeknotes.models import WeekNote


@task
def email_weeknote(note_pk):
    """Email the note to every confirmed newsletter subscriber, once; returns how many emails were queued.

    The note is locked and marked as emailed in the same transaction that
    queues the emails (outbox.mail), so a second run of this task, or a
    second publish, finds it emailed already and sends nothing.
    """
    with transaction.atomic():
        note = WeekNote.objects.select_for_update().filter(pk=note_pk).first()
        if note is None or not note.is_published or note.emailed_at is not None:
            return 0
        body = render_to_string("weeknotes/email/weeknote.txt", {"note": note})
        sent = send_to_subscribers(subject_line("LOTI weeknotes", note.title), body, note.get_absolute_url())
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return sent
