"""The projects app in a real browser: reporting once, the public pages, updates and follows."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import DeliverableStatus, Follow, MeasureContribution, Participation, ProjectUpdate
from tests.e2e.conftest import (
    check_page,
    govuk_frontend_ready,
    sign_in,
    success_banner,
)
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SignatoryFactory,
    UserFactory,
    borough,
    theme,
)

pytestmark = pytest.mark.e2e

PLACES = "Digital apprenticeship places"


# Data (`camden` and `hackney` come from tests/conftest.py) -------------------


@pytest.fixture
def wifi(camden, hackney):
    """Seamless Wi-Fi: Camden leads, Camden and Hackney take part, three deliverables."""
    project = ProjectFactory(
        title="Seamless Wi-Fi",
        slug="seamless-wi-fi",
        theme=theme("digital-districts"),
        summary="One Wi-Fi login for staff in every borough building.",
        lead_borough=camden,
        phase="beta",
    )
    ParticipationFactory(project=project, borough=camden, role="lead")
    ParticipationFactory(project=project, borough=hackney)
    for order, name in enumerate(["GovWifi", "Govroam", "Eduroam"], start=1):
        DeliverableFactory(project=project, name=name, order=order)
    return project


@pytest.fixture
def apprenticeships(camden, hackney):
    """Digital Apprenticeships: Hackney leads; 55 of the 100 places so far, all Hackney's."""
    project = ProjectFactory(
        title="Digital Apprenticeships",
        slug="digital-apprenticeships",
        theme=theme("skills-and-capability"),
        summary="Apprenticeships in digital, data and technology roles across London.",
        lead_borough=hackney,
        phase="alpha",
    )
    ParticipationFactory(project=project, borough=hackney, role="lead")
    ParticipationFactory(project=project, borough=camden)
    measure = MeasureFactory(project=project, name=PLACES, unit="places", target=100)
    MeasureContributionFactory(measure=measure, borough=hackney, value=55)
    return project


@pytest.fixture
def camden_cdio(camden):
    return UserFactory(email="cdio@camden.example", first_name="Ada", last_name="Lovelace", borough=camden, cdio=True)


# Helpers ---------------------------------------------------------------------


def places_field(page):
    return page.get_by_label(f"{PLACES} your borough commits")


def table_cells(row):
    return row.locator("th, td")


def row_named(table, name):
    """The table body's row whose row header is `name`."""
    return table.locator("tbody tr").filter(has=table.page.get_by_role("rowheader", name=name, exact=True))


# 1. The journey: report once, see it on the public pages ---------------------


