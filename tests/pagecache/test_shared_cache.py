"""Several app servers over one Redis (CACHE_URL=redis://...) and one PostgreSQL behave as one.

"Server A" is this test process with its caches pointed at a redis-server the
tests start on loopback (tests/servers.py); "server B" is a separate Python
process with its own settings, read from the environment as production does,
and so its own cache connections and memory. Both use the test database.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.cache import caches
from django.db import connection

from jobs.models import FormSubmission
from tests.conftest import load_reference_data
from tests.factories import TEST_PASSWORD, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_cache(redis_server, settings):
    """Server A's caches on the test Redis, as settings.py makes them from CACHE_URL; emptied first."""
    if connection.vendor != "postgresql":
        pytest.skip("two servers need a database both can reach: run with PostgreSQL (scripts/test.sh)")
    settings.CACHES = {
        "default": {"BACKEND": "loti.cache.RedisCache", "LOCATION": redis_server},
        "pages": {
            "BACKEND": "loti.cache.RedisCache",
            "LOCATION": redis_server,
            "KEY_PREFIX": "pages",
        },
    }
    caches["default"].clear()  # FLUSHDB: what earlier tests left
    load_reference_data()  # transactional tests start with empty tables
    yield redis_server
    caches["default"].clear()


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_server(redis_url, code, extra_env=None, client=True):
    """Start code in another process configured like a second app server (its settings from the environment)."""
    prelude = "import json\nimport django\ndjango.setup()\n"
    if client:  # a test client, which the test environment lets in as host "testserver", like server A's
        prelude += (
            "from django.test.utils import setup_test_environment\nsetup_test_environment()\n"
            "from django.test import Client\nclient = Client()\n"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loti.settings",
        "DATABASE_URL": database_url(),
        "CACHE_URL": redis_url,
        "PAGE_CACHE_SECONDS": "600",
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    """What the process printed last, as JSON."""
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def server_b(redis_url, code):
    return finish(start_server(redis_url, code))


FETCH = """
    response = client.get({path!r})
    print(json.dumps({{"cache": response.get("X-Page-Cache"), "status": response.status_code,
                      "content": response.content.decode()}}))
"""


def test_redis_cache_url_gives_the_portals_redis_backend_for_both_caches():
    code = "from django.conf import settings; print(json.dumps(settings.CACHES))"
    caches_b = server_b("redis://cache.internal:6379/0", code)
    assert caches_b["default"] == {
        "BACKEND": "loti.cache.RedisCache",  # Django's, sharing one client per pool
        "LOCATION": "redis://cache.internal:6379/0",
    }
    assert caches_b["pages"] == {**caches_b["default"], "KEY_PREFIX": "pages"}


def test_a_page_stored_by_one_server_is_served_by_the_other(shared_cache, client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    drawn = client.get(project.get_absolute_url())
    assert drawn["X-Page-Cache"] == "miss"
    served = server_b(shared_cache, FETCH.format(path=project.get_absolute_url()))
    assert served["cache"] == "hit"
    assert served["content"] == drawn.content.decode()


def test_a_change_made_through_one_server_retires_the_others_pages(shared_cache, client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    path = project.get_absolute_url()
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    # Server B renames it: its signals raise the generation in Redis, which A reads.
    server_b(
        shared_cache,
        f"""
        from projects.models import Project
        project = Project.objects.get(pk={project.pk})
        project.title = "Govroam everywhere"
        project.save()
        print(json.dumps(True))
        """,
    )
    after = client.get(path)
    assert after["X-Page-Cache"] == "miss"
    assert b"Govroam everywhere" in after.content
    # And the other way: a change made on A is seen by B at once.
    assert server_b(shared_cache, FETCH.format(path=path))["cache"] == "hit"
    project.refresh_from_db()
    project.title = "Eduroam too"
    project.save()
    seen = server_b(shared_cache, FETCH.format(path=path))
    assert seen["cache"] == "miss"
    assert "Eduroam too" in seen["content"]


def test_throttle_counts_are_shared_even_when_both_servers_post_at_once(shared_cache, settings):
    """The anonymous forms' hourly limit: counted in PostgreSQL under an advisory lock every server takes."""
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 10
    attempt = """
        from django.db import transaction
        from django.test import RequestFactory
        from jobs.antispam import is_throttled, record_submission
        request = RequestFactory().post("/jobs/contribute/", REMOTE_ADDR="198.51.100.7")
        accepted = 0
        for _ in range(15):
            with transaction.atomic():
                if not is_throttled(request, "contribute"):
                    record_submission(request, "contribute")
                    accepted += 1
        print(json.dumps(accepted))
    """
    # Two servers at once, fifteen tries each, from one address.
    env = {"JOBS_SUBMISSIONS_PER_IP_PER_HOUR": "10"}
    processes = [start_server(shared_cache, attempt, env, client=False) for _ in range(2)]
    accepted = [finish(process) for process in processes]
    assert sum(accepted) == 10
    assert FormSubmission.objects.filter(ip_address="198.51.100.7").count() == 10


def test_a_lockout_counted_on_one_server_holds_on_the_other(shared_cache, client):
    """Axes keeps its failure counts in the database, so every server sees them."""
    UserFactory(email="cdio@camden.example")
    for _ in range(4):
        failed = client.post("/accounts/login/", {"username": "cdio@camden.example", "password": "wrong-password"})
        assert failed.status_code == 400
    fifth = server_b(
        shared_cache,
        """
        response = client.post("/accounts/login/", {"username": "cdio@camden.example", "password": "wrong"})
        print(json.dumps(response.status_code))
        """,
    )
    assert fifth == 429

    locked = client.post("/accounts/login/", {"username": "cdio@camden.example", "password": TEST_PASSWORD})
    assert locked.status_code == 429
