"""The login lockout holds however the email is typed, and counts each real client, behind a proxy or not."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from boroughs.clients import attempted_username, client_address
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# The admin's login page only sends people here (tests/boroughs/test_two_factor.py).
LOGIN_PAGES = ["/accounts/login/"]


def sign_in(client, url, email, password, **extra):
    return client.post(url, {"username": email, "password": password}, **extra)


# The same account, however it is typed ----------------------------------------


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_a_locked_account_stays_locked_when_the_email_is_typed_in_another_case(client, url):
    UserFactory(email="editor@hackney.example", central_team=url.startswith("/admin/"))
    for _ in range(5):
        sign_in(client, url, "editor@hackney.example", "wrong-password")
    response = sign_in(client, url, "EditoR@Hackney.example ", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_failures_in_mixed_case_count_toward_one_lockout(client, url):
    UserFactory(email="editor@hackney.example", central_team=url.startswith("/admin/"))
    for typed in [
        "Editor@hackney.example",
        "EDITOR@HACKNEY.EXAMPLE",
        " editor@Hackney.example",
        "eDitor@hackney.example",
    ]:
        sign_in(client, url, typed, "wrong-password")
    assert sign_in(client, url, "editor@hackney.example", "wrong-password").status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["editor@hackney.example"]


def test_the_lockout_counts_the_email_trimmed_and_case_folded():
    request = RequestFactory().post("/accounts/login/", {"username": "  Editor@Hackney.EXAMPLE "})
    assert attempted_username(request, None) == "editor@hackney.example"
    assert attempted_username(request, {"username": "CDIO@Camden.example"}) == "cdio@camden.example"
    assert attempted_username(RequestFactory().post("/accounts/login/", {}), None) is None


# Client addresses ---------------------------------------------------------------


def request_from(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_a_forwarded_for_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("81.2.69.160", "8.8.8.8")) == "81.2.69.160"
    assert client_address(request_from("81.2.69.161")) == "81.2.69.161"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; anything to the left the client wrote itself.
    assert client_address(request_from("172.18.0.5", "81.2.69.160")) == "81.2.69.160"
    assert client_address(request_from("172.18.0.5", "8.8.8.8, 81.2.69.160")) == "81.2.69.160"
    assert client_address(request_from("172.18.0.5", "not-an-address, 81.2.69.160")) == "81.2.69.160"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("172.18.0.5", "8.8.8.8, 81.2.69.160, 10.0.0.7")) == "81.2.69.160"


def test_behind_a_proxy_a_missing_or_broken_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("172.18.0.5")) == "172.18.0.5"
    assert client_address(request_from("172.18.0.5", "81.2.69.160, garbage")) == "172.18.0.5"


def test_without_a_proxy_a_forged_header_cannot_escape_the_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(email="cdio@camden.example")
    for n in range(5):
        sign_in(client, "/accounts/login/", "cdio@camden.example", "wrong", HTTP_X_FORWARDED_FOR=f"8.8.8.{n}")
    response = sign_in(client, "/accounts/login/", "cdio@camden.example", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429
    # Another real address is a different client, and is not locked out.
    other = sign_in(client, "/accounts/login/", "cdio@camden.example", TEST_PASSWORD, REMOTE_ADDR="81.2.69.161")
    assert other.status_code == 302


def test_behind_a_proxy_locking_one_client_does_not_lock_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="cdio@camden.example")
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    for _ in range(5):
        sign_in(client, "/accounts/login/", "cdio@camden.example", "wrong", HTTP_X_FORWARDED_FOR="81.2.69.160", **proxy)
    # The attacker is locked out, whatever they put in front of the address nginx appended...
    locked = sign_in(
        client,
        "/accounts/login/",
        "cdio@camden.example",
        TEST_PASSWORD,
        HTTP_X_FORWARDED_FOR="1.1.1.1, 81.2.69.160",
        **proxy,
    )
    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "81.2.69.160"
    # ...and the account's owner, coming through the same proxy from elsewhere, signs in.
    owner = sign_in(
        client, "/accounts/login/", "cdio@camden.example", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="81.2.69.161", **proxy
    )
    assert owner.status_code == 302
