"""Votes cast at the same moment, against the real PostgreSQL: the allowance and one-vote-per-idea always hold."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from ideas import services
from ideas.models import Vote
from ideas.services import VoteRefused, idea_promote_to_project, vote_cast
from projects.models import Project
from tests.conftest import force_login_verified, load_reference_data
from tests.factories import CallFactory, IdeaFactory, UserFactory, borough

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data():
    load_reference_data()  # a transactional test starts from an emptied database


@pytest.fixture
def slow_checks(monkeypatch):
    """Widen the gap between counting a borough's votes and saving a new one, as a busy server would."""
    real = services._voting_refusal

    def slow(call, now):
        time.sleep(0.2)
        return real(call, now)

    monkeypatch.setattr(services, "_voting_refusal", slow)


def at_once(calls):
    """Run each callable in its own thread, released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # the outcome is what the test inspects
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_simultaneous_votes_never_exceed_the_boroughs_allowance(slow_checks):
    call = CallFactory(voting=True, votes_per_borough=2)
    ideas = [IdeaFactory(call=call, shortlisted=True) for _ in range(5)]
    camden = borough("camden")
    cdio, central = UserFactory(borough=camden, cdio=True), UserFactory(central_team=True)

    outcomes = at_once(
        [
            lambda idea=idea, n=n: vote_cast(idea=idea, borough=camden, by=(cdio, central)[n % 2])
            for n, idea in enumerate(ideas)
        ]
    )

    assert sum(isinstance(o, Vote) for o in outcomes) == 2
    refusals = [o for o in outcomes if isinstance(o, VoteRefused)]
    assert len(refusals) == 3
    assert all("has used all 2 of its votes" in str(r) for r in refusals)
    assert Vote.objects.filter(borough=camden).count() == 2


def test_simultaneous_votes_for_one_idea_make_one_vote(slow_checks):
    call = CallFactory(voting=True, votes_per_borough=3)
    idea = IdeaFactory(call=call, shortlisted=True, title="Cyber monitoring")
    camden = borough("camden")
    users = [UserFactory(borough=camden, cdio=True), UserFactory(central_team=True)] * 2

    outcomes = at_once([lambda user=user: vote_cast(idea=idea, borough=camden, by=user) for user in users])

    assert sum(isinstance(o, Vote) for o in outcomes) == 1
    assert all("already voted for “Cyber monitoring”" in str(o) for o in outcomes if not isinstance(o, Vote))
    assert Vote.objects.count() == 1


def test_different_boroughs_vote_at_once_without_refusing_each_other():
    call = CallFactory(voting=True, votes_per_borough=1)
    idea = IdeaFactory(call=call, shortlisted=True)
    slugs = ["camden", "hackney", "brent", "islington", "southwark", "westminster"]
    users = [UserFactory(borough=borough(slug), cdio=True) for slug in slugs]

    outcomes = at_once([lambda u=u: vote_cast(idea=idea, borough=u.borough, by=u) for u in users])

    assert all(isinstance(o, Vote) for o in outcomes), outcomes
    assert Vote.objects.filter(idea=idea).count() == 6


def test_parallel_requests_from_the_cdio_and_the_central_team_respect_the_last_vote(slow_checks):
    call = CallFactory(voting=True, votes_per_borough=1)
    first, second = (IdeaFactory(call=call, shortlisted=True) for _ in range(2))
    camden = borough("camden")
    cdio, central = Client(), Client()
    force_login_verified(cdio, UserFactory(borough=camden, cdio=True))
    force_login_verified(central, UserFactory(central_team=True))
    url = f"/ideas/calls/{call.slug}/vote/"

    outcomes = at_once(
        [
            lambda: cdio.post(url, {"idea": first.pk, "action": "cast"}).status_code,
            lambda: central.post(url, {"idea": second.pk, "borough": "camden", "action": "cast"}).status_code,
        ]
    )

    assert sorted(outcomes) == [302, 409]
    assert Vote.objects.filter(borough=camden).count() == 1


def test_promoting_an_idea_twice_at_once_makes_one_project():
    idea = IdeaFactory(call=CallFactory(closed=True), selected=True, title="Shared cyber security monitoring")
    central = UserFactory(central_team=True)

    outcomes = at_once([lambda: idea_promote_to_project(idea=idea, by=central) for _ in range(3)])

    assert Project.objects.count() == 1
    project = Project.objects.get()
    assert sorted(created for _, created in outcomes) == [False, False, True]
    assert all(p == project for p, _ in outcomes)
    idea.refresh_from_db()
    assert idea.project == project
