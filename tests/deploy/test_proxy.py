"""nginx in front of gunicorn, with the deployment's own site file (deploy/nginx/loti.conf), on loopback.

The slow-loris contrast: gunicorn's sync workers serve one connection each
from its first byte, so two clients sending a header line a second stop a
two-worker server answering /healthz at all; through nginx, which reads
whole requests before passing them on, the same clients tie up nothing.
Every slow client is bounded: a few connections, a line a second, closed by
the test or cut off by nginx.
"""

import gzip
import http.client
import socket
import threading
import time

import pytest
import requests

pytestmark = [
    pytest.mark.deploy,  # starts real servers; make test-fast skips it
    # The servers use the test database, which pytest-django creates only for tests marked as needing it.
    pytest.mark.django_db,
]

# A health check slower than this counts as unanswered: it normally takes a few milliseconds.
PATIENCE = 3


class SlowClient:
    """Opens a request and sends one header line a second, never finishing it, until stopped or cut off."""

    def __init__(self, port, most_lines=30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self.cut_off_after = None
        self._stopped = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._dribble, args=(most_lines,), daemon=True)
        self._thread.start()

    def _dribble(self, most_lines):
        for n in range(most_lines):
            if self._stopped.wait(1):
                return
            try:
                self.sock.sendall(f"X-Slow-{n}: still typing\r\n".encode())
                self.sock.setblocking(False)
                try:
                    if self.sock.recv(1024, socket.MSG_PEEK) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass  # nothing to read: still connected, still waiting
                else:
                    raise ConnectionResetError  # the server answered (408) instead of waiting
                finally:
                    self.sock.setblocking(True)
            except OSError:
                self.cut_off_after = time.monotonic() - self._started
                return

    @property
    def connected(self):
        return self._thread.is_alive()

    def close(self):
        self._stopped.set()
        self._thread.join(5)
        self.sock.close()


def health(port):
    """Seconds /healthz took to answer 200, or None when it did not answer within PATIENCE."""
    started = time.monotonic()
    try:
        response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=PATIENCE)
    except requests.exceptions.RequestException:
        return None
    assert response.status_code == 200, response.text
    return time.monotonic() - started


@pytest.fixture(scope="module")
def gunicorn(start, app_env):
    # As the image runs it: sync workers, behind one proxy. Two workers, so two slow clients are enough.
    return start.gunicorn(app_env | {"DJANGO_BEHIND_PROXY": "true", "DJANGO_PROXY_COUNT": "1"}, workers=2)


@pytest.fixture(scope="module")
def nginx(start, gunicorn):
    return start.nginx(gunicorn.port)


@pytest.fixture
def slow_clients():
    opened = []

    def open_slow(port, count):
        opened.extend(SlowClient(port) for _ in range(count))
        time.sleep(0.5)  # each accepted before the health check is sent
        return opened

    yield open_slow
    for client in opened:
        client.close()


def test_two_slow_clients_stop_gunicorn_alone_answering_its_health_check(gunicorn, slow_clients):
    assert health(gunicorn.port) is not None

    clients = slow_clients(gunicorn.port, 2)

    assert health(gunicorn.port) is None
    assert all(client.connected for client in clients)
    for client in clients:
        client.close()
    assert health(gunicorn.port) is not None  # it was the slow clients, nothing else


def test_through_nginx_slow_clients_tie_up_no_gunicorn_worker_and_are_cut_off(nginx, slow_clients):
    clients = slow_clients(nginx.port, 3)

    timings = []
    for _ in range(4):
        timings.append(health(nginx.port))
        time.sleep(1)

    assert None not in timings, timings
    assert max(timings) < 1, timings
    assert all(client.connected for client in clients)  # still sending, and still harmless
    # client_header_timeout (10 s): the whole header must arrive in time, however steadily it drips.
    deadline = time.monotonic() + 15
    while any(client.connected for client in clients) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert all(client.cut_off_after is not None and 8 < client.cut_off_after < 15 for client in clients), [
        client.cut_off_after for client in clients
    ]


def test_nginx_refuses_a_body_over_6_mb_before_gunicorn_sees_it(nginx):
    too_big = requests.post(f"http://127.0.0.1:{nginx.port}/jobs/contribute/", data=b"x" * (7 * 1024 * 1024))
    within = requests.post(f"http://127.0.0.1:{nginx.port}/jobs/contribute/", data=b"x" * (5 * 1024 * 1024))

    assert too_big.status_code == 413
    assert within.status_code == 403  # Django's answer (no CSRF token): it reached the portal


def test_pages_reach_the_visitor_through_nginx_gzipped_by_the_portal(nginx):
    response = requests.get(f"http://127.0.0.1:{nginx.port}/", headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = response.raw.read(decode_content=False)

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    page = gzip.decompress(raw)  # compressed once: nginx's gzip is off, so not twice
    assert b"LOTI" in page
    assert len(raw) * 3 < len(page)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_hashed_static_files_are_cached_for_a_year_and_sent_compressed(nginx, hashed_static_name, encoding):
    response = requests.get(
        f"http://127.0.0.1:{nginx.port}/static/{hashed_static_name}",
        headers={"Accept-Encoding": f"{encoding}, identity"},
        stream=True,
    )

    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.django_db(transaction=True)
def test_the_portal_sees_the_client_address_nginx_passes_on_not_a_forged_one(nginx):
    from axes.models import AccessAttempt

    # Loopback is a whole /8: the client at 127.0.0.2, nginx reaching gunicorn from 127.0.0.1.
    conn = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10, source_address=("127.0.0.2", 0))
    session = requests.Session()
    form = session.get(f"http://127.0.0.1:{nginx.port}/accounts/login/")
    token = form.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = f"csrfmiddlewaretoken={token}&username=someone%40camden.example&password=wrong-password-1"
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={session.cookies['csrftoken']}",
            "X-Forwarded-For": "203.0.113.9",  # the client's own claim, which nginx appends to
        },
    )
    assert conn.getresponse().status in (200, 400)  # the form again, with its error

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.2"]
