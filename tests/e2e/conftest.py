"""Browser tests: a real Chromium against pytest-django's live server.

One browser for the whole session (pytest-playwright's session-scoped
`browser`), launched from the machine's Chromium, never a browser downloaded by
Playwright; a fresh context, so fresh cookies, for each test.

The site's Content Security Policy stays enforced: nothing here uses
`bypass_csp`. Playwright's own scripting (`page.evaluate`, init scripts,
bindings) goes through the DevTools protocol, which CSP does not govern, so
axe-core can be injected into a page whose CSP would refuse it as a <script>.
The `test_harness_*` tests in test_site_pages.py prove both: axe finds an
injected violation, and a script the CSP refuses is reported.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

from boroughs import two_factor
from tests.conftest import authenticator_for, code_from, load_reference_data
from tests.factories import TEST_PASSWORD

# The machine's Chromium: $CHROMIUM_PATH, else `chromium` on the PATH. With neither,
# Playwright falls back to a browser of its own, if one was ever installed.
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# WCAG 2.2 AA, the standard the accessibility statement claims.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Collected in the page (CDP init script, not subject to CSP) and reported to
# Python through a binding: every `securitypolicyviolation` event, including
# ones Chromium would not log to the console.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lotiCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
});
"""


@pytest.fixture(scope="package")
def playwright():
    """Playwright for the e2e package only, not the whole session (overrides pytest-playwright's).

    Playwright's sync API keeps an asyncio loop running in the main thread
    while it is started, which makes Django treat every ORM call as coming
    from async code. Scoped to this package, that ends with the last browser
    test, so tests that pytest-django orders after these run as normal.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # The test code and the live server share the database, synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    yield pw
    pw.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright's, with --headed and --slowmo, plus the machine's Chromium.
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    args.setdefault("headless", True)
    if CHROMIUM:
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="package")
def browser_type(playwright):
    return playwright.chromium


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    """One Chromium for all the browser tests; each test gets a new context (pytest-playwright's)."""
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def base_url(live_server):
    """page.goto("/boroughs/") goes to the live server (replaces pytest-playwright's --base-url)."""
    return live_server.url


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig, base_url, _pw_artifacts_folder):
    # Never bypass_csp here: the tests must see what the site's CSP refuses.
    args = {
        "base_url": base_url,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        "viewport": {"width": 1280, "height": 800},
    }
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture(autouse=True)
def _reference_data(live_server):
    """Put back the boroughs and themes the data migrations load.

    Live-server tests are transactional: the database is flushed after each
    one, which empties tables filled by data migrations (post_migrate receivers,
    such as the central team group, run again by themselves). Serialized
    rollback cannot help here: with Playwright's loop running (see
    `playwright`), Django's connection handler switches to context-local
    connections, and the serialized copy, which Django keeps on the
    thread-local connection, is never found.
    """
    load_reference_data()


class BrowserLog:
    """What the browser reported while a test ran."""

    def __init__(self):
        self.console = []  # playwright ConsoleMessage objects
        self.page_errors = []  # uncaught exceptions in the page
        self.csp_violations = []  # securitypolicyviolation events
        self.failed_requests = []  # (status or error, url) of sub-resources

    def on_console(self, message):
        self.console.append(message)

    def on_page_error(self, error):
        self.page_errors.append(error)

    def on_csp_violation(self, violation):
        self.csp_violations.append(violation)

    def on_response(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self.failed_requests.append((response.status, response.url))

    def on_request_failed(self, request):
        self.failed_requests.append((request.failure, request.url))


@pytest.fixture
def page(context, live_server):
    """A page in a new context that records console messages, page errors, CSP violations."""
    log = BrowserLog()
    context.expose_function("__lotiCspViolation", log.on_csp_violation)
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    page.on("response", log.on_response)
    page.on("requestfailed", log.on_request_failed)
    page.browser_log = log
    return page


def _flush_events(page):
    # Events arrive asynchronously; a round trip to the page delivers pending ones.
    page.evaluate("0")


def assert_accessible(page):
    """Run axe-core against WCAG 2.2 AA on the page as it is now; fail on any violation."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                target = ", ".join(map(str, node["target"]))
                lines.append(f"    target {target}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


_CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


def assert_no_csp_errors(page):
    """Fail on CSP violations (console or event) and on any uncaught error in the page."""
    _flush_events(page)
    log = page.browser_log
    problems = [f"console {m.type}: {m.text}" for m in log.console if _CSP_CONSOLE.search(m.text)]
    problems += [f"CSP violation: {v}" for v in log.csp_violations]
    problems += [f"page error: {e}" for e in log.page_errors]
    if problems:
        pytest.fail(f"Browser problems on {page.url}:\n" + "\n".join(problems), pytrace=False)


def assert_assets_loaded(page):
    """Fail when a style sheet, script, image or font failed to load."""
    _flush_events(page)
    failed = page.browser_log.failed_requests
    if failed:
        pytest.fail(
            f"Sub-resources failed on {page.url}:\n" + "\n".join(f"{s} {u}" for s, u in failed),
            pytrace=False,
        )


def save_screenshot(page, name):
    """A full-page screenshot in test-results/screenshots/<name>.png, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, animations="disabled")


def govuk_frontend_ready(page):
    """Assert the layout's inline script (allowed by its hash) and govuk-frontend's module script both ran under CSP."""
    body_classes = page.evaluate("document.body.className").split()
    assert "govuk-frontend-supported" in body_classes, body_classes
    assert "js-enabled" in body_classes, body_classes
    # govuk-frontend 6 marks each component it initialised with data-<module-name>-init.
    expect(page.locator('[data-module="govuk-service-navigation"]')).to_have_attribute(
        "data-govuk-service-navigation-init", ""
    )
    expect(page.locator('[data-module="govuk-skip-link"]')).to_have_attribute("data-govuk-skip-link-init", "")


# Journeys shared by the test modules ----------------------------------------


def enter_two_factor_code(page, user):
    """The second step, for a person whose authenticator app was set up before the password step."""
    device = authenticator_for(user)
    # Signing in twice within 30 seconds would reuse a code, which django-otp rightly refuses.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    expect(page.locator("h1")).to_have_text("Check your authenticator app")
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(code_from(device))
    page.get_by_role("button", name="Continue").click()


def sign_in(page, user):
    """Sign in through the real pages; the central team and CDIOs with an app already set up."""
    if two_factor.is_required_for(user):
        authenticator_for(user)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if two_factor.is_required_for(user):
        enter_two_factor_code(page, user)
    if user.is_staff:
        # The central team lands in the admin, which has its own header.
        expect(page).to_have_url(re.compile(r"/admin/$"))
        return
    expect(
        page.locator(".govuk-service-navigation").get_by_role("button", name=re.compile(r"^Sign out"))
    ).to_be_visible()


def check_page(page, screenshot):
    """What every page here must be: axe-clean, no CSP or script errors; then a screenshot."""
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, screenshot)


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")
