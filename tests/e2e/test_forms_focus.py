"""The error summary's links, followed in a real browser, put focus on the input to correct."""

import re

import pytest
from playwright.sync_api import expect

from jobs.models import JobDescription
from projects.models import ProjectUpdate
from tests.e2e.conftest import sign_in
from tests.factories import ParticipationFactory, ProjectFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_a_missing_phase_links_to_the_first_phase_radio(page, camden):
    project = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi", lead_borough=camden)
    ParticipationFactory(project=project, borough=camden)
    sign_in(page, UserFactory(borough=camden, cdio=True))
    page.goto("/projects/seamless-wi-fi/updates/new/")
    page.get_by_label("Title").fill("Govroam pilot")
    page.get_by_label("Update", exact=True).fill("Tried in two buildings.")
    # A person cannot untick a radio; a form restored by an old browser, or sent by a script, can arrive without one.
    page.locator('input[name="phase"]').evaluate_all("radios => radios.forEach(radio => { radio.checked = false })")
    page.get_by_role("button", name="Publish update").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Choose the project's phase").click()
    first_phase = page.get_by_role("group", name="Phase").get_by_role("radio").first
    expect(first_phase).to_be_focused()
    expect(first_phase).to_have_attribute("id", "id_phase_1")
    assert not ProjectUpdate.objects.exists()


def test_a_date_that_does_not_exist_links_to_the_day_box(page, settings):
    settings.JOBS_FORM_MIN_SECONDS = 0  # a browser test fills the form faster than a person
    role = RoleFactory(name="Data analyst")
    page.goto("/jobs/contribute/")
    page.get_by_label("Role", exact=True).select_option(label=role.name)
    page.get_by_label("Job title as advertised").fill("Data Analyst (Housing)")
    page.get_by_label("Council", exact=True).select_option(label="Hackney")
    page.get_by_label("Minimum salary").fill("42000")
    page.get_by_label("Maximum salary").fill("48000")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Or a link to the job description").fill("https://www.hackney.gov.uk/jobs/analyst")
    page.get_by_label("Your name").fill("Ada Contributor")
    page.get_by_label("Your email address").fill("ada@hackney.example")
    page.get_by_role("button", name="Send job description").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="The date advertised must be a real date").click()
    expect(page.get_by_label("Day")).to_be_focused()
    # A date that does not exist is wrong as a whole: every box has the red border.
    for box in ("Day", "Month", "Year"):
        expect(page.get_by_label(box)).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    # No London weighting was chosen either: its link goes to the first radio.
    summary.get_by_role("link", name=re.compile("London weighting")).click()
    expect(page.locator('input[name="london_weighting"]').first).to_be_focused()
    assert not JobDescription.objects.exists()
