"""outbox.mail.enqueue: one message a recipient, sent only when the writer's transaction commits."""

import pytest
from django.core import mail
from django.db import transaction

from outbox.mail import deliver, enqueue, subject_line

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_recipient_gets_their_own_message_after_commit():
    with transaction.atomic():
        enqueue("Subject", "Body", ["a@example.com", "", "b@example.com"])
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["a@example.com"], ["b@example.com"]]
    assert mail.outbox[0].subject == "Subject"
    assert mail.outbox[0].body == "Body"


def test_a_rolled_back_write_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("Subject", "Body", ["a@example.com"])
        raise RuntimeError("the write failed")
    assert mail.outbox == []


def test_headers_are_carried():
    enqueue("Subject", "Body", ["a@example.com"], headers={"List-Unsubscribe": "<https://x.example/u>"})
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == "<https://x.example/u>"


def test_a_subject_with_a_line_break_still_sends_on_one_line():
    enqueue("Seamless Wi-Fi: GovWifi\r\nlive in\nCamden", "Body", ["a@example.com"])
    assert [m.subject for m in mail.outbox] == ["Seamless Wi-Fi: GovWifi live in Camden"]
    assert "\n" not in mail.outbox[0].message()["Subject"]


def test_subject_line_joins_parts_and_collapses_whitespace():
    assert subject_line("Seamless\u2028Wi-Fi ", "  Update\tone\x0b") == "Seamless Wi-Fi: Update one"
    assert subject_line("Only", "") == "Only"


def test_a_failure_to_send_raises_so_the_worker_can_retry(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        deliver.call(subject="S", body="B", to=["a@example.com"])
