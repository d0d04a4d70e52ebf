"""outbox.mail.enqueue: one message a recipient, sent only when the writer's transaction commits."""

import pytest
from django.core import mail
from django.db import transaction

from outbox.mail import enqueue

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
