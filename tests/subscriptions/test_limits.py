"""Limits: the suppression list, the purge of unconfirmed sign-ups, the admin, the privacy notice, query budgets."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from loti.retention import personal_data_purge
from subscriptions.emails import email_subscriber
from subscriptions.models import Subscription, Suppression
from subscriptions.newsletter import send_to_subscribers
from tests.conftest import ONLY_CENTRAL_TEAM
from tests.subscriptions.conftest import SubscriptionFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/subscriptions/subscription/", "/admin/subscriptions/suppression/"]


# The suppression list


def test_suppress_address_records_the_address_and_stops_every_email(sent, capsys):
    subscription = SubscriptionFactory(email="gone@example.org")
    call_command("suppress_address", " Gone@Example.org ", "--reason", "bounce", "--note", "From the SMTP log")
    assert "Suppressed gone@example.org (bounce)" in capsys.readouterr().out
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.note) == (
        "gone@example.org",
        "bounce",
        "From the SMTP log",
    )
    with sent():
        assert email_subscriber(subscription, "Anything", "Body") is False
        assert send_to_subscribers("Weeknotes", "Body", "/weeknotes/1/") == 0
    assert mail.outbox == []


def test_suppressing_twice_updates_the_reason(capsys):
    call_command("suppress_address", "twice@example.org")
    call_command("suppress_address", "twice@example.org", "--reason", "complaint")
    assert Suppression.objects.get().reason == "complaint"
    assert "Already suppressed; updated" in capsys.readouterr().out


def test_suppress_address_refuses_what_is_not_an_address():
    with pytest.raises(CommandError, match="Not an email address"):
        call_command("suppress_address", "not-an-address")
    assert not Suppression.objects.exists()


def test_a_suppressed_address_gets_no_confirmation_email(client, sent):
    Suppression.objects.create(email="spam@example.org", reason=Suppression.Reason.COMPLAINT)
    with sent():
        response = client.post("/subscriptions/newsletter/", {"email": "spam@example.org"})
    assert response.status_code == 302  # the same page as for anyone: it says nothing about the address
    assert mail.outbox == []


# The purge


def test_the_daily_purge_deletes_sign_ups_not_confirmed_in_time(settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 7
    old = SubscriptionFactory(unconfirmed=True, vacancies=True)
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = SubscriptionFactory(unconfirmed=True)
    Subscription.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=6))
    confirmed = SubscriptionFactory()
    Subscription.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert personal_data_purge().unconfirmed_subscriptions == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert personal_data_purge().unconfirmed_subscriptions == 0


def test_the_privacy_notice_says_what_is_kept_how_long_and_how_to_delete_it(client, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 6
    settings.SUBSCRIPTION_LINK_DAYS = 80
    text = client.get("/privacy/").text
    assert "job alerts or LOTI's weeknotes" in text or "job alert or the weeknotes" in text
    assert "within 6 days" in text and "work for 80 days" in text
    assert "unsubscribe or delete the alert" in text


# The admin: the central team only


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_only_the_central_team_reaches_the_subscriptions_admin(any_role_client, url):
    SubscriptionFactory()
    response = any_role_client.get(url)
    if ONLY_CENTRAL_TEAM[any_role_client.role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))


def test_the_central_team_records_a_suppression_and_deletes_a_sign_up(central_client):
    subscription = SubscriptionFactory()
    response = central_client.post(
        "/admin/subscriptions/suppression/add/", {"email": "Bounced@Example.org", "reason": "bounce", "note": ""}
    )
    assert response.status_code == 302
    assert Suppression.objects.get().email == "bounced@example.org"
    assert central_client.get("/admin/subscriptions/subscription/add/").status_code == 403  # visitors sign up
    response = central_client.post(f"/admin/subscriptions/subscription/{subscription.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Subscription.objects.exists()


# Query budgets: the count must not grow with rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_subscriptions_admin_list_has_a_query_budget(central_client, django_assert_max_num_queries, rows):
    SubscriptionFactory.create_batch(rows, vacancies=True)
    with django_assert_max_num_queries(14):
        assert central_client.get(ADMIN_PAGES[0]).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_sending_the_newsletter_has_a_query_budget(django_assert_max_num_queries, sent, rows):
    SubscriptionFactory.create_batch(rows)
    with django_assert_max_num_queries(3), sent():
        assert send_to_subscribers("Weeknotes", "Body", "/weeknotes/1/") == rows
    assert len(mail.outbox) == rows