def test_cdio_reports_once_and_the_public_pages_show_it(page, wifi, apprenticeships, camden, camden_cdio):
    sign_in(page, camden_cdio)

    nav = page.locator(".govuk-service-navigation")
    nav.get_by_role("link", name="My borough").click()

    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    expect(page).to_have_title("Camden's commitments – LOTI Portal")
    expect(page.locator("h1")).to_have_text("Your borough's commitments")
    expect(nav.get_by_role("link", name="My borough")).to_have_attribute("aria-current", "page")
    govuk_frontend_ready(page)
    # One task per project, in title order, neither checked yet.
    tasks = page.locator(".govuk-task-list__item")
    expect(tasks.get_by_role("link")).to_have_text(["Digital Apprenticeships", "Seamless Wi-Fi"])
    expect(tasks.locator(".govuk-task-list__status")).to_have_text(["Not started", "Not started"])
    check_page(page, "projects-my-borough")

    page.get_by_role("link", name="Seamless Wi-Fi").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/seamless-wi-fi/$"))
    expect(page.get_by_label("GovWifi")).to_have_value("not_started")
    page.get_by_label("GovWifi").select_option(label="Done")
    page.get_by_role("button", name="Save and continue").click()

    # On to the other project that needs checking.
    expect(page).to_have_url(re.compile(r"/projects/my-borough/digital-apprenticeships/$"))
    expect(success_banner(page)).to_contain_text("Seamless Wi-Fi: saved 1 change.")
    expect(places_field(page)).to_have_value("0")
    places_field(page).fill("8")
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    expect(success_banner(page)).to_contain_text("Every project is up to date.")
    expect(tasks.locator(".govuk-task-list__status")).to_have_text(["Up to date", "Up to date"])
    check_page(page, "projects-my-borough-saved")

    # The page shows what was saved, and who saved it.
    page.get_by_role("link", name="Seamless Wi-Fi").click()
    expect(page.get_by_label("GovWifi")).to_have_value("done")
    expect(page.locator("main")).to_contain_text("by Ada Lovelace")

    # The database, too: the rows are Camden's, changed by the CDIO.
    status = DeliverableStatus.objects.get(deliverable__project=wifi, deliverable__name="GovWifi", borough=camden)
    assert (status.state, status.updated_by, status.version) == ("done", camden_cdio, 1)
    contribution = MeasureContribution.objects.get(measure__project=apprenticeships, borough=camden)
    assert (contribution.value, contribution.updated_by) == (8, camden_cdio)
    assert status.history.latest().history_user == camden_cdio

    # The public project pages, from the links on the question pages.
    page.get_by_role("link", name="View the project page").click()
    expect(page).to_have_url(re.compile(r"/projects/seamless-wi-fi/$"))
    # One table of boroughs: the status follows from what Camden just reported.
    taking_part = page.get_by_role("table", name=re.compile("^2 boroughs taking part"))
    expect(table_cells(taking_part.locator("thead tr"))).to_have_text(
        ["Borough", "Role", "Status", "Commitments", "Last changed"]
    )
    camden_row = table_cells(row_named(taking_part, "Camden"))
    expect(camden_row.nth(2)).to_have_text("In progress")
    expect(camden_row.nth(3)).to_have_text(
        re.compile(r"GovWifi\s*Done\s*Govroam\s*Not started\s*Eduroam\s*Not started")
    )
    expect(camden_row.nth(4)).not_to_have_text("Never")
    expect(table_cells(row_named(taking_part, "Hackney")).nth(2)).to_have_text("Not started")
    deliverables = page.get_by_role("table", name=re.compile("have done each deliverable"))
    expect(deliverables.locator("tbody td")).to_have_text(["1 of 2", "0 of 2", "0 of 2"])
    check_page(page, "projects-detail-after-report")

    page.goto("/projects/my-borough/digital-apprenticeships/")
    page.get_by_role("link", name="View the project page").click()
    expect(page).to_have_url(re.compile(r"/projects/digital-apprenticeships/$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", name=PLACES)).to_be_visible()
    expect(main).to_contain_text("63 of 100 places (63%)")
    expect(page.get_by_role("progressbar", name=re.compile(PLACES))).to_have_attribute("value", "63")
    places = page.get_by_role("table", name=f"{PLACES} by borough")
    expect(places.locator("tbody tr")).to_have_count(2)
    expect(table_cells(places.locator("tbody tr").nth(0))).to_have_text(["Hackney", "55"])
    expect(table_cells(places.locator("tbody tr").nth(1))).to_have_text(["Camden", "8"])
    expect(table_cells(places.locator("tfoot tr"))).to_have_text(["Total", "63"])
    check_page(page, "projects-detail-measure-after-report")


# 2. The error state of a my-borough question page ---------------------------


