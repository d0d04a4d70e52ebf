"""Two-factor sign-in: who must set it up, the code step and its lockout, recovery codes, reset, the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import two_factor
from boroughs.models import TwoFactorReset
from tests.conftest import ROLES, authenticator_for, code_from, force_login_verified
from tests.factories import TEST_PASSWORD, UserFactory, borough

pytestmark = pytest.mark.django_db

REQUIRED = ["cdio", "other_cdio", "central_team"]
OPTIONAL = ["member", "editor", "other_member", "other_editor"]


def password_step(client, user, next_url=None):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": TEST_PASSWORD})


def enter(client, code, url="/accounts/two-factor/"):
    return client.post(url, {"code": code})


def is_verified(client):
    return "otp_device_id" in client.session


def recovery_codes_of(user):
    return list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


@pytest.fixture
def no_back_off(settings):
    """django-otp's 1, 2, 4... second waits between tries, off: for tests of the lockout count alone."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def set_up(client, user):
    """Set up an authenticator app through the page; the device and the recovery codes shown."""
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/set-up/", {"code": code_from(device)})
    assert response.status_code == 302, response.text
    page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.text)
    device.refresh_from_db()
    return device, codes


# Who must set it up ------------------------------------------------------------


@pytest.mark.parametrize("role", REQUIRED)
def test_the_central_team_and_cdios_must_set_up_two_factor_at_their_next_sign_in(client, role):
    user = ROLES[role]()
    response = password_step(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/set-up/?next=")
    # Nothing else opens until they have: not their work, not a public page, not the admin.
    for url in ["/projects/my-borough/", "/", "/projects/", "/admin/", "/accounts/"]:
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"].startswith("/accounts/two-factor/set-up/"), url
    device, codes = set_up(client, user)
    assert device.confirmed and is_verified(client)
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(recovery_codes_of(user))
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", OPTIONAL)
def test_editors_and_members_sign_in_without_a_second_factor_and_are_offered_one(client, role):
    user = ROLES[role]()
    response = password_step(client, user)
    assert response["Location"] in ("/ideas/", "/projects/my-borough/")
    account = client.get("/accounts/")
    assert account.status_code == 200
    assert "Set up two-factor authentication" in account.text
    assert client.get("/accounts/two-factor/set-up/").status_code == 200


def test_an_editor_who_sets_it_up_is_asked_for_a_code_from_then_on(client):
    user = ROLES["editor"]()
    password_step(client, user)
    device, _codes = set_up(client, user)
    client.post("/accounts/logout/")
    response = password_step(client, user)
    assert response["Location"] == "/accounts/two-factor/?next=%2Fprojects%2Fmy-borough%2F"
    assert client.get("/projects/my-borough/").status_code == 302
    response = enter(client, code_from(device, steps_ahead=1), response["Location"])
    assert response["Location"] == "/projects/my-borough/"


def test_the_set_up_page_shows_a_qr_code_and_the_secret_as_text_with_no_script(client):
    force_login_verified(client, ROLES["member"]())
    page = client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(confirmed=False)
    assert 'src="data:image/svg+xml' in page.text and 'alt="QR code' in page.text
    assert two_factor.secret_for_people(device) in page.text
    assert len(two_factor.secret_for_people(device).replace(" ", "")) == 32  # 20 random bytes
    assert "<script" not in page.text.split("</main>")[0].split("<main")[1]
    # Drawn again (an error, a reload): the same secret, so the scan already made still works.
    client.get("/accounts/two-factor/set-up/")
    assert TOTPDevice.objects.filter(confirmed=False).count() == 1


def test_a_wrong_code_at_set_up_is_refused_and_nothing_is_set_up(client):
    user = ROLES["cdio"]()
    client.force_login(user)  # the password step only
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_from(device)) + 1) % 10**6:06d}"
    response = client.post("/accounts/two-factor/set-up/", {"code": wrong})
    assert response.status_code == 400
    assert "The code is not correct" in response.text
    device.refresh_from_db()
    assert not device.confirmed and not is_verified(client) and not StaticDevice.objects.filter(user=user).exists()


