"""Measure pages of a running portal: latency under concurrency, and queries per request."""

import http.client
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

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


@dataclass
class Sample:
    """Latencies of a run of requests; samples of the same page taken at different times add up."""

    latencies_ms: list = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def __add__(self, other):
        return Sample(self.latencies_ms + other.latencies_ms, self.errors + other.errors, self.seconds + other.seconds)

    def timing(self):
        if not self.latencies_ms:
            raise ValueError("no requests were timed")
        return Timing(
            requests=len(self.latencies_ms),
            errors=self.errors,
            median_ms=round(statistics.median(self.latencies_ms), 2),
            p95_ms=round(percentile(self.latencies_ms, 0.95), 2),
            throughput=round(len(self.latencies_ms) / self.seconds, 1) if self.seconds else 0.0,
        )


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def sample_page(port, path, *, cookie=None, requests=200, concurrency=4, warmup=10, max_seconds=None, min_requests=20):
    """Send up to `requests` GETs at `concurrency` over keep-alive connections; return a Sample.

    After `max_seconds` it stops early, once `min_requests` are done: a page
    drawn in 300 ms needs no 200 requests for a steady median, and
    `make bench` would otherwise take half an hour. The warm-up requests
    (not counted) fill each worker's caches: what is timed is the second
    request onward.
    """
    local = threading.local()
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    lock = threading.Lock()

    def get():
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            local.conn = None
            status = 599
        return (time.perf_counter() - started) * 1000, status

    def run(count, results, deadline):
        issued = [0]

        def worker():
            while True:
                with lock:
                    late = deadline is not None and time.perf_counter() > deadline and issued[0] >= min_requests
                    if issued[0] >= count or late:
                        return
                    issued[0] += 1
                results.append(get())

        with ThreadPoolExecutor(concurrency) as pool:
            for future in [pool.submit(worker) for _ in range(concurrency)]:
                future.result()

    run(warmup, [], None)
    results = []
    started = time.perf_counter()
    run(requests, results, started + max_seconds if max_seconds else None)
    elapsed = time.perf_counter() - started
    # A redirect is an error too: every benchmarked page should answer 200 itself.
    return Sample(
        latencies_ms=[ms for ms, _ in results],
        errors=sum(1 for _, status in results if status != 200),
        seconds=elapsed,
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
