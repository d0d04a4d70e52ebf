"""No layout shift when GOV.UK Frontend's JavaScript starts, on a phone.

Lighthouse's mobile run measured a cumulative layout shift of 0.21 to 0.23 on
every page: the service navigation folded into its Menu button once the
module had loaded, after the page was first drawn, and everything below it
jumped up. Here the module is held back for a moment, as a slow phone
network would, so that the page is drawn before it runs; the shifts are
summed from the browser's own layout-shift entries (which is at least the
CLS Lighthouse reports) and must stay within Google's "good" 0.1.
"""

import io
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from projects.models import Project
from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, govuk_frontend_ready

pytestmark = pytest.mark.e2e

# Lighthouse's mobile device: a Moto G Power's screen.
PHONE = {"width": 412, "height": 823}
# How long the module is held back: long enough for the page to be drawn without it.
MODULE_DELAY_SECONDS = 0.6
GOOD_CLS = 0.1

# Every layout shift since the page started, not caused by the visitor's own input.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  // Buffered entries are delivered in a task of their own.
  setTimeout(() => resolve(total), 200);
})"""


def hold_back_the_module(route):
    time.sleep(MODULE_DELAY_SECONDS)
    route.continue_()


def layout_shift(page, url):
    page.goto(url)
    govuk_frontend_ready(page)
    # The navigation has folded (or not) by now; give any late shift a frame to be recorded.
    page.wait_for_timeout(300)
    return page.evaluate(LAYOUT_SHIFT)


def test_pages_do_not_shift_when_govuk_frontend_starts_on_a_phone(page):
    call_command("load_demo_data", force=True, stdout=io.StringIO())
    project = Project.objects.public().order_by("title").first()
    page.set_viewport_size(PHONE)
    page.route("**/static/js/app.js", hold_back_the_module)

    shifts = {url: layout_shift(page, url) for url in ["/", "/projects/", project.get_absolute_url(), "/jobs/"]}

    assert all(shift <= GOOD_CLS for shift in shifts.values()), shifts
    # The menu drawn folded still opens once the script has started.
    menu = page.locator(".govuk-service-navigation__list")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_without_the_module_the_phone_menu_is_not_folded_before_the_script_says_so(page):
    # The list is folded only while the script is on its way: with govuk-frontend-supported
    # unset (no JavaScript module support), every link shows and there is no Menu button.
    page.set_viewport_size(PHONE)
    page.add_init_script("delete HTMLScriptElement.prototype.noModule")
    page.route("**/static/js/app.js", lambda route: route.abort())
    page.goto("/")

    assert "govuk-frontend-supported" not in page.evaluate("document.body.className")
    expect(page.locator(".govuk-service-navigation__list")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
