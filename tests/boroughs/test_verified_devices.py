"""With a shared cache a signed-in request looks up neither its session nor its device, and still:
a reset of the second factor, a deactivation or a new password takes effect at once."""

import copy

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import two_factor, verified_devices
from tests.conftest import ROLES, authenticator_for, force_login_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/projects/my-borough/"  # signed-in people only, and it checks their second factor


@pytest.fixture
def shared(settings):
    """As in production with Redis: the tests' memory cache is one cache for the whole process."""
    settings.CACHE_IS_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cdio():
    user = ROLES["cdio"]()
    return user, authenticator_for(user)


def queries_for(client, path=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries]


def test_a_verified_request_asks_the_database_only_for_the_person(shared, cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    client.get("/accessibility/")  # the first request after sign-in refreshes the session
    response, sql = queries_for(client, "/accessibility/")
    assert response.status_code == 200
    assert not [q for q in sql if "django_session" in q or "otp_" in q], sql
    assert len([q for q in sql if '"boroughs_user"' in q]) == 1


def test_without_a_shared_cache_each_request_looks_the_device_up(cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    client.get("/accessibility/")
    _, sql = queries_for(client, "/accessibility/")
    assert [q for q in sql if "otp_totp_totpdevice" in q]


def test_a_reset_takes_effect_at_once(shared, cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    for _ in range(2):  # remembered
        assert client.get(PAGE).status_code == 200
    two_factor.two_factor_reset(user=user, by=UserFactory(central_team=True))
    assert client.get(PAGE)["Location"].startswith("/accounts/two-factor/set-up/")


def test_a_reset_from_the_admin_takes_effect_at_once(shared, cdio, client):
    person, _ = cdio
    theirs = force_login_verified(Client(), person)
    assert theirs.get(PAGE).status_code == 200
    force_login_verified(client, UserFactory(central_team=True))
    client.post("/admin/boroughs/user/", {"action": "reset_two_factor", "_selected_action": [person.pk]})
    assert theirs.get(PAGE)["Location"].startswith("/accounts/two-factor/set-up/")


def test_a_deactivated_person_is_signed_out_at_once(shared, cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    assert client.get(PAGE).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")


def test_a_new_password_ends_other_sessions_at_once(shared, cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    assert client.get(PAGE).status_code == 200
    user.set_password("a whole new passphrase")
    user.save()
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")


def test_signing_out_ends_the_session_in_the_cache_too(shared, cdio):
    user, _ = cdio
    client = force_login_verified(Client(), user)
    assert client.get(PAGE).status_code == 200
    stolen = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get(PAGE)["Location"].startswith("/accounts/login/")


def test_a_device_revoked_while_a_request_reads_it_is_not_remembered(shared, cdio):
    user, device = cdio
    verified_devices.revoke(device.persistent_id)  # as a reset does, between the read and the remembering
    assert verified_devices.verified_device(device.persistent_id, user) == device  # from the database
    assert verified_devices.cache().get(verified_devices.key(device.persistent_id)) == verified_devices.REVOKED
    device.delete()
    assert verified_devices.verified_device(device.persistent_id, user) is None


def test_someone_elses_device_never_verifies_a_session(shared, cdio):
    owner, device = cdio
    assert verified_devices.verified_device(device.persistent_id, owner) is not None  # remembered for the owner
    intruder = ROLES["other_cdio"]()
    client = force_login_verified(Client(), intruder)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.get(PAGE)
    assert response["Location"].startswith("/accounts/two-factor/")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_remembered_device_is_loaded_if_anything_asks_more_of_it(shared, cdio):
    user, device = cdio
    verified_devices.verified_device(device.persistent_id, user)
    remembered = verified_devices.verified_device(device.persistent_id, user)
    assert isinstance(remembered, verified_devices.RememberedDevice)
    assert remembered.name == device.name and remembered.confirmed
    assert isinstance(remembered.device, TOTPDevice)
    assert copy.copy(remembered).persistent_id == device.persistent_id
