"""Signing in, setting a password from an invitation, and signing out, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from boroughs.services import invitation_link
from tests.conftest import authenticator_for
from tests.e2e.conftest import (
    assert_accessible,
    assert_no_csp_errors,
    enter_two_factor_code,
    govuk_frontend_ready,
    save_screenshot,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "lambeth-Quay-47-orchard"


def service_navigation(page):
    return page.locator(".govuk-service-navigation")


def expect_signed_in(page, user, lands_on=r"/ideas/$"):
    """Signed in, on the page their role lands on (a member: the ideas bank), and the home page greets them."""
    expect(page).to_have_url(re.compile(lands_on))
    nav = service_navigation(page)
    expect(nav.get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)
    page.goto("/")
    expect(page.locator("h1")).to_have_text("London boroughs, working together on digital, data and technology")
    expect(page.locator("main")).to_contain_text(f"You are signed in as {user.get_full_name()}")


def expect_error_summary_focused(page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # govuk-frontend's ErrorSummary moves focus to it, so screen readers announce it.
    expect(summary).to_be_focused()
    assert page.evaluate("document.querySelector('.govuk-error-summary').contains(document.activeElement)")
    return summary


def sign_in(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wrong_password_shows_an_accessible_error_then_sign_in_works_in_any_case(page):
    user = UserFactory(email="ada.lovelace@camden.example", first_name="Ada", last_name="Lovelace")
    page.goto("/accounts/login/")
    expect(page).to_have_title("Sign in – LOTI Portal")
    expect(page.locator("h1")).to_have_text("Sign in")
    govuk_frontend_ready(page)
    assert_accessible(page)

    sign_in(page, user.email, "not-the-password")

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = expect_error_summary_focused(page)
    expect(summary).to_contain_text("Enter a correct email address and password")
    # The summary's link takes you to the first field.
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_username")
    # What was typed is kept, except the password.
    expect(page.get_by_label("Email address")).to_have_value(user.email)
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "sign-in-error")

    # Email addresses are not case-sensitive when signing in.
    sign_in(page, user.email.upper(), TEST_PASSWORD)
    expect_signed_in(page, user)
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_invited_person_sets_a_password_once_and_signs_in(page):
    user = UserFactory(invited=True, email="grace.hopper@hackney.example", first_name="Grace", last_name="Hopper")
    assert not user.has_usable_password()
    # The link is built with settings.SITE_URL; open its path on the live server.
    link = urlsplit(invitation_link(user)).path
    assert link.startswith("/accounts/set-password/")

    page.goto(link)
    # Django swaps the token out of the address bar (into the session) before showing the form.
    expect(page).to_have_url(re.compile(r"/accounts/set-password/[^/]+/set-password/$"))
    expect(page).to_have_title("Set your password – LOTI Portal")
    expect(page.locator("h1")).to_have_text("Set your password")
    govuk_frontend_ready(page)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "set-password")

    new_password = page.get_by_label("New password", exact=True)
    confirm = page.get_by_label("Confirm new password")
    for field in (new_password, confirm):
        # Password managers may fill these, and pasting is not blocked.
        expect(field).to_have_attribute("type", "password")
        expect(field).to_have_attribute("autocomplete", "new-password")
        assert field.get_attribute("onpaste") is None
        assert field.evaluate("element => element.onpaste === null")
    # The hint is tied to the field, so screen readers read it.
    hint_id = new_password.get_attribute("aria-describedby")
    assert hint_id
    expect(page.locator(f"#{hint_id.split()[0]}")).to_contain_text("At least 12 characters")

    # Too short: the error summary, an "Error: " title, and still accessible.
    new_password.fill("short")
    confirm.fill("short")
    page.get_by_role("button", name="Save password").click()
    expect(page).to_have_title(re.compile(r"^Error: Set your password"))
    summary = expect_error_summary_focused(page)
    expect(summary).to_contain_text("must be 12 characters or more")
    expect(page.locator(".govuk-error-message").first).to_contain_text("must be 12 characters or more")
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "set-password-error")
    user.refresh_from_db()
    assert not user.has_usable_password()

    # A good password, pasted into both fields from the clipboard.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", NEW_PASSWORD)
    for field in (new_password, confirm):
        field.fill("")
        field.focus()
        page.keyboard.press("ControlOrMeta+V")
        expect(field).to_have_value(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()

    expect(page).to_have_url(re.compile(r"/accounts/set-password/done/$"))
    expect(page.locator("h1")).to_have_text("Your account is ready")
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "set-password-done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    page.get_by_role("link", name="Sign in with your email address").click()
    sign_in(page, user.email, NEW_PASSWORD)
    expect_signed_in(page, user)

    # The invitation works once: opening it again, even signed in, says it has expired.
    page.goto(link)
    expect(page.locator("h1")).to_have_text("This invitation link has expired")
    expect(page).to_have_title("This invitation link has expired – LOTI Portal")
    expect(page.get_by_label("New password", exact=True)).to_have_count(0)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "set-password-expired")


def test_sign_out_from_the_service_navigation(page):
    user = UserFactory()
    page.goto("/accounts/login/")
    sign_in(page, user.email, TEST_PASSWORD)
    expect_signed_in(page, user)
    # The button says whose session it ends, for screen reader users.
    sign_out = service_navigation(page).get_by_role("button", name=f"Sign out ({user.email})")
    expect(sign_out).to_be_visible()

    sign_out.click()

    expect(page).to_have_url(re.compile(r"/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("You have signed out.")
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, "signed-out")
    nav = service_navigation(page)
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(nav.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("You are signed in")
    # The session really is over: the sign-in page is shown, not skipped.
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("Sign in")
    assert_no_csp_errors(page)


def test_a_cdio_lands_on_my_borough_and_a_next_page_wins(page):
    cdio = UserFactory(cdio=True)
    authenticator_for(cdio)
    page.goto("/accounts/login/")
    sign_in(page, cdio.email, TEST_PASSWORD)
    enter_two_factor_code(page, cdio)
    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    expect(page.locator("h1")).to_be_visible()
    assert_no_csp_errors(page)

    page.context.clear_cookies()
    # A page that asked for sign-in comes back after it.
    page.goto("/accounts/login/?next=/projects/")
    sign_in(page, cdio.email, TEST_PASSWORD)
    enter_two_factor_code(page, cdio)
    expect(page).to_have_url(re.compile(r"/projects/$"))


def test_the_central_team_lands_in_the_admin(page):
    central = UserFactory(central_team=True)
    authenticator_for(central)
    page.goto("/accounts/login/")
    sign_in(page, central.email, TEST_PASSWORD)
    enter_two_factor_code(page, central)
    expect(page).to_have_url(re.compile(r"/admin/$"))
