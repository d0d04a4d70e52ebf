"""Publishing a weeknote emails it, once, to confirmed newsletter subscribers, through the task queue."""

import pytest
from django.core import mail
from django.db import transaction

from tests.factories import UserFactory, WeekNoteFactory
from tests.subscriptions.conftest import SubscriptionFactory
from weeknotes.services import weeknote_publish
from weeknotes.tasks import email_weeknote

pytestmark = pytest.mark.django_db


def test_publishing_emails_confirmed_subscribers_with_one_click_unsubscribe(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.loti.example"
    reader = SubscriptionFactory()
    SubscriptionFactory(unconfirmed=True)
    note = WeekNoteFactory(title="Weeknote 49 of 2026", body="### Commitments\n\n3 more boroughs completed Govroam.")
    with django_capture_on_commit_callbacks(execute=True):
        assert weeknote_publish(note=note, by=UserFactory(central_team=True))
    assert [m.to for m in mail.outbox] == [[reader.email]]
    message = mail.outbox[0]
    assert message.subject == "LOTI weeknotes: Weeknote 49 of 2026"
    assert "3 more boroughs completed Govroam." in message.body
    assert f"https://portal.loti.example{note.get_absolute_url()}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_nothing_is_emailed_when_the_publish_is_rolled_back(django_capture_on_commit_callbacks):
    SubscriptionFactory()
    note = WeekNoteFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            weeknote_publish(note=note, by=None)
            raise RuntimeError("the publish fails after the task was queued")
    assert mail.outbox == []
    note.refresh_from_db()
    assert not note.is_published and note.emailed_at is None


def test_a_note_is_emailed_once_however_often_it_is_published_or_the_task_runs(django_capture_on_commit_callbacks):
    SubscriptionFactory()
    note = WeekNoteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        weeknote_publish(note=note, by=None)
        assert not weeknote_publish(note=note, by=None)
    assert email_weeknote.call(note.pk) == 0
    assert len(mail.outbox) == 1


def test_a_draft_is_never_emailed():
    SubscriptionFactory()
    assert email_weeknote.call(WeekNoteFactory().pk) == 0
    assert mail.outbox == []
