"""Two app servers, one service: two gunicorn instances over one PostgreSQL and one Redis.

Each server is a separate gunicorn (sync workers, as the image runs them) with
the production settings (DEBUG off, the page cache on, CACHE_URL=redis://), the
same secret key and the test database. A person's browser is a requests
session: cookies do not depend on the port, so it carries the same cookies to
both, as a browser does behind a load balancer.

`make loadtest` runs this module again with TWO_SERVERS_ROUNDS=5 (more rounds
of simultaneous votes and writes) after its locust run through nginx over two
servers (scripts/loadtest.sh, SERVERS=2).
"""

import functools
import os
import re
import signal
import threading
import uuid

import pytest
import requests
from django.contrib.auth.hashers import make_password

from boroughs import two_factor
from boroughs.models import User
from ideas.models import Idea, Vote
from perf.forms import form_fields
from tests.conftest import authenticator_for, code_from, load_reference_data
from tests.factories import (
    TEST_PASSWORD,
    CallFactory,
    IdeaFactory,
    ProjectFactory,
    UserFactory,
    borough,
)

pytestmark = [pytest.mark.deploy, pytest.mark.django_db(transaction=True)]

ROUNDS = int(os.environ.get("TWO_SERVERS_ROUNDS", "1"))


@pytest.fixture(autouse=True)
def _reference_data(empty_redis):
    load_reference_data()  # a transactional test starts from an emptied database; the cache is emptied too


@functools.cache
def password_hash():
    # Hashed once, with the servers' hasher: each hash takes a good part of a second, by design.
    return make_password(TEST_PASSWORD, hasher="default")


def person(**kwargs):
    """A user who signs in with TEST_PASSWORD."""
    return UserFactory(password=password_hash(), **kwargs)  # stored as given: factory_boy does not hash overrides


@pytest.fixture(scope="module")
def shared_env(app_env, redis_url):
    return app_env | {"CACHE_URL": redis_url}


@pytest.fixture(scope="module")
def a(start, shared_env):
    return start.gunicorn(shared_env)


@pytest.fixture(scope="module")
def b(start, shared_env):
    return start.gunicorn(shared_env)


class Browser:
    """One person's browser, sending each request to whichever server it is told."""

    def __init__(self, cookies=None):
        self.session = requests.Session()
        if cookies is not None:
            self.session.cookies.update(cookies)

    def get(self, server, path):
        return self.session.get(f"http://127.0.0.1:{server.port}{path}", allow_redirects=False, timeout=30)

    def post(self, server, path, data):
        if "csrftoken" not in self.session.cookies:
            self.get(server, "/accounts/login/")  # every form page sets it
        data = {"csrfmiddlewaretoken": self.session.cookies["csrftoken"], **data}
        return self.session.post(f"http://127.0.0.1:{server.port}{path}", data=data, allow_redirects=False, timeout=30)

    def sign_in(self, server, email, password=TEST_PASSWORD):
        """Both steps, as a person does: the password, then (for those who must) the app's code."""
        user = User.objects.get(email=email)
        device = authenticator_for(user) if two_factor.is_required_for(user) else None
        answer = self.post(server, "/accounts/login/", {"username": email, "password": password})
        if device is not None and answer.headers.get("Location", "").startswith("/accounts/two-factor/"):
            answer = self.post(server, "/accounts/two-factor/", {"code": code_from(device)})
        return answer

    def twin(self):
        """The same browser in another tab: its own connection, the same cookies."""
        return Browser(self.session.cookies)


