"""The public OKR pages in a browser, and an admin edit reaching them."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from okrs.models import KeyResult
from tests.e2e.conftest import check_page, sign_in, success_banner
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    ObjectiveFactory,
    QuarterFactory,
    UserFactory,
    borough,
    theme,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def quarter():
    quarter = QuarterFactory(year=3, number=2, introduction="What the LOTI community is working on this quarter.")
    skills = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"), order=1)
    inclusion = ObjectiveFactory(quarter=quarter, theme=theme("digital-inclusion"), order=2)
    network = KeyResultFactory(
        objective=skills,
        number=1,
        title="Launch LOTI Women Digital Leaders' Network",
        status="on_track",
        target=50,
        unit="women enrolled",
        lead_borough=borough("camden"),
    )
    network.supporting_boroughs.set([borough("hackney"), borough("brent")])
    for day, value in [(5, 12), (19, 24), (3, 31)]:
        CheckInFactory(key_result=network, checked_on=date(2021, 11 if day > 4 else 12, day), value=value)
    KeyResultFactory(
        objective=skills, number=2, title="Publish a guide to recruiting for hard-to-fill roles", status="done"
    )
    KeyResultFactory(
        objective=inclusion, number=3, title="Design digital inclusion triage questions", status="not_started"
    )
    return quarter


def test_quarter_page_filters_and_key_result_page(page, quarter):
    page.goto("/okrs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What to expect from LOTI in Q2")
    expect(page.get_by_text("1 of 3 key results done.")).to_be_visible()
    check_page(page, "okrs-quarter")

    page.get_by_label("Borough involved").select_option(label="Hackney")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"borough=hackney"))
    expect(page.locator(".loti-key-result")).to_have_count(1)
    check_page(page, "okrs-quarter-filtered")

    page.get_by_role("link", name=re.compile("Launch LOTI Women Digital Leaders")).click()
    expect(page).to_have_url(re.compile(r"/okrs/year-3/q2/1/$"))
    expect(page.get_by_text("31 of 50 women enrolled (62%)")).to_be_visible()
    expect(page.locator("svg.loti-chart rect")).to_have_count(3)
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(3)
    check_page(page, "okrs-key-result")


def test_admin_edit_of_a_key_result_shows_on_the_public_page(page, quarter):
    central = UserFactory(central_team=True)
    sign_in(page, central)
    kr = KeyResult.objects.get(number=3)
    page.goto(f"/admin/okrs/keyresult/{kr.pk}/change/")
    page.get_by_label("Status").select_option(label="At risk")
    page.get_by_label("Title").fill("Design and test digital inclusion triage questions")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/okrs/year-3/q2/")
    item = page.locator("#kr-3")
    expect(item.get_by_role("heading")).to_have_text(re.compile("Design and test digital inclusion triage questions"))
    expect(item.locator(".govuk-tag")).to_have_text("At risk")
    check_page(page, "okrs-quarter-after-admin-edit")


def test_lead_borough_cdio_records_a_check_in_by_keyboard(page, quarter):
    cdio = UserFactory(borough=borough("camden"), cdio=True)
    sign_in(page, cdio)
    page.goto("/okrs/year-3/q2/1/")
    page.get_by_role("link", name="Record a check-in").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/okrs/year-3/q2/1/check-in/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a check-in")
    check_page(page, "okrs-check-in-form")

    # Sent empty: every problem is listed, and the form is still axe-clean.
    page.get_by_role("textbox", name="Day").press("Control+a")
    page.keyboard.press("Delete")
    page.get_by_role("button", name="Record check-in").focus()
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter the progress so far",
            "Select how confident you are that the key result will be met",
            "The date of the check-in must include a day",
        ]
    )
    expect(page).to_have_title(re.compile(r"^Error: Record a check-in"))
    check_page(page, "okrs-check-in-form-errors")

    # The summary's first link takes the keyboard to the field; then on through the form.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Progress so far")).to_be_focused()
    page.keyboard.type("38")
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Low")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="High")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Comment")).to_be_focused()
    page.keyboard.type("Third cohort booked for January")
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Day")).to_be_focused()
    page.keyboard.type("10")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("2021")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Record check-in")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/okrs/year-3/q2/1/$"))
    expect(success_banner(page)).to_contain_text("Check-in recorded")
    expect(page.get_by_text("38 of 50 women enrolled (76%)")).to_be_visible()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.last).to_contain_text("10 December 2021")
    expect(rows.last).to_contain_text("Third cohort booked for January")
    expect(page.locator("svg.loti-chart rect")).to_have_count(4)
    check_page(page, "okrs-key-result-after-check-in")