def test_my_borough_error_is_announced_linked_and_saves_nothing(page, wifi, apprenticeships, camden, camden_cdio):
    sign_in(page, camden_cdio)
    page.goto("/projects/my-borough/digital-apprenticeships/")
    # Also change a valid answer: with an error anywhere, nothing at all is saved.
    page.get_by_label("Note").fill("Hiring in spring")
    places_field(page).fill("-5")
    field = places_field(page)
    field_id = f"id_mea-{apprenticeships.measures.get().pk}-value"
    expect(field).to_have_id(field_id)
    # A text box and a `novalidate` form: the browser sends "-5" on, and the
    # server answers with the GOV.UK error pattern.
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_title(re.compile(r"^Error: Digital Apprenticeships: Camden's commitments – LOTI Portal$"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # govuk-frontend's ErrorSummary focuses it, so screen readers announce it.
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=f"{PLACES} must be 0 or more")
    expect(link).to_have_attribute("href", f"#{field_id}")
    # The message sits by the field too, and what was typed is kept.
    expect(page.locator(".govuk-form-group--error")).to_contain_text(f"{PLACES} must be 0 or more")
    expect(field).to_have_value("-5")
    expect(page.get_by_label("Note")).to_have_value("Hiring in spring")
    check_page(page, "projects-my-borough-error")

    link.click()
    assert page.evaluate("document.activeElement.id") == field_id
    expect(field).to_be_focused()

    assert not MeasureContribution.objects.filter(borough=camden).exists()
    assert not Participation.objects.filter(borough=camden, updated_at__isnull=False).exists()


# 3. The public pages, with realistic data -------------------------------------


def test_project_list_with_filters_and_pagination(page, wifi, apprenticeships):
    themes = ["digital-inclusion", "cyber-security", "data-collaboration", "future-workplace"]
    healths = ["on_track", "at_risk", "off_track"]
    boroughs = ["camden", "hackney", "islington", "lambeth", "southwark", None]
    for n in range(30):
        ProjectFactory(
            title=f"Beta project {n:02d}",
            theme=theme(themes[n % len(themes)]),
            lead_borough=borough(boroughs[n % len(boroughs)]) if boroughs[n % len(boroughs)] else None,
            phase="beta",
            health=healths[n % len(healths)],
        )
    for n, phase in enumerate(["discovery", "alpha", "live", "closed"]):
        ProjectFactory(title=f"Other project {n}", phase=phase)

    page.goto("/projects/?phase=beta")
    expect(page).to_have_title("Projects – LOTI Portal")
    expect(page.get_by_label("Phase")).to_have_value("beta")
    # 30 beta projects and Seamless Wi-Fi.
    expect(page.get_by_role("status")).to_contain_text("31 projects, page 1 of 2.")
    rows = page.get_by_role("table", name="Projects matching the filters").locator("tbody tr")
    expect(rows).to_have_count(25)
    pagination = page.get_by_role("navigation", name="Pages of results")
    expect(page.get_by_role("status")).to_contain_text("page 1 of 2")
    check_page(page, "projects-list-beta")

    # A filter from the form, on top of the phase from the address.
    page.get_by_label("Borough taking part").select_option(label="Camden")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"borough=camden"))
    expect(page.get_by_role("status")).to_contain_text("1 project.")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link")).to_have_text("Seamless Wi-Fi")

    page.goto("/projects/?phase=beta")
    pagination.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_label("Phase")).to_have_value("beta")
    expect(rows).to_have_count(6)
    expect(page.get_by_role("status")).to_contain_text("page 2 of 2")
    check_page(page, "projects-list-beta-page-2")


@pytest.fixture
def full_wifi(wifi, camden, hackney, camden_cdio):
    """Seamless Wi-Fi with every kind of commitment and a few updates."""
    islington = borough("islington")
    ParticipationFactory(
        project=wifi, borough=islington, role="observer", status="blocked", note="Waiting for a new router."
    )
    govwifi, govroam, eduroam = wifi.deliverables.order_by("order")
    DeliverableStatusFactory(deliverable=govwifi, borough=camden, state="done")
    DeliverableStatusFactory(deliverable=govwifi, borough=hackney, state="done")
    DeliverableStatusFactory(deliverable=govroam, borough=hackney, state="in_progress")
    sites = MeasureFactory(project=wifi, name="Buildings with GovWifi", unit="buildings", target=40)
    MeasureContributionFactory(measure=sites, borough=camden, value=12)
    MeasureContributionFactory(measure=sites, borough=hackney, value=9)
    agreement = AgreementFactory(
        project=wifi,
        title="Seamless Wi-Fi data sharing agreement",
        kind="dsa",
        opened_on=datetime.date(2025, 1, 6),
        document_url="https://example.org/wifi-dsa.pdf",
    )
    SignatoryFactory(agreement=agreement, borough=camden, state="signed", signed_on=datetime.date(2025, 2, 3))
    SignatoryFactory(agreement=agreement, borough=hackney, state="reviewing")
    SignatoryFactory(agreement=agreement, body=True, state="signed", signed_on=datetime.date(2025, 3, 10))
    now = timezone.now()
    ProjectUpdateFactory(
        project=wifi,
        author=camden_cdio,
        title="GovWifi live in Camden",
        body=(
            "GovWifi now works in these buildings:\n\n"
            "- 5 Pancras Square\n"
            "- Crowndale Centre\n\n"
            "See the [GovWifi service](https://www.wifi.service.gov.uk/) for how to connect."
        ),
        phase="beta",
        health="on_track",
        published_at=now - datetime.timedelta(days=2),
    )
    ProjectUpdateFactory(
        project=wifi,
        author=camden_cdio,
        title="Hackney joins",
        body="Hackney has **started** on GovWifi.",
        phase="alpha",
        health="at_risk",
        published_at=now - datetime.timedelta(days=30),
    )
    ProjectUpdateFactory(
        project=wifi, title="Kick-off", phase="discovery", published_at=now - datetime.timedelta(days=90)
    )
    return wifi


