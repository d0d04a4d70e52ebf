"""Job alerts and the newsletter in a real browser: subscribe, confirm, receive, unsubscribe in one click.

The emails are read from the test mail backend (mail.outbox); the daily job
runs as the worker would run it, and the immediate task backend delivers its
email there too.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import Vacancy
from subscriptions.models import Subscription
from tests.e2e.conftest import check_page
from tests.e2e.test_reflow import OVERFLOW, PHONE
from tests.factories import RoleFactory, RoleFamilyFactory, VacancyFactory

pytestmark = pytest.mark.e2e


def link(message, name):
    return re.search(rf"(https?://\S+/subscriptions/{name}/\S+/)", message.body).group(1)


def check_at_320px(page, screenshot):
    """Axe-clean and free of CSP errors at desktop width, then no sideways scrolling on a 320 px phone."""
    check_page(page, screenshot)
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) is True, page.url
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def board(settings, live_server):
    settings.SITE_URL = live_server.url  # the emails' links lead back to this server
    data = RoleFamilyFactory(name="Data", slug="data")
    analyst = RoleFactory(family=data, name="Data analyst", slug="data-analyst")
    VacancyFactory(role=analyst, title="Insight analyst")
    VacancyFactory(title="Service designer")
    return analyst


def test_subscribing_confirming_receiving_and_unsubscribing_in_one_click(page, board):
    page.goto("/jobs/vacancies/?family=data")
    page.get_by_role("link", name="Get emails about new jobs like these").click()
    expect(page.locator("h1")).to_contain_text("Get emails about new vacancies like these")
    expect(page.locator("#alert-description")).to_have_text("Role family: Data")
    check_at_320px(page, "subscriptions-alert-form")

    # A mistake first: the GOV.UK error summary, what was typed kept, nothing saved or sent.
    page.get_by_label("Email address").fill("someone at example.org")
    page.get_by_role("button", name="Get emails").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Select how often you want emails")
    expect(page.get_by_label("Email address")).to_have_value("someone at example.org")
    check_at_320px(page, "subscriptions-alert-form-errors")
    assert not Subscription.objects.exists() and mail.outbox == []

    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Get emails").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    check_at_320px(page, "subscriptions-check-email")

    # Confirming: the link in the only email sent so far, then the button.
    [confirmation] = mail.outbox
    assert confirmation.subject == "Confirm your job alert"
    page.goto(link(confirmation, "confirm"))
    check_at_320px(page, "subscriptions-confirm")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your job alert is on")
    expect(page.locator("h1")).to_have_text("Your job alert")
    check_at_320px(page, "subscriptions-manage")

    # Receiving: a new vacancy like these, and the daily job a day after confirming. The board's
    # vacancy was there two days before.
    Vacancy.objects.update(added_at=F("added_at") - timedelta(days=2))
    VacancyFactory(role=board, title="Data engineer", posted_on=timezone.localdate())
    VacancyFactory(title="Not a data role", posted_on=timezone.localdate())
    Subscription.objects.update(checked_at=F("checked_at") - timedelta(days=1))
    mail.outbox.clear()
    call_command("send_job_alerts")
    [alert] = mail.outbox
    assert alert.to == ["someone@example.org"] and alert.subject == "LOTI job alert: 1 new vacancy"
    assert "Data engineer" in alert.body and "Not a data role" not in alert.body
    header = alert.extra_headers["List-Unsubscribe"]
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header == f"<{link(alert, 'unsubscribe')}>"

    # The vacancy's link in the email works.
    page.goto(re.search(r"(http\S+/jobs/vacancies/\d+/)", alert.body).group(1))
    expect(page.locator("h1")).to_contain_text("Data engineer")

    # Unsubscribing in one click, as a mail client does it: a POST with no cookie and no CSRF token.
    page.goto(link(alert, "unsubscribe"))
    check_at_320px(page, "subscriptions-unsubscribe")
    response = page.context.request.post(header.strip("<>"), form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert not Subscription.objects.exists()
    mail.outbox.clear()
    call_command("send_job_alerts")
    assert mail.outbox == []


def test_the_newsletter_sign_up_and_its_unsubscribe_button(page, board):
    page.goto("/subscriptions/newsletter/")
    check_at_320px(page, "subscriptions-newsletter")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    page.goto(link(mail.outbox[0], "confirm"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Your subscription")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    check_at_320px(page, "subscriptions-unsubscribed")
    assert not Subscription.objects.exists()


def test_a_broken_link_says_so(page, board):
    page.goto("/subscriptions/unsubscribe/not-a-real-link/")
    expect(page.locator("h1")).to_have_text("This link does not work")
    check_at_320px(page, "subscriptions-bad-link")