# The code step -----------------------------------------------------------------


@pytest.fixture
def cdio(client):
    user = UserFactory(borough=borough("camden"), cdio=True)
    return user, authenticator_for(user)


def test_the_right_code_signs_in_and_goes_where_the_person_was_going(client, cdio):
    user, device = cdio
    response = password_step(client, user, next_url="/okrs/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fokrs%2F"
    assert not is_verified(client)
    assert client.get("/okrs/")["Location"].startswith("/accounts/two-factor/")
    response = enter(client, code_from(device), response["Location"])
    assert response.status_code == 302 and response["Location"] == "/okrs/"
    assert is_verified(client)
    assert client.get("/projects/my-borough/").status_code == 200


def test_a_wrong_code_is_refused_with_a_gov_uk_error(client, cdio):
    user, device = cdio
    password_step(client, user)
    wrong = f"{(int(code_from(device)) + 500_000) % 10**6:06d}"
    response = enter(client, wrong)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and 'href="#id_code"' in response.text
    assert "The code is not correct" in response.text
    assert f'value="{wrong}"' in response.text  # what was typed is kept
    assert not is_verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_code_once_used_does_not_work_again(client, cdio):
    user, device = cdio
    password_step(client, user)
    code = code_from(device)
    assert enter(client, code).status_code == 302
    other = Client()
    password_step(other, user)
    assert enter(other, code).status_code == 400
    assert not is_verified(other)


def test_every_sign_in_asks_for_a_code_again(client, cdio):
    user, device = cdio
    force_login_verified(client, user)
    client.post("/accounts/logout/")
    response = password_step(client, user)
    assert response["Location"].startswith("/accounts/two-factor/")
    assert not is_verified(client)


def test_django_otp_makes_people_wait_after_a_wrong_code_even_with_the_right_one(client, cdio):
    user, device = cdio
    password_step(client, user)
    enter(client, "000000" if code_from(device) != "000000" else "111111")
    response = enter(client, code_from(device))
    assert response.status_code == 429
    assert "Wait a few seconds" in response.text and "govuk-error-summary" in response.text
    assert not is_verified(client)
    # After the wait (1 second after one wrong code), the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    assert enter(client, code_from(device)).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def wrong_code(device):
    return f"{(int(code_from(device)) + 500_000) % 10**6:06d}"


def test_five_wrong_codes_lock_the_code_step_for_fifteen_minutes(client, cdio, no_back_off):
    user, device = cdio
    password_step(client, user)
    for attempt in range(4):
        assert enter(client, wrong_code(device)).status_code == 400, attempt
    response = enter(client, wrong_code(device))
    assert response.status_code == 429
    assert "Too many incorrect codes" in response.text
    # Locked: even the right code, and a recovery code, are refused unchecked.
    assert enter(client, code_from(device)).status_code == 429
    assert client.get("/accounts/two-factor/").status_code == 429
    assert not is_verified(client)
    # Signing in again from elsewhere does not start a fresh count: the lock is the account's.
    other = Client()
    password_step(other, user)
    assert enter(other, code_from(device)).status_code == 429
    # Fifteen minutes after the last wrong code, the right code works and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=15, seconds=1)
    )
    assert enter(client, code_from(device)).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_wrong_recovery_codes_and_wrong_app_codes_count_toward_one_lockout(client, cdio, no_back_off):
    user, device = cdio
    two_factor.recovery_codes_renew(user=user)
    password_step(client, user)
    for _ in range(3):
        enter(client, wrong_code(device))
    enter(client, "aaaaaaaa")
    response = enter(client, "bbbb-bbbb")
    assert response.status_code == 429
    assert enter(client, recovery_codes_of(user)[0]).status_code == 429