def test_project_detail_with_every_kind_of_commitment(page, full_wifi):
    page.goto("/projects/seamless-wi-fi/")
    expect(page).to_have_title("Seamless Wi-Fi – LOTI Portal")
    expect(page.locator("h1")).to_have_text("Seamless Wi-Fi")
    govuk_frontend_ready(page)

    taking_part = page.get_by_role("table", name=re.compile("^3 boroughs taking part"))
    expect(taking_part.locator("tbody th")).to_have_text(["Camden", "Hackney", "Islington"])
    # Statuses from the commitments: Islington's typed "Blocked" is not shown, its note is.
    expect(taking_part.locator("tbody td:nth-child(3)")).to_have_text(["In progress", "In progress", "Not started"])
    expect(row_named(taking_part, "Islington")).to_contain_text("Waiting for a new router.")
    hackney = table_cells(row_named(taking_part, "Hackney")).nth(3)
    expect(hackney.locator(".govuk-tag")).to_have_text(["Done", "In progress", "Not started", "Reviewing"])
    expect(hackney).to_contain_text("9 buildings pledged")
    # A wide table scrolls in its own labelled region at 320 pixels, and the page does not.
    region = page.get_by_role("region", name=re.compile("^3 boroughs taking part"))
    expect(region).to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1024, "height": 800})
    deliverables = page.get_by_role("table", name=re.compile("have done each deliverable"))
    expect(deliverables.locator("tbody td")).to_have_text(["2 of 3", "0 of 3", "0 of 3"])
    expect(page.locator("main")).to_contain_text("21 of 40 buildings (52%)")
    expect(page.get_by_role("progressbar", name=re.compile("Buildings with GovWifi"))).to_have_attribute("value", "52")
    signatories = page.get_by_role("table", name="Signatories of Seamless Wi-Fi data sharing agreement")
    expect(signatories.locator("tbody th")).to_have_text(["Camden", "Hackney", "Metropolitan Police Service"])
    expect(table_cells(row_named(signatories, "Metropolitan Police Service"))).to_have_text(
        ["Metropolitan Police Service", "Signed", "10 March 2025"]
    )
    expect(page.locator("main")).to_contain_text("2 of 3 signed")

    updates = page.locator("article.loti-update")
    expect(updates.get_by_role("heading")).to_have_text(["GovWifi live in Camden", "Hackney joins", "Kick-off"])
    latest = updates.first
    expect(latest).to_contain_text("by Ada Lovelace")
    expect(latest.get_by_role("listitem")).to_have_text(["5 Pancras Square", "Crowndale Centre"])
    link = latest.get_by_role("link", name="GovWifi service")
    expect(link).to_have_attribute("href", "https://www.wifi.service.gov.uk/")
    expect(updates.nth(1).locator("strong")).to_have_text("started")
    # Markdown arrives as bare <p> and <li>: .loti-prose gives them the body font, not the browser's serif.
    expect(latest.locator(".loti-prose p").first).to_have_css("font-family", re.compile(r"^arial"))
    check_page(page, "projects-detail")


