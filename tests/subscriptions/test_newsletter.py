"""subscriptions.newsletter.send_to_subscribers: what the weeknotes call when a note is published."""

import pytest
from django.core import mail
from django.test import Client

from subscriptions.models import Suppression
from subscriptions.newsletter import send_to_subscribers
from tests.subscriptions.conftest import SubscriptionFactory, link_in

pytestmark = pytest.mark.django_db


def test_sends_one_email_to_each_confirmed_subscriber_and_says_how_many(sent, settings):
    settings.SITE_URL = "https://portal.loti.example"
    first, second = SubscriptionFactory(), SubscriptionFactory()
    with sent():
        count = send_to_subscribers("LOTI weeknotes: 1 December", "This week we did things.", "/weeknotes/1/")
    assert count == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    message = mail.outbox[0]
    assert message.subject == "LOTI weeknotes: 1 December"
    assert message.body.startswith("This week we did things.")
    assert "Read this on the web: https://portal.loti.example/weeknotes/1/" in message.body


def test_each_email_has_one_click_unsubscribe_headers_and_a_footer_link(sent, settings):
    settings.SITE_URL = "https://portal.loti.example"
    SubscriptionFactory()
    with sent():
        send_to_subscribers("Weeknotes", "Body", "https://portal.loti.example/weeknotes/2/")
    message = mail.outbox[0]
    unsubscribe = link_in(message.body, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<https://portal.loti.example{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message.body, "manage")
    assert "Read this on the web: https://portal.loti.example/weeknotes/2/" in message.body


def test_unconfirmed_suppressed_and_alert_subscribers_get_nothing(sent):
    SubscriptionFactory(unconfirmed=True)
    bounced = SubscriptionFactory()
    Suppression.objects.create(email=bounced.email, reason=Suppression.Reason.BOUNCE)
    SubscriptionFactory(vacancies=True)
    confirmed = SubscriptionFactory()
    with sent():
        assert send_to_subscribers("Weeknotes", "Body", "/weeknotes/3/") == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]


def test_no_subscribers_sends_nothing(sent):
    with sent():
        assert send_to_subscribers("Weeknotes", "Body", "/weeknotes/4/") == 0
    assert mail.outbox == []


def test_the_one_click_post_from_the_header_unsubscribes_at_once(sent):
    subscription = SubscriptionFactory()
    with sent():
        send_to_subscribers("Weeknotes", "Body", "/weeknotes/5/")
    path = link_in(mail.outbox[0].body, "unsubscribe")
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].endswith(f"{path}>")  # the header's link is the footer's
    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not type(subscription).objects.filter(pk=subscription.pk).exists()
    mail.outbox.clear()
    with sent():
        assert send_to_subscribers("Weeknotes", "Body", "/weeknotes/6/") == 0
