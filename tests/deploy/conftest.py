"""The deployment on loopback: gunicorn over the test database, with Debian's nginx and redis-server.

`make test` installs nginx and redis-server when they are missing (the Makefile's
nginx and redis-server targets); only when they truly cannot be had do these
tests skip, with a warning in the summary as well as the skip.
"""

import json
import os
import secrets
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from perf import servers

ROOT = Path(__file__).resolve().parents[2]


def skip_loudly(message):
    banner = f"\n{'#' * 78}\n# SKIPPED: {message}\n{'#' * 78}"
    print(banner, file=sys.stderr)
    warnings.warn(pytest.PytestWarning(message), stacklevel=2)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres(django_db_setup):
    """The test database's settings; it exists only when a selected test is marked django_db."""
    if connection.vendor != "postgresql":
        skip_loudly("the deployment tests share one PostgreSQL between servers; run them with scripts/test.sh")
    # Never point servers at a real database: without a django_db mark there is no test database.
    assert connection.settings_dict["NAME"].startswith("test_"), "mark the test django_db"
    return connection.settings_dict


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Collected once, hashed and compressed as in the image: DEBUG=false serves only these."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "collectstatic-only", "STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return root


@pytest.fixture(scope="session")
def hashed_static_name(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return manifest["paths"]["css/loti.css"]


@pytest.fixture(scope="session")
def redis_url(redis_server):
    """The run's one redis-server (tests/servers.py), shared by the app servers these tests start."""
    return redis_server


@pytest.fixture
def empty_redis(redis_url):
    """Each test starts with nothing cached: transactional tests empty the database, not the cache."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


@pytest.fixture(scope="session")
def app_env(postgres, static_root):
    """The environment of a production-like app server over the test database."""
    db = postgres
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "loti.settings",
        "DJANGO_DEBUG": "false",
        # One key for every server, as in production: a session signed by one is valid on the other.
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "STATIC_ROOT": str(static_root),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


class Servers:
    """Starts processes for one test module and stops every one of them afterwards."""

    def __init__(self, directory):
        self.directory = directory
        self.processes = []

    def gunicorn(self, env, workers=2, worker_class="sync", new_session=False):
        """new_session: its own process group, so a test can kill the master and its workers at once."""
        port = servers.free_port()
        command = servers.gunicorn_command(port=port, workers=workers, worker_class=worker_class)
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=new_session)
        self.processes.append(process)
        servers.wait_for_health(port, process)
        process.port = port
        return process

    def nginx(self, *upstream_ports):
        if not servers.nginx_binary():
            skip_loudly("nginx is missing: `make nginx` (as root) or apt-get install nginx")
        port = servers.free_port()
        directory = self.directory / f"nginx-{port}"
        command = servers.nginx_command(
            directory=directory, port=port, upstreams=[f"127.0.0.1:{p}" for p in upstream_ports]
        )
        process = subprocess.Popen(command)
        self.processes.append(process)
        servers.wait_for_port(port, process)
        process.port = port
        return process

    def stop_all(self):
        for process in reversed(self.processes):
            servers.stop(process)


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    started = Servers(tmp_path_factory.mktemp("servers"))
    yield started
    started.stop_all()


@pytest.fixture(autouse=True)
def _production_password_hashing(_fast_password_hashing, settings):
    # The servers run the production settings, whose hashers cannot check the suite's fast MD5 hashes.
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