def test_the_limit_and_the_period_are_settings(client, cdio, no_back_off, settings):
    settings.TWO_FACTOR_FAILURE_LIMIT = 2
    settings.TWO_FACTOR_LOCKOUT = timedelta(minutes=1)
    user, device = cdio
    password_step(client, user)
    enter(client, wrong_code(device))
    assert enter(client, wrong_code(device)).status_code == 429
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1, seconds=1)
    )
    assert enter(client, code_from(device)).status_code == 302


def test_a_code_of_the_wrong_shape_is_refused_without_counting(client, cdio):
    user, device = cdio
    password_step(client, user)
    for typed in ["12345", "1234567", "abc", "<script>", "12 34 5x"]:
        response = enter(client, typed)
        assert response.status_code == 400
        assert "Enter the 6 numbers your authenticator app shows, or a recovery code" in response.text
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_code_may_be_typed_with_spaces(client, cdio):
    user, device = cdio
    password_step(client, user)
    code = code_from(device)
    assert enter(client, f" {code[:3]} {code[3:]} ").status_code == 302


# Recovery codes -----------------------------------------------------------------


def test_a_recovery_code_signs_in_once_only(client, cdio):
    user, device = cdio
    codes = two_factor.recovery_codes_renew(user=user)
    password_step(client, user)
    response = enter(client, codes[0].upper())
    assert response.status_code == 302 and is_verified(client)
    assert len(recovery_codes_of(user)) == 9 and codes[0] not in recovery_codes_of(user)
    assert "9 left" in client.get(response["Location"], follow=True).text
    other = Client()
    password_step(other, user)
    assert enter(other, codes[0]).status_code == 400
    assert not is_verified(other)


def test_recovery_codes_are_shown_once(client):
    user = ROLES["member"]()
    password_step(client, user)
    _device, codes = set_up(client, user)
    page = client.get("/accounts/two-factor/recovery-codes/")
    assert not any(code in page.text for code in codes)
    assert "You have 10 unused recovery codes" in page.text


def test_new_recovery_codes_replace_the_old_ones(client, cdio):
    user, device = cdio
    old = two_factor.recovery_codes_renew(user=user)
    force_login_verified(client, user)
    response = client.post("/accounts/two-factor/recovery-codes/new/")
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    page = client.get(response["Location"])
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.text)
    assert len(new) == 10 and sorted(new) == sorted(recovery_codes_of(user))
    assert not set(old) & set(recovery_codes_of(user))
    other = Client()
    password_step(other, user)
    assert enter(other, old[0]).status_code == 400


def test_someone_without_an_app_gets_no_recovery_codes(client):
    user = ROLES["member"]()
    force_login_verified(client, user)
    response = client.post("/accounts/two-factor/recovery-codes/new/")
    assert response["Location"] == "/accounts/"
    assert not StaticDevice.objects.filter(user=user).exists()


def test_moving_to_a_new_app_replaces_the_old_one(client, cdio):
    user, old = cdio
    force_login_verified(client, user)
    new, _codes = set_up(client, user)
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert new.pk != old.pk


# Reset by the central team -------------------------------------------------------


def reset_from_the_admin(client, *people):
    return client.post(
        "/admin/boroughs/user/",
        {"action": "reset_two_factor", "_selected_action": [person.pk for person in people]},
    )


def test_the_central_team_resets_a_second_factor_recorded_with_who_and_when(client, cdio):
    person, device = cdio
    two_factor.recovery_codes_renew(user=person)
    signed_in_as_them = force_login_verified(Client(), person)
    team = UserFactory(central_team=True)
    force_login_verified(client, team)
    before = timezone.now()
    response = reset_from_the_admin(client, person)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    reset = TwoFactorReset.objects.get(user=person)
    assert reset.reset_by == team and reset.reset_at >= before
    # On the person's admin page, the record shows.
    page = client.get(f"/admin/boroughs/user/{person.pk}/change/")
    assert "Not set up" in page.text and team.get_full_name() in page.text
    # Their session from before is no longer verified: they set up again before anything else.
    assert signed_in_as_them.get("/projects/my-borough/")["Location"].startswith("/accounts/two-factor/set-up/")
    fresh = Client()
    assert password_step(fresh, person)["Location"].startswith("/accounts/two-factor/set-up/")


