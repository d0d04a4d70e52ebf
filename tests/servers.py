"""Servers the tests start themselves on loopback, like scripts/lib/pg.sh does PostgreSQL.

- s3_server: moto's S3-compatible server, in a thread of the test process.
- redis_server: Debian's redis-server, in a temporary folder on a free port
  (`make test` installs it when missing; without it the tests that need it
  skip, and the run ends with a banner saying so).
"""

import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest

# Servers that could not be had in this run: the terminal summary names them.
MISSING = []

S3_CREDENTIALS = {"access_key": "loti-test", "secret_key": "loti-test-secret", "region_name": "eu-west-2"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    """redis://127.0.0.1:<port>: a throwaway redis-server, removed after the run."""
    binary = shutil.which("redis-server")
    if binary is None:
        MISSING.append("redis-server (apt-get install redis-server, or `make redis` as root)")
        pytest.skip("REDIS-SERVER IS MISSING: the shared cache tests did not run (apt-get install redis-server)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="loti-redis-") as folder:
        # No persistence: a test cache is thrown away with the folder.
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                        sock.sendall(b"PING\r\n")
                        if sock.recv(16).startswith(b"+PONG"):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on 127.0.0.1:{port}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def report_missing(terminalreporter):
    if MISSING:
        terminalreporter.write_sep("#", "SERVERS MISSING: TESTS SKIPPED", red=True, bold=True)
        for server in MISSING:
            terminalreporter.write_line(f"# {server}", red=True, bold=True)
