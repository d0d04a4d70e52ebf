"""Measure pages of a running portal: latency under concurrency, and queries per request."""

import http.client
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Timing:
    requests: int
    errors: int
    median_ms: float
    p95_ms: float
    throughput: float  # requests per second

    def as_dict(self):
        return asdict(self)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_page(host, port, path, *, cookie=None, requests=200, concurrency=4, warmup=10):
    """Send `requests` GETs at `concurrency` over keep-alive connections; return a Timing."""
    local = threading.local()
    headers = {"Host": host}
    if cookie:
        headers["Cookie"] = cookie

    def get(_):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            local.conn = None
            status = 599
        return time.perf_counter() - started, status

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(get, range(warmup)))
        started = time.perf_counter()
        results = list(pool.map(get, range(requests)))
        elapsed = time.perf_counter() - started
    latencies = [seconds * 1000 for seconds, _ in results]
    # A redirect is an error too: every benchmarked page should answer 200 itself.
    errors = sum(1 for _, status in results if status != 200)
    return Timing(
        requests=requests,
        errors=errors,
        median_ms=round(statistics.median(latencies), 2),
        p95_ms=round(percentile(latencies, 0.95), 2),
        throughput=round(requests / elapsed, 1),
    )


def force_login_verified(client, user):
    """Sign in past both steps (as tests/conftest.py does): the benchmark measures pages, not the sign-in.

    Those who must use two factors get an authenticator app and a session
    verified with it, so their pages count django-otp's device lookup as
    real sessions do.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from boroughs import two_factor

    client.force_login(user)
    session = client.session
    if two_factor.is_required_for(user):
        device = two_factor.authenticator_for(user) or TOTPDevice.objects.create(
            user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    else:
        session[two_factor.NOT_NEEDED_SESSION_KEY] = True
    session.save()


def count_queries(path, *, user=None):
    """Queries one request to `path` makes, through Django's test client."""
    client = Client(SERVER_NAME="127.0.0.1")
    if user is not None:
        force_login_verified(client, user)
        client.get("/")  # the first request after sign-in refreshes the session
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code >= 400:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(queries)
