"""A weeknote from the admin's "Draft this week's note" button to its public page, the feed and the email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from projects.models import DeliverableStatus
from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, save_screenshot, sign_in
from tests.factories import (
    DeliverableFactory,
    ParticipationFactory,
    ProjectFactory,
    UserFactory,
    borough,
)
from tests.subscriptions.conftest import SubscriptionFactory
from weeknotes.models import WeekNote

pytestmark = pytest.mark.e2e

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def check(page, name):
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, f"weeknotes-{name}")


def assert_reflows(page):
    page.set_viewport_size(PHONE)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px window"
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def weeks_changes():
    """Camden enables Govroam this week in a public project, and a private pilot moves too."""
    wifi = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi")
    private = ProjectFactory(title="Unannounced pilot", is_public=False)
    for project in (wifi, private):
        for slug in ("camden", "hackney"):
            ParticipationFactory(project=project, borough=borough(slug))
        DeliverableStatus.objects.create(
            deliverable=DeliverableFactory(project=project, name="Govroam"), borough=borough("camden"), state="done"
        )
    return wifi


def test_weeknote_goes_from_draft_to_published_page_feed_and_email(page, weeks_changes):
    central = UserFactory(central_team=True, first_name="Eddie", last_name="Copeland")
    reader = SubscriptionFactory(email="reader@example.org")
    SubscriptionFactory(email="not-yet@example.org", unconfirmed=True)
    sign_in(page, central)

    page.goto("/admin/weeknotes/weeknote/")
    check(page, "admin-list")
    page.get_by_role("link", name="Draft this week’s note").click()
    expect(page.get_by_role("heading", name="Draft this week’s note")).to_be_visible()
    check(page, "admin-draft")
    expect(page.get_by_role("radio", name=re.compile(r"This week, from Monday"))).to_be_checked()
    page.get_by_role("button", name="Draft the note").click()

    # The change page, with the draft assembled from the week.
    expect(page.locator(".messagelist")).to_contain_text("Drafted")
    body = page.get_by_label("Body")
    expect(body).to_have_value(re.compile(r"1 more borough completed Govroam: 1 of 2"))
    assert "Unannounced pilot" not in body.input_value()
    check(page, "admin-change")
    body.fill(body.input_value() + "\n- The Data Science Network meets on Thursday.\n")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    note = WeekNote.objects.get()
    assert note.revisions.count() == 2  # the draft and the edit
    assert note.status == WeekNote.Status.DRAFT

    # Publish with the action on the list.
    page.goto("/admin/weeknotes/weeknote/")
    page.get_by_role("checkbox", name=re.compile(note.title)).check()
    page.get_by_label("Action:").select_option("publish_selected")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Published “{note.title}”")
    check(page, "admin-published")
    # The worker's task (run at once in tests) emailed the confirmed subscriber, and only them.
    assert [m.to for m in mail.outbox] == [[reader.email]]
    email = mail.outbox[0]
    assert note.title in email.subject
    assert "The Data Science Network meets on Thursday." in email.body
    assert note.get_absolute_url() in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The public pages, signed out.
    page.context.clear_cookies()
    page.goto("/weeknotes/")
    link = page.get_by_role("link", name=note.title)
    expect(link).to_be_visible()
    check(page, "list")
    assert_reflows(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(note.title)
    expect(page.get_by_role("heading", name="Commitments")).to_be_visible()
    expect(page.locator(".loti-prose")).to_contain_text("The Data Science Network meets on Thursday.")
    expect(page.get_by_role("link", name="Seamless Wi-Fi").first).to_have_attribute(
        "href", re.compile(r"/projects/seamless-wi-fi/$")
    )
    check(page, "detail")
    assert_reflows(page)

    feed = page.request.get("/weeknotes/feed/")
    assert feed.ok
    assert note.title in feed.text() and "Data Science Network" in feed.text()