def test_an_editor_whose_second_factor_is_reset_must_set_it_up_again(client):
    editor = ROLES["editor"]()
    authenticator_for(editor)
    force_login_verified(client, UserFactory(central_team=True))
    reset_from_the_admin(client, editor)
    assert password_step(Client(), editor)["Location"].startswith("/accounts/two-factor/set-up/")


def test_only_a_superuser_may_reset_a_superusers_second_factor(client):
    superuser = UserFactory(central_team=True, is_superuser=True)
    authenticator_for(superuser)
    force_login_verified(client, UserFactory(central_team=True))
    reset_from_the_admin(client, superuser)
    assert TOTPDevice.objects.filter(user=superuser).exists() and not TwoFactorReset.objects.exists()


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("anonymous", "central_team")])
def test_nobody_but_the_central_team_may_reset(client_for, role, cdio):
    person, _device = cdio
    client = client_for(role)
    response = reset_from_the_admin(client, person)
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=person).exists() and not TwoFactorReset.objects.exists()


# The admin ------------------------------------------------------------------------


def test_the_admin_login_sends_people_to_the_portal_sign_in_and_both_steps(client, cdio):
    team = UserFactory(central_team=True)
    device = authenticator_for(team)
    # Anonymous visitors meet LoginRequiredMiddleware first; the admin's own login page sends them on too.
    assert client.get("/admin/projects/project/")["Location"] == "/accounts/login/?next=/admin/projects/project/"
    response = client.get("/admin/login/?next=/admin/projects/project/")
    assert response["Location"] == "/accounts/login/?next=/admin/projects/project/"
    response = password_step(client, team, next_url="/admin/projects/project/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fadmin%2Fprojects%2Fproject%2F"
    response = enter(client, code_from(device), response["Location"])
    assert response["Location"] == "/admin/projects/project/"
    assert client.get("/admin/projects/project/").status_code == 200


def test_the_admin_refuses_a_session_signed_in_with_a_password_only(cdio):
    team = UserFactory(central_team=True)
    authenticator_for(team)
    client = Client()
    client.force_login(team)  # the password step, and no code
    for url in ["/admin/", "/admin/boroughs/user/", "/admin/login/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/"), url
    # And the admin site itself says no to an unverified request, whatever runs before it.
    request = RequestFactory().get("/admin/")
    request.user = team
    team.is_verified = lambda: False
    assert not admin_site.has_permission(request)
    team.is_verified = lambda: True
    assert admin_site.has_permission(request)


def test_someone_signed_in_but_not_on_the_team_gets_403_from_the_admin_login(member_client):
    assert member_client.get("/admin/login/").status_code == 403


# Who may open the new pages -------------------------------------------------------

PAGES = ["/accounts/", "/accounts/two-factor/set-up/", "/accounts/two-factor/recovery-codes/"]


@pytest.mark.parametrize("url", PAGES + ["/accounts/two-factor/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_visitors_cannot_ask_for_recovery_codes(client):
    response = client.post("/accounts/two-factor/recovery-codes/new/")
    assert response["Location"].startswith("/accounts/login/")
    assert not StaticDevice.objects.exists()


SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("url", PAGES)
def test_every_signed_in_role_opens_its_own_account_pages(client_for, role, url):
    client = client_for(role)
    assert client.get(url).status_code == 200
    assert client.user.email in client.get("/accounts/").text


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_code_step_sends_someone_who_owes_no_code_on(client_for, role):
    response = client_for(role).get("/accounts/two-factor/?next=/okrs/")
    assert response.status_code == 302 and response["Location"] == "/okrs/"


def test_the_code_step_never_sends_people_off_site(client, cdio):
    user, device = cdio
    password_step(client, user)
    response = enter(client, code_from(device), "/accounts/two-factor/?next=https://evil.example/")
    assert response["Location"] == "/projects/my-borough/"


def test_signing_out_works_half_way_through_signing_in(client, cdio):
    user, _device = cdio
    password_step(client, user)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
