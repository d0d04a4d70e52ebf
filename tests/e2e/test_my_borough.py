"""My borough in a real browser: the task list, question pages, and the warning before losing a change."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import DeliverableStatus, MeasureContribution, Participation
from tests.e2e.conftest import check_page, govuk_frontend_ready, sign_in, success_banner
from tests.factories import (
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

PLACES = "Apprenticeship places"


@pytest.fixture
def cdio(camden):
    return UserFactory(email="cdio@camden.example", first_name="Grace", last_name="Hopper", borough=camden, cdio=True)


@pytest.fixture
def projects(camden):
    """Three of Camden's projects, in title order: A needs checking, B is up to date, C is not started."""
    long_ago = timezone.now() - datetime.timedelta(days=200)
    apprenticeships = ProjectFactory(title="A: Digital Apprenticeships", slug="apprenticeships")
    ParticipationFactory(project=apprenticeships, borough=camden, updated_at=long_ago)
    MeasureFactory(project=apprenticeships, name=PLACES, target=100)
    recent = timezone.now() - datetime.timedelta(days=2)
    wifi = ProjectFactory(title="B: Seamless Wi-Fi", slug="wifi")
    ParticipationFactory(project=wifi, borough=camden, role="lead", updated_at=recent)
    govwifi = DeliverableFactory(project=wifi, name="GovWifi")
    DeliverableStatusFactory(deliverable=govwifi, borough=camden, updated_at=recent)
    pilot = ProjectFactory(title="C: Quiet pilot", slug="pilot", private=True)
    ParticipationFactory(project=pilot, borough=camden)
    DeliverableFactory(project=pilot, name="Pilot site chosen")
    return apprenticeships, wifi, pilot


def task(page, title):
    return page.locator(".govuk-task-list__item").filter(has=page.get_by_role("link", name=title))


def places_field(page):
    return page.get_by_label(f"{PLACES} your borough commits")


def test_task_list_to_question_page_and_save_and_continue_to_the_next_project(page, projects, camden, cdio):
    apprenticeships, wifi, pilot = projects
    sign_in(page, cdio)
    page.goto("/projects/my-borough/")
    expect(page).to_have_title("Camden's commitments – LOTI Portal")
    govuk_frontend_ready(page)
    expect(page.locator(".govuk-task-list__item")).to_have_count(3)
    expect(task(page, "A: Digital Apprenticeships").locator(".govuk-task-list__status")).to_have_text("Needs checking")
    expect(task(page, "B: Seamless Wi-Fi").locator(".govuk-task-list__status")).to_have_text("Up to date")
    expect(task(page, "C: Quiet pilot").locator(".govuk-task-list__status")).to_have_text("Not started")
    expect(task(page, "C: Quiet pilot")).to_contain_text("not public yet")
    expect(page.locator("main")).to_contain_text("You have checked 1 of 3 projects.")
    # The link names its status too, for screen readers moving from link to link.
    link = page.get_by_role("link", name="A: Digital Apprenticeships")
    expect(link).to_have_accessible_description(re.compile(r"Needs checking"))
    check_page(page, "my-borough-task-list")

    link.click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/apprenticeships/$"))
    expect(page.locator("h1")).to_have_text("A: Digital Apprenticeships")
    expect(places_field(page)).to_have_value("0")
    check_page(page, "my-borough-question-page")
    places_field(page).fill("8")
    page.get_by_role("button", name="Save and continue").click()

    # B is up to date, so the next that needs checking is C, the private project.
    expect(page).to_have_url(re.compile(r"/projects/my-borough/pilot/$"))
    expect(success_banner(page)).to_contain_text("A: Digital Apprenticeships: saved 1 change.")
    expect(page.get_by_role("link", name="View the project page")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("not public yet")
    contribution = MeasureContribution.objects.get(borough=camden)
    assert (contribution.value, contribution.updated_by) == (8, cdio)

    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    expect(success_banner(page)).to_contain_text("Every project is up to date.")
    expect(page.locator(".govuk-task-list__status")).to_have_text(["Up to date"] * 3)


def test_confirm_nothing_has_changed_clears_needs_checking(page, projects, camden, cdio):
    apprenticeships = projects[0]
    sign_in(page, cdio)
    page.goto("/projects/my-borough/")
    task(page, "A: Digital Apprenticeships").get_by_role("link").click()
    page.get_by_role("button", name="Confirm nothing has changed").click()
    expect(success_banner(page)).to_contain_text("A: Digital Apprenticeships: marked as checked, nothing changed.")
    page.get_by_role("link", name="Back to all projects").click()
    expect(task(page, "A: Digital Apprenticeships").locator(".govuk-task-list__status")).to_have_text("Up to date")
    participation = Participation.objects.get(project=apprenticeships, borough=camden)
    assert participation.updated_by == cdio and participation.history.latest().history_user == cdio
    assert MeasureContribution.objects.get(borough=camden).value == 0


def test_leaving_with_unsaved_changes_asks_first_and_submitting_does_not(page, projects, camden, cdio):
    sign_in(page, cdio)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    page.goto("/projects/my-borough/apprenticeships/")
    govuk_frontend_ready(page)

    # No change: leaving asks nothing.
    page.get_by_role("link", name="Back to all projects").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    assert dialogs == []

    page.goto("/projects/my-borough/apprenticeships/")
    places_field(page).click()
    page.keyboard.type("5")
    page.get_by_role("link", name="Back to all projects").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    # Dismissed: still here, with what was typed.
    expect(page).to_have_url(re.compile(r"/projects/my-borough/apprenticeships/$"))
    expect(places_field(page)).to_have_value("05")

    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/pilot/$"))
    assert dialogs == ["beforeunload"]
    assert MeasureContribution.objects.get(borough=camden).value == 5
    check_page(page, "my-borough-after-save")


def test_a_refused_save_keeps_what_was_typed_and_still_asks_before_leaving(page, projects, camden, cdio):
    sign_in(page, cdio)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto("/projects/my-borough/apprenticeships/")
    places_field(page).fill("150")
    page.get_by_label("Note").fill("Two cohorts this year")
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile(r"150 places is more than the whole target of 100"))
    expect(places_field(page)).to_have_value("150")
    expect(page.get_by_label("Note")).to_have_value("Two cohorts this year")
    check_page(page, "my-borough-over-target")
    link.click()
    expect(places_field(page)).to_be_focused()

    # Not saved yet, so leaving asks, even before another change.
    page.get_by_role("link", name="Back to all projects").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]

    page.get_by_label("Yes, save 150 places").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/pilot/$"))
    assert MeasureContribution.objects.get(borough=camden).value == 150
    assert Participation.objects.get(project=projects[0], borough=camden).note == "Two cohorts this year"


