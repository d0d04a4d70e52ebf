"""Writes that span models or send email: drafting a weeknote and publishing it."""

from django.db import transaction

from weeknotes import drafting
from weeknotes.models import WeekNote
from weeknotes.tasks import email_weeknote


class WeekNoteExists(Exception):
    """The week has a note already: the team edits that one instead of starting another."""

    def __init__(self, note):
        super().__init__(f"The week starting {note.week_starting} has a note already")
        self.note = note


@transaction.atomic
def weeknote_draft(*, monday, by):
    """Create the week's draft from its changes (weeknotes.drafting), its first revision kept."""
    existing = WeekNote.objects.filter(week_starting=monday).first()
    if existing is not None:
        raise WeekNoteExists(existing)
    title, body = drafting.draft(monday)
    note = WeekNote(week_starting=monday, title=title, body=body, author=by)
    note.save_edit(by=by)
    return note


@transaction.atomic
def weeknote_publish(*, note, by):
    """Publish the note and, once that is saved, email it to newsletter subscribers. False if already published."""
    note = WeekNote.objects.select_for_update().get(pk=note.pk)
    if not note.publish(by=by):
        return False
    # A task of its own, queued once the note is saved: publishing never waits on, nor is lost to, the mail.
    transaction.on_commit(lambda: email_weeknote.enqueue(note.pk))
    return True
