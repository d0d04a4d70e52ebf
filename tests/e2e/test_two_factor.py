"""Two-factor sign-in in a real browser: setting up an app from the secret shown, recovery codes, the code step."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, govuk_frontend_ready, save_screenshot
from tests.factories import TEST_PASSWORD, UserFactory, borough

pytestmark = pytest.mark.e2e

CODE_LABEL = "Enter the 6-digit code from your authenticator app"


def password_step(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def check(page, screenshot):
    govuk_frontend_ready(page)
    assert_accessible(page)
    assert_no_csp_errors(page)
    save_screenshot(page, screenshot)


def test_a_cdio_sets_up_an_app_from_the_typed_secret_then_signs_in_with_codes(page):
    cdio = UserFactory(borough=borough("camden"), cdio=True)
    password_step(page, cdio)

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/\?next="))
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100  # the SVG really draws
    check(page, "two-factor-set-up")
    # Someone who cannot scan types the key shown as text.
    secret = page.locator("#secret").inner_text().replace(" ", "")
    code = "%06d" % totp(b32decode(secret))

    # A wrong code first: the GOV.UK error summary, focused, linking to the field.
    page.get_by_label(CODE_LABEL).fill("%06d" % ((int(code) + 500_000) % 10**6))
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The code is not correct")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_code")
    expect(page).to_have_title(re.compile(r"^Error: Set up two-factor authentication"))
    check(page, "two-factor-set-up-error")

    # django-otp makes the next try wait a second after a wrong code; the code is read afresh,
    # as a person would from their app, since the checks above may have taken a 30-second step.
    page.wait_for_timeout(1500)
    page.get_by_label(CODE_LABEL).fill("%06d" % totp(b32decode(secret)))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    codes = page.locator(".loti-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))

    # Next time: the password, then a recovery code (the app's code was just used).
    page.context.clear_cookies()
    password_step(page, cdio)
    expect(page.locator("h1")).to_have_text("Check your authenticator app")
    check(page, "two-factor-code")
    page.get_by_label(CODE_LABEL).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/projects/my-borough/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("9 left")


def test_a_member_turns_on_two_factor_from_their_account_page(page):
    member = UserFactory(borough=borough("hackney"))
    password_step(page, member)
    expect(page).to_have_url(re.compile(r"/ideas/$"))
    page.locator(".govuk-service-navigation").get_by_role("link", name="Your account").click()
    expect(page.locator("h1")).to_have_text("Your account")
    check(page, "account")
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
