"""outbox.mail.deliver: a failed send is queued again later, with a doubling wait, then recorded."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.mail import deliver, retry_delay
from outbox.models import FailedEmail

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def refused(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)


def test_the_wait_doubles_after_each_failure(settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_a_failure_queues_the_next_attempt_for_later(settings, refused):
    settings.TASKS = DATABASE_TASKS
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 60
    before = timezone.now()
    with pytest.raises(ConnectionRefusedError):
        deliver.call(subject="Hi", body="Hello", to=["a@example.com"], attempt=2)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 3
    assert retry.run_after >= before + datetime.timedelta(seconds=120)
    assert not FailedEmail.objects.exists()


def test_the_last_attempt_is_recorded_for_the_central_team(settings, refused):
    settings.TASKS = DATABASE_TASKS
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with pytest.raises(ConnectionRefusedError):
        deliver.call(subject="Hi", body="Hello", to=["a@example.com"], headers={"X-A": "1"}, attempt=3)
    assert not DBTaskResult.objects.exists()
    failed = FailedEmail.objects.get()
    assert (failed.to, failed.attempts, failed.headers) == ("a@example.com", 3, {"X-A": "1"})
    assert "the mail server is down" in failed.error


def test_sending_again_from_the_admin_queues_a_fresh_round(central_client, settings):
    settings.TASKS = DATABASE_TASKS
    failed = FailedEmail.objects.create(subject="Hi", to="a@example.com", body="Hello", attempts=6, error="down")
    response = central_client.post(
        "/admin/outbox/failedemail/", {"action": "send_again", "_selected_action": [failed.pk]}
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.resent_at
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["to"] == ["a@example.com"]
    assert "attempt" not in queued.args_kwargs["kwargs"]
