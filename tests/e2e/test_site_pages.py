"""Every public page type in a real browser: content, CSP, govuk-frontend, axe, keyboard."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    assert_assets_loaded,
    assert_no_csp_errors,
    govuk_frontend_ready,
    save_screenshot,
)
from tests.factories import ParticipationFactory, ProjectFactory, QuarterFactory, borough

pytestmark = pytest.mark.e2e


def check_home(page):
    expect(page.locator("h1")).to_have_text("London boroughs, working together on digital, data and technology")
    expect(page).to_have_title("Home – LOTI Portal")
    # The member count comes from the database (the migration loads 21 members).
    expect(page.locator("main")).to_contain_text(re.compile(r"helps \d+ member boroughs"))
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def check_borough_list(page):
    expect(page.locator("h1")).to_have_text("London boroughs")
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows).to_have_count(33)
    camden = rows.filter(has=page.get_by_role("link", name="Camden", exact=True))
    expect(camden).to_contain_text("E09000007")
    expect(camden).to_contain_text("Inner London")
    expect(camden).to_contain_text("Member")
    # The current section is marked in the service navigation.
    expect(page.locator('.govuk-service-navigation a[aria-current="page"]')).to_have_text("Boroughs")
    # The membership map: one named picture of the 33 authorities, a key, and the table as its words.
    picture = page.get_by_role("img", name=re.compile(r"^Map of London: \d+ of London's 33 local authorities"))
    expect(picture).to_be_visible()
    expect(page.locator("svg.loti-map__svg g.loti-map__square")).to_have_count(33)
    key = page.locator(".loti-map__key li")
    expect(key).to_have_text([re.compile(r"LOTI member \(\d+\)"), re.compile(r"Not a member \(\d+\)")])


def check_borough_detail(page):
    expect(page.locator("h1")).to_have_text("Camden")
    expect(page.locator(".govuk-summary-list")).to_contain_text("London Borough of Camden")
    expect(page.locator(".govuk-summary-list")).to_contain_text("E09000007")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Member since 16 July 2019")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link")).to_have_text(["Home", "Boroughs"])
    # Anonymous visitors do not see who in Camden has an account.
    expect(page.get_by_text("People with portal accounts")).to_have_count(0)
    # Every section is there, each saying when it has nothing to show.
    headings = ["Projects", "Commitments", "Key results this quarter", "Job descriptions", "Vacancies", "Ideas"]
    expect(page.locator("main h2")).to_have_text(headings)
    expect(page.locator("main")).to_contain_text("Camden has no open vacancy on the jobs board.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("No CDIO of Camden has chosen to be named here.")


def check_accessibility(page):
    expect(page.locator("h1")).to_have_text("Accessibility statement for the LOTI Portal")
    heading = page.get_by_role("heading", name="Preparation of this accessibility statement")
    expect(heading).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"will next be reviewed by \d{1,2} [A-Z][a-z]+ \d{4}"))
    # The statement names the page's own host.
    host = page.url.split("/")[2]
    expect(page.locator("main")).to_contain_text(f"LOTI Portal at {host}")


def check_privacy(page):
    expect(page.locator("h1")).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="Cookies")).to_be_visible()
    expect(page.locator("main")).to_contain_text("only essential cookies")


def check_not_found(page):
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page).to_have_title("Page not found – LOTI Portal")
    # Error pages leave out anything that touches the database, like the sign-in link.
    expect(page.locator(".govuk-service-navigation").get_by_text("Sign in")).to_have_count(0)


def check_api_docs(page):
    expect(page.locator("h1")).to_have_text("Open data API")
    expect(page.get_by_role("link", name="Open Government Licence v3.0").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("GET /api/v1/job-descriptions/")


PAGES = [
    # (screenshot name, path, expected HTTP status, content check)
    ("home", "/", 200, check_home),
    ("borough-list", "/boroughs/", 200, check_borough_list),
    ("borough-detail", "/boroughs/camden/", 200, check_borough_detail),
    ("accessibility", "/accessibility/", 200, check_accessibility),
    ("privacy", "/privacy/", 200, check_privacy),
    ("api-docs", "/api/", 200, check_api_docs),
    ("not-found", "/no-such-page/", 404, check_not_found),
]


@pytest.mark.parametrize(("name", "path", "status", "check"), PAGES, ids=[p[0] for p in PAGES])
def test_page(page, name, path, status, check):
    response = page.goto(path)
    assert response.status == status
    # The response really carries the strict, hash-based policy the page runs under.
    csp = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'sha256-[^']+'", csp), csp
    assert "unsafe-inline" not in csp

    check(page)
    govuk_frontend_ready(page)
    assert_assets_loaded(page)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, name)


def test_skip_link_is_first_and_moves_focus_to_main_content(page):
    page.goto("/boroughs/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # visible once focused

    page.keyboard.press("Enter")
    # govuk-frontend's SkipLink makes <main> focusable and focuses it.
    expect(page.locator("main#main-content")).to_be_focused()
    # The next Tab goes to the content, not back to the header: the map's key (a link to the
    # table), then the table's scroll region, focusable so keyboard users can scroll it.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
        " && document.activeElement !== document.querySelector('main')"
    )
    for _ in range(10):
        if page.evaluate("() => document.activeElement.getAttribute('aria-label') === 'London boroughs'"):
            break
        page.keyboard.press("Tab")
    expect(page.get_by_role("region", name="London boroughs")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => {
            const main = document.querySelector("main");
            return document.activeElement.tagName === "A" && main.contains(document.activeElement);
        }"""
    )
    assert_no_csp_errors(page)