def test_my_borough_with_the_keyboard_only(page, projects, camden, cdio):
    sign_in(page, cdio)
    page.goto("/projects/my-borough/")

    def tab_to(name):
        for _ in range(60):
            page.keyboard.press("Tab")
            if (
                page.evaluate("document.activeElement.textContent.trim()") == name
                or page.evaluate(
                    "document.activeElement.labels && document.activeElement.labels[0]"
                    " && document.activeElement.labels[0].textContent.trim()"
                )
                == name
            ):
                return
        pytest.fail(f"Tab never reached {name!r}")

    tab_to("A: Digital Apprenticeships")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projects/my-borough/apprenticeships/$"))
    tab_to(f"{PLACES} your borough commits")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to("Save and continue")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projects/my-borough/pilot/$"))
    assert MeasureContribution.objects.get(borough=camden).value == 3
    # The focus is visible: GOV.UK's focus state fills the focused link.
    page.goto("/projects/my-borough/")
    tab_to("B: Seamless Wi-Fi")
    colour = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour


@pytest.mark.parametrize("path", ["/projects/my-borough/", "/projects/my-borough/apprenticeships/"])
def test_my_borough_reflows_at_320_pixels(page, projects, cdio, path):
    sign_in(page, cdio)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_page(page, "my-borough-320" + path.replace("/", "-").rstrip("-"))


def test_two_people_saving_the_same_row_the_second_is_told(page, projects, camden, cdio):
    apprenticeships, wifi, _ = projects
    sign_in(page, cdio)
    page.goto("/projects/my-borough/wifi/")
    page.get_by_label("GovWifi").select_option(label="In progress")
    # Meanwhile a colleague marks it done.
    DeliverableStatus.objects.filter(borough=camden).update(state="done", version=2, updated_at=timezone.now())
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Someone else changed this while you were editing")
    expect(summary).to_contain_text("Theirs: Done. Yours: In progress.")
    expect(page.get_by_label("GovWifi")).to_have_value("in_progress")
    check_page(page, "my-borough-conflict")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/pilot/$"))  # the next after B
    assert DeliverableStatus.objects.get(borough=camden).state == "in_progress"
