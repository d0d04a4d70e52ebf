import importlib
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import two_factor
from tests.factories import UserFactory, borough
from tests.servers import redis_server, report_missing, s3_bucket, s3_server  # noqa: F401 (fixtures)

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True, scope="session")
def tasks_run_immediately():
    """Tasks run where they are queued, so tests stay fast; tests/outbox/test_worker.py runs the real worker."""
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


# The roles every permission matrix walks: name -> how to make that user.
# "other_*" belong to a different borough (Hackney) from the object under test (Camden).
ROLES = {
    "anonymous": None,
    "member": lambda: UserFactory(borough=borough("camden")),
    "editor": lambda: UserFactory(borough=borough("camden"), editor=True),
    "cdio": lambda: UserFactory(borough=borough("camden"), cdio=True),
    "other_member": lambda: UserFactory(borough=borough("hackney")),
    "other_editor": lambda: UserFactory(borough=borough("hackney"), editor=True),
    "other_cdio": lambda: UserFactory(borough=borough("hackney"), cdio=True),
    "central_team": lambda: UserFactory(central_team=True),
}

# Tables that data migrations fill. Transactional tests (live server, threads)
# flush the database afterwards, emptying them: those tests put them back.
REFERENCE_DATA = [
    "boroughs.migrations.0002_load_london_boroughs",
    "projects.migrations.0002_load_themes",
]


def load_reference_data():
    from django.apps import apps

    for module in REFERENCE_DATA:
        importlib.import_module(module).load(apps, None)


# For permission matrices: what only the central team may see or do.
ONLY_CENTRAL_TEAM = {role: role == "central_team" for role in ROLES}


@pytest.fixture
def camden():
    return borough("camden")


@pytest.fixture
def hackney():
    return borough("hackney")


def authenticator_for(user):
    """The person's authenticator app, made for them if they have none: as if they had set one up."""
    return two_factor.authenticator_for(user) or TOTPDevice.objects.create(
        user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True
    )


def code_from(device, steps_ahead=0):
    """The 6 digits the person's app shows now (or that many 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def force_login_verified(client, user):
    """Sign a test client in as `user` past both steps, leaving the session as the real sign-in does.

    The central team and CDIOs get an authenticator app (if they have none)
    and a session verified with it; anyone else a session that owes nothing.
    Tests of the sign-in itself use the real forms instead.
    """
    client.force_login(user)
    session = client.session
    device = authenticator_for(user) if two_factor.is_required_for(user) else two_factor.authenticator_for(user)
    if device is None:
        session[two_factor.NOT_NEEDED_SESSION_KEY] = True
    else:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _client_for(role):
    client = Client()
    make = ROLES[role]
    if make is not None:
        user = make()
        force_login_verified(client, user)
        client.user = user
    else:
        client.user = None
    return client


@pytest.fixture
def client_for(db):
    """client_for("cdio") -> a test client signed in as a Camden CDIO (see ROLES)."""
    return _client_for


@pytest.fixture(params=list(ROLES))
def any_role_client(request, db):
    """Parametrises a test over every role in ROLES."""
    client = _client_for(request.param)
    client.role = request.param
    return client


@pytest.fixture
def member_client(client_for):
    return client_for("member")


@pytest.fixture
def editor_client(client_for):
    return client_for("editor")


@pytest.fixture
def cdio_client(client_for):
    return client_for("cdio")


@pytest.fixture
def central_client(client_for):
    return client_for("central_team")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _page_cache_as_in_production(settings):
    # On, as in production (development turns it off); and empty: tests roll
    # their data back, but the cache would keep its pages.
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600  # the tests' memory cache is one cache, as Redis is in production
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Query budgets count what drawing a page costs, so every request draws it (see pagecache)."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


def pytest_collection_modifyitems(config, items):
    """Only browser tests may use pytest-playwright's `page` fixture.

    A test elsewhere with a parameter named `page` asks for it without meaning to: it then runs
    among the live-server tests, after they have emptied the database, and fails with every
    test sorted after it (the boroughs the migrations made are gone).
    """
    strays = [
        item.nodeid for item in items if "page" in getattr(item, "fixturenames", ()) and "/e2e/" not in item.nodeid
    ]
    if strays:
        raise pytest.UsageError("Not browser tests, but they ask for the `page` fixture: " + ", ".join(strays[:5]))


def pytest_terminal_summary(terminalreporter):
    # A skipped server is easy to miss among dots: say so at the end, loudly.
    report_missing(terminalreporter)