def test_service_navigation_collapses_into_a_menu_on_small_screens(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    links = page.locator("#navigation")
    # Without JavaScript the toggle stays hidden; govuk-frontend reveals it.
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="Boroughs")).to_be_visible()
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "home-small-screen-menu-open")

    links.get_by_role("link", name="Boroughs").click()
    expect(page).to_have_url(re.compile(r"/boroughs/$"))


def project_with_boroughs():
    project = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi")
    statuses = {"camden": "done", "hackney": "in_progress", "brent": "blocked", "barnet": "not_started"}
    for slug, status in statuses.items():
        ParticipationFactory(project=project, borough=borough(slug), status=status)
    return project


@pytest.mark.parametrize("path", ["/boroughs/", "/boroughs/camden/", "/projects/seamless-wi-fi/"])
def test_pages_with_the_map_reflow_at_320_pixels(page, path):
    """WCAG 1.4.10: at 320 CSS pixels nothing but the wide tables scrolls sideways; the map shrinks to fit."""
    project_with_boroughs()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    map_svg = page.locator("svg.loti-map__svg")
    if map_svg.count():
        box = map_svg.bounding_box()
        assert 200 < box["width"] <= 320
        # The viewBox keeps the squares square as the map shrinks.
        assert abs(box["height"] / box["width"] - 420 / 480) < 0.01
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "reflow-320" + path.replace("/", "-").rstrip("-"))


def test_project_page_map_is_axe_clean_and_says_each_status(page):
    project_with_boroughs()
    page.goto("/projects/seamless-wi-fi/")
    picture = page.get_by_role("img", name=re.compile(r"^Map of London: the status of each of the 4 boroughs"))
    expect(picture).to_be_visible()
    expect(page.locator("g.loti-map__square--done title")).to_have_text(["Camden: Done"])
    expect(page.locator("g.loti-map__square--blocked .loti-map__marker")).to_have_text(["✕"])
    expect(page.locator("g.loti-map__square--none")).to_have_count(29)
    # Each key entry: its swatch (the marker, hidden from screen readers) and its words.
    key = page.locator(".loti-map__key li")
    expect(key).to_have_text(
        ["✓ Done (1)", "◐ In progress (1)", "✕ Blocked (1)", "○ Not started (1)", "Not taking part (29)"]
    )
    expect(key.locator("span")).to_have_text(
        ["Done (1)", "In progress (1)", "Blocked (1)", "Not started (1)", "Not taking part (29)"]
    )
    # The map sits above the table it pictures, and links to it.
    expect(page.locator(".loti-map__key").get_by_role("link", name="The table")).to_have_attribute(
        "href", "#boroughs-table"
    )
    govuk_frontend_ready(page)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "project-map")


def test_a_borough_page_with_every_section_filled_is_axe_clean(page):
    from tests.loti.test_borough_page import fill, quarter_running

    year, number = quarter_running(timezone.localdate())
    fill(3, QuarterFactory(year=year, number=number))
    page.goto("/boroughs/camden/")
    main = page.locator("main")
    expect(
        page.get_by_role("table", name="Key results Camden leads or supports this quarter").locator("tbody tr")
    ).to_have_count(6)
    expect(page.get_by_role("table", name="Ideas from Camden in published results").locator("tbody tr")).to_have_count(
        3
    )
    expect(main.get_by_role("link", name="See all Camden's job descriptions in the library")).to_be_visible()
    expect(main.get_by_role("link", name="See Camden's vacancies on the jobs board")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).not_to_contain_text("No CDIO of Camden")
    govuk_frontend_ready(page)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "borough-detail-filled")


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_pages_work_without_javascript(page):
    """The accessibility statement promises every page works without JavaScript."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    assert "govuk-frontend-supported" not in page.evaluate("document.body.className")
    # No menu button to press: the navigation links are simply shown.
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    page.locator("#navigation").get_by_role("link", name="Boroughs").click()
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(33)
    page.get_by_role("link", name="Camden", exact=True).click()
    expect(page.locator("h1")).to_have_text("Camden")


def test_harness_sees_csp_violations(page):
    """The CSP is enforced in these tests, and assert_no_csp_errors notices a violation.

    Without this, a bypassed CSP (or a broken listener) would make every
    assert_no_csp_errors above pass vacuously.
    """
    page.goto("/")
    assert_no_csp_errors(page)
    # A page script injecting an inline script the policy has no hash for is refused...
    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.__injected = true";
            document.body.append(s);
        }"""
    )
    assert page.evaluate("window.__injected === undefined")
    # ...and the refusal is reported.
    with pytest.raises(pytest.fail.Exception, match="script-src"):
        assert_no_csp_errors(page)


def test_harness_sees_axe_violations(page):
    """axe-core really runs (under the site's CSP) and assert_accessible reports what it finds."""
    page.goto("/")
    assert_accessible(page)
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/img/favicon.svg";  // no alt text
            document.querySelector("main").append(img);
        }"""
    )
    expected = r"image-alt \(critical\): Images must have alternative text[\s\S]*target img"
    with pytest.raises(pytest.fail.Exception, match=expected):
        assert_accessible(page)
    assert_no_csp_errors(page)


def test_a_page_served_from_the_cache_runs_its_scripts_under_the_policy(page):
    """The stored copy is the page drawn, under the same policy: its scripts run and nothing is refused."""
    for expected in ("miss", "hit"):
        response = page.goto("/projects/")
        assert response.headers["x-page-cache"] == expected
        # The inline script in the layout marks the body, and GOV.UK Frontend's module initialises.
        govuk_frontend_ready(page)
        assert_no_csp_errors(page)
    assert_accessible(page)