def test_lead_cdio_posts_an_update_after_fixing_errors(page, wifi, camden_cdio):
    sign_in(page, camden_cdio)
    page.goto("/projects/seamless-wi-fi/")
    page.get_by_role("link", name="Post an update").click()

    expect(page).to_have_url(re.compile(r"/projects/seamless-wi-fi/updates/new/$"))
    expect(page).to_have_title("Post an update on Seamless Wi-Fi – LOTI Portal")
    # Phase and health start at the project's.
    expect(page.get_by_role("group", name="Phase").get_by_label("Beta")).to_be_checked()
    expect(page.get_by_role("group", name="Health").get_by_label("On track")).to_be_checked()
    check_page(page, "projects-post-update")

    page.get_by_role("button", name="Publish update").click()

    expect(page).to_have_title(re.compile(r"^Error: Post an update on Seamless Wi-Fi"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter a title", "Enter the update"])
    check_page(page, "projects-post-update-error")
    assert not ProjectUpdate.objects.exists()

    summary.get_by_role("link", name="Enter the update").click()
    expect(page.get_by_label("Update", exact=True)).to_be_focused()
    page.get_by_label("Title").fill("Govroam pilot")
    page.get_by_label("Update", exact=True).fill("Govroam is being tried in:\n\n- Camden\n- Hackney")
    page.get_by_role("group", name="Health").get_by_label("At risk").check()
    page.get_by_role("button", name="Publish update").click()

    expect(page).to_have_url(re.compile(r"/projects/seamless-wi-fi/$"))
    expect(success_banner(page)).to_contain_text("Update published.")
    update = page.locator("article.loti-update").first
    expect(update.get_by_role("heading")).to_have_text("Govroam pilot")
    expect(update.get_by_role("listitem")).to_have_text(["Camden", "Hackney"])
    expect(page.locator(".govuk-summary-list")).to_contain_text("At risk")
    assert ProjectUpdate.objects.get().author == camden_cdio


def test_borough_page_shows_its_projects_and_commitments(page, full_wifi, apprenticeships):
    page.goto("/boroughs/camden/")
    expect(page.locator("h1")).to_have_text("Camden")
    projects = page.get_by_role("table", name="Projects Camden takes part in")
    expect(projects.locator("tbody th")).to_have_text(["Digital Apprenticeships", "Seamless Wi-Fi"])
    expect(table_cells(row_named(projects, "Seamless Wi-Fi"))).to_contain_text(["Seamless Wi-Fi", "Lead"])
    commitments = page.locator(".govuk-summary-list").last
    expect(commitments).to_contain_text("Seamless Wi-Fi: GovWifi")
    expect(commitments).to_contain_text("12 buildings")
    expect(commitments).to_contain_text("Signed on 3 February 2025")
    check_page(page, "borough-camden-projects")

    projects.get_by_role("link", name="Seamless Wi-Fi").click()
    expect(page).to_have_url(re.compile(r"/projects/seamless-wi-fi/$"))


# 4. Following a project -----------------------------------------------------


def test_member_follows_and_stops_following_a_project(page, wifi, hackney):
    member = UserFactory(borough=hackney)
    sign_in(page, member)
    page.goto("/projects/seamless-wi-fi/")
    # The button names the project for screen reader users.
    page.get_by_role("button", name="Follow Seamless Wi-Fi").click()

    expect(success_banner(page)).to_contain_text("You will be emailed when Seamless Wi-Fi posts an update.")
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Follow"))).to_have_count(0)
    assert Follow.objects.filter(user=member, project=wifi).exists()
    check_page(page, "projects-following")

    page.get_by_role("button", name="Stop following").click()
    expect(success_banner(page)).to_contain_text("You no longer follow Seamless Wi-Fi.")
    expect(page.get_by_role("button", name="Follow Seamless Wi-Fi")).to_be_visible()
    assert not Follow.objects.exists()
