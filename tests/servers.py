"""Servers the tests start themselves on loopback, like scripts/lib/pg.sh does PostgreSQL.

- s3_server: moto's S3-compatible server, in a thread of the test process.
- redis_server: Debian's redis-server, in a temporary folder on a free port
  (`make test` installs it when missing; without it the tests that need it
  skip, and the run ends with a banner saying so).
"""

import subprocess
import tempfile
import uuid

import pytest

from perf import servers

# Servers that could not be had in this run: the terminal summary names them.
MISSING = []

S3_CREDENTIALS = {"access_key": "loti-test", "secret_key": "loti-test-secret", "region_name": "eu-west-2"}


@pytest.fixture(scope="session")
def s3_server():
    """The address of an S3-compatible server on 127.0.0.1 (moto's server mode)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def bucket_storage_settings(endpoint_url, bucket):
    """STORAGES["private"] for a bucket on the test server, as settings.py builds it from the environment."""
    return {
        "BACKEND": "jobs.storage.PrivateBucketStorage",
        "OPTIONS": {"bucket_name": bucket, "endpoint_url": endpoint_url, **S3_CREDENTIALS},
    }


def make_bucket(endpoint_url):
    import boto3

    name = f"loti-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=S3_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_CREDENTIALS["secret_key"],
        region_name=S3_CREDENTIALS["region_name"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": S3_CREDENTIALS["region_name"]})
    return name


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A fresh, empty bucket on the test server, made the private storage for this test."""
    bucket = make_bucket(s3_server)
    settings.STORAGES = {**settings.STORAGES, "private": bucket_storage_settings(s3_server, bucket)}
    return bucket


@pytest.fixture(scope="session")
def redis_server():
    """redis://127.0.0.1:<port>: a throwaway redis-server, removed after the run.

    Started as the load test and `make loadtest` start theirs (perf/servers.py), so
    every test that needs Redis, the deployment tests too, talks to the same kind.
    """
    if servers.redis_binary() is None:
        MISSING.append("redis-server (apt-get install redis-server, or `make redis-server` as root)")
        pytest.skip("REDIS-SERVER IS MISSING: the tests that need Redis did not run (apt-get install redis-server)")
    port = servers.free_port()
    with tempfile.TemporaryDirectory(prefix="loti-redis-") as folder:
        process = subprocess.Popen(
            servers.redis_command(directory=folder, port=port), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        try:
            servers.wait_for_port(port, process, seconds=10)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            servers.stop(process)


def report_missing(terminalreporter):
    if MISSING:
        terminalreporter.write_sep("#", "SERVERS MISSING: TESTS SKIPPED", red=True, bold=True)
        for server in MISSING:
            terminalreporter.write_line(f"# {server}", red=True, bold=True)