def at_once(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            outcomes[i] = call()
        except requests.exceptions.RequestException as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_a_session_made_on_one_server_works_on_the_other(a, b):
    member = person(email="member@camden.example", first_name="Ada")
    browser = Browser()

    assert browser.sign_in(a, member.email).status_code == 302
    page = browser.get(b, "/ideas/")

    assert page.status_code == 200
    assert "Sign out" in page.text
    # Signing out on B ends the session on A too: sessions live in the shared database.
    assert browser.post(b, "/accounts/logout/", {}).status_code == 302
    assert browser.get(a, "/ideas/").status_code == 302


def test_lockout_counts_failures_on_both_servers_together(a, b):
    editor = person(email="editor@camden.example", editor=True)
    browser = Browser()

    # Four failures, two on each server: neither has seen the five that lock the account.
    for server in (a, b, a, b):
        assert browser.sign_in(server, editor.email, "not-the-password").status_code in (200, 400)
    assert browser.sign_in(a, editor.email, "not-the-password").status_code == 429

    refused = browser.sign_in(b, editor.email)  # the right password, on the other server
    assert refused.status_code == 429
    assert "sessionid" not in browser.session.cookies


def test_a_change_through_one_server_reaches_the_others_public_pages_at_once(a, b):
    project = ProjectFactory(title="Shared cyber security monitoring", slug="cyber", lead_borough=borough("camden"))
    visitor, central = Browser(), Browser()
    central.sign_in(a, person(central_team=True).email)
    for _ in range(ROUNDS):
        title = f"Pilot live in six boroughs {uuid.uuid4().hex[:6]}"
        # B stores the page for signed-out visitors and serves it from Redis.
        assert visitor.get(b, "/projects/cyber/").headers["X-Page-Cache"] in ("miss", "hit")
        assert visitor.get(b, "/projects/cyber/").headers["X-Page-Cache"] == "hit"

        posted = central.post(
            a,
            "/projects/cyber/updates/new/",
            {"title": title, "body": "It works.", "phase": "beta", "health": "on_track"},
        )
        assert posted.status_code == 302, posted.text[:2000]

        # The promise with a shared cache: at once (README, Page cache), so no waiting here.
        page = visitor.get(b, "/projects/cyber/")
        assert page.headers["X-Page-Cache"] == "miss"
        assert title in page.text
    project.refresh_from_db()
    assert project.phase == "beta"


def test_the_vote_allowance_holds_with_votes_sent_to_both_servers_at_once(a, b):
    camden = borough("camden")
    cdio = Browser()
    assert cdio.sign_in(a, person(borough=camden, cdio=True).email).status_code == 302
    for _ in range(ROUNDS):
        call = CallFactory(voting=True, votes_per_borough=2)
        ideas = [IdeaFactory(call=call, shortlisted=True) for _ in range(6)]
        tabs = [cdio.twin() for _ in ideas]

        statuses = at_once(
            [
                lambda tab=tab, idea=idea, server=(a, b)[n % 2], url=f"/ideas/calls/{call.slug}/vote/": (
                    tab.post(server, url, {"idea": idea.pk, "action": "cast"}).status_code
                )
                for n, (tab, idea) in enumerate(zip(tabs, ideas, strict=True))
            ]
        )

        assert sorted(statuses) == [302, 302, 409, 409, 409, 409]
        assert Vote.objects.filter(idea__call=call, borough=camden).count() == 2


def test_nothing_acknowledged_is_lost_when_one_of_two_servers_dies_midway(start, a, shared_env):
    doomed = start.gunicorn(shared_env, new_session=True)
    nginx = start.nginx(a.port, doomed.port)
    call = CallFactory()
    member = Browser()
    assert (
        member.sign_in(a, person(email="member@hackney.example", borough=borough("hackney")).email).status_code == 302
    )
    page = member.get(a, "/ideas/new/").text
    form, theme = form_fields(page), re.search(r'name="theme"[^>]*value="(\d+)"', page).group(1)

    def submit(tab, token):
        fields = form | {
            "call": str(call.pk),
            "title": f"Idea {token}",
            "problem": "Residents wait too long.",
            "proposal": "Share one tool.",
            "beneficiaries": "Residents.",
            "outcomes": "Faster answers.",
            "theme": theme,
        }
        try:
            return token, tab.post(nginx, "/ideas/new/", fields).status_code
        except requests.exceptions.RequestException:
            return token, 0

    acknowledged, refused = [], []
    for batch in range(3 * ROUNDS):
        if batch == 1:
            # A crash while the batch is in flight: no graceful shutdown, requests cut off midway.
            threading.Timer(0.3, os.killpg, (doomed.pid, signal.SIGKILL)).start()
        tabs = [member.twin() for _ in range(6)]
        outcomes = at_once([lambda tab=tab: submit(tab, uuid.uuid4().hex[:12]) for tab in tabs])
        acknowledged += [token for token, status in outcomes if status == 302]
        refused += [token for token, status in outcomes if status != 302]

    stored = list(Idea.objects.filter(call=call).values_list("title", flat=True))
    assert len(acknowledged) >= 12, refused  # nginx sent the rest to the server left standing
    assert {f"Idea {token}" for token in acknowledged} <= set(stored)
    assert len(stored) == len(set(stored))  # none stored twice
    assert doomed.poll() is not None
