"""The published results: public once voting closes, ranked, with the votes each idea received."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Call
from tests.factories import CallFactory, IdeaFactory, ProjectFactory, UserFactory, VoteFactory, borough

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12


def results_url(call):
    return f"/ideas/calls/{call.slug}/results/"


def ranked_rows(response):
    """(rank, title, votes) for each row of the results table, in order."""
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", response.text, re.S)[1:]
    result = []
    for row in rows:
        rank = re.search(r'<td class="govuk-table__cell">([^<]+)</td>', row).group(1).strip()
        title = re.search(r'<th scope="row" class="govuk-table__header">\s*(?:<a [^>]*>)?([^<]+)', row).group(1).strip()
        votes = re.search(r'govuk-table__cell--numeric">(\d+)</td>', row).group(1)
        result.append((rank, title, int(votes)))
    return result


@pytest.fixture
def closed_call(db):
    return CallFactory(title="Ideas for 2019", slug="ideas-2019", closed=True, votes_per_borough=3)


@pytest.fixture
def ballot(closed_call):
    """Four ideas on the ballot: 3, 2, 2 and 0 votes. Two more that never were."""
    ideas = {
        title: IdeaFactory(call=closed_call, title=title, submitted_by=UserFactory(borough=borough(slug)), **state)
        for title, slug, state in [
            ("Digital exclusion map", "brent", {"selected": True}),
            ("Cyber security pilot", "camden", {"selected": True}),
            ("Shared data ethics panel", "hackney", {"shortlisted": True}),
            ("Libraries Wi-Fi", "islington", {"shortlisted": True}),
        ]
    }
    for title, slugs in [
        ("Digital exclusion map", ["brent", "camden", "hackney"]),
        ("Cyber security pilot", ["camden", "westminster"]),
        ("Shared data ethics panel", ["hackney", "brent"]),
    ]:
        for slug in slugs:
            VoteFactory(idea=ideas[title], borough=borough(slug))
    # Moved on after the vote: still part of the results.
    ideas["Libraries Wi-Fi"].status = "not_progressed"
    ideas["Libraries Wi-Fi"].save()
    IdeaFactory(call=closed_call, title="Never shortlisted", not_progressed=True)
    IdeaFactory(call=closed_call, title="Withdrawn early", withdrawn=True)
    return ideas


def test_published_results_are_public(any_role_client, ballot, closed_call):
    response = any_role_client.get(results_url(closed_call))
    assert response.status_code == 200
    assert ranked_rows(response) == [
        ("1", "Digital exclusion map", 3),
        ("Joint 2", "Cyber security pilot", 2),
        ("Joint 2", "Shared data ethics panel", 2),
        ("4", "Libraries Wi-Fi", 0),
    ]
    assert "Never shortlisted" not in response.text
    assert "Withdrawn early" not in response.text
    assert "4 boroughs cast 7 votes for 4 shortlisted ideas." in response.text


def test_results_show_each_ideas_outcome(client, ballot, closed_call):
    html = client.get(results_url(closed_call)).text
    assert re.search(r"Digital exclusion map.*?govuk-tag--green\">Selected</strong>", html, re.S)
    assert re.search(r"Libraries Wi-Fi.*?govuk-tag--grey\">Not progressed</strong>", html, re.S)
    assert re.search(r"Shared data ethics panel.*?>To be decided</strong>", html, re.S)


def test_results_name_the_voting_boroughs_and_link_ideas_only_for_signed_in_people(
    client, member_client, ballot, closed_call
):
    public = client.get(results_url(closed_call)).text
    assert "Votes from" not in public
    assert f'href="/ideas/{ballot["Digital exclusion map"].pk}/"' not in public
    assert 'class="govuk-breadcrumbs"' not in public  # its parent page needs signing in
    member = member_client.get(results_url(closed_call)).text
    assert "Votes from Brent, Camden, Hackney" in member
    assert f'href="/ideas/{ballot["Digital exclusion map"].pk}/"' in member


def test_results_link_public_projects_only(client, central_client, ballot, closed_call):
    idea = ballot["Cyber security pilot"]
    idea.project = ProjectFactory(title="Cyber security pilot", slug="cyber-security-pilot", private=True)
    idea.save()
    assert "/projects/cyber-security-pilot/" not in client.get(results_url(closed_call)).text
    assert "/projects/cyber-security-pilot/" in central_client.get(results_url(closed_call)).text
    idea.project.is_public = True
    idea.project.save()
    assert (
        'Now <a class="govuk-link" href="/projects/cyber-security-pilot/">' in client.get(results_url(closed_call)).text
    )


def test_results_are_not_published_while_voting_is_open(client_for):
    call = CallFactory(voting=True)
    idea = IdeaFactory(call=call, title="Secret favourite", shortlisted=True)
    VoteFactory(idea=idea)
    for role in ["anonymous", "member", "cdio", "central_team"]:
        response = client_for(role).get(results_url(call))
        assert response.status_code == 200
        assert "The results are published when voting closes" in response.text
        assert "Secret favourite" not in response.text
    assert f'href="/ideas/calls/{call.slug}/workshop/"' in client_for("central_team").get(results_url(call)).text
    assert f"/ideas/calls/{call.slug}/workshop/" not in client_for("cdio").get(results_url(call)).text


def test_results_appear_the_moment_voting_closes(client):
    call = CallFactory(voting=True)
    IdeaFactory(call=call, title="Favourite", shortlisted=True)
    call.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    assert ranked_rows(client.get(results_url(call))) == [("1", "Favourite", 0)]


def test_results_of_a_call_with_no_shortlist_say_so(client, closed_call):
    IdeaFactory(call=closed_call, not_progressed=True)
    html = client.get(results_url(closed_call)).text
    assert "No ideas were shortlisted in this call." in html


def test_results_of_an_unknown_or_unopened_call_are_404(client):
    call = CallFactory(opens_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(results_url(call)).status_code == 404
    assert client.get("/ideas/calls/nope/results/").status_code == 404


def test_markup_in_titles_is_escaped(client, closed_call):
    IdeaFactory(call=closed_call, title="<script>alert(1)</script>", shortlisted=True)
    html = client.get(results_url(closed_call)).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def add_ballot(call, count):
    slugs = ["camden", "hackney", "brent", "islington", "southwark", "westminster"]
    for n in range(count):
        idea = IdeaFactory(call=call, shortlisted=True, submitted_by=UserFactory(borough=borough(slugs[n % 6])))
        for slug in slugs[: n % 4]:
            VoteFactory(idea=idea, borough=borough(slug))
        if n % 3 == 0:
            idea.status = "selected"
            idea.project = ProjectFactory(private=bool(n % 2))
            idea.save()


@pytest.mark.parametrize("role", ["anonymous", "member", "central_team"])
def test_results_query_count_does_not_grow_with_the_ballot(client_for, role, no_page_cache):
    client = client_for(role)
    call = CallFactory(closed=True, votes_per_borough=20)
    client.get(results_url(call))
    add_ballot(call, 3)
    with CaptureQueriesContext(connection) as small:
        client.get(results_url(call))
    add_ballot(call, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(results_url(call))
    assert len(ranked_rows(response)) == 33
    assert len(small) == len(large), f"{len(small)} queries with 3 ideas, {len(large)} with 33"
    assert len(large) <= QUERY_LIMIT


def test_results_rank_as_the_ranked_queryset_does(client, closed_call):
    add_ballot(closed_call, 12)
    expected = [
        (f"Joint {idea.rank}" if tied else str(idea.rank), idea.title, idea.vote_count)
        for ideas in [list(closed_call.ideas.on_ballot().ranked())]
        for idea in ideas
        for tied in [sum(other.rank == idea.rank for other in ideas) > 1]
    ]
    assert ranked_rows(client.get(results_url(closed_call))) == expected


# Kept for signed-in people: the same table for everyone signed in, the central team's own.


def settled(client):
    client.get("/accessibility/")  # the first request after signing in also refreshes the session
    return client


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_kept_results_cost_fewer_queries_and_serve_every_member(client_for, ballot, closed_call):
    cdio, member = settled(client_for("cdio")), settled(client_for("other_member"))
    first, _ = queries(cdio, results_url(closed_call))
    second, response = queries(cdio, results_url(closed_call))
    theirs, their_response = queries(member, results_url(closed_call))
    assert second < first and theirs < first
    visitor = client_for("anonymous").get(results_url(closed_call))
    assert ranked_rows(response) == ranked_rows(their_response) == ranked_rows(visitor)
    assert "Votes from Brent, Camden, Hackney" in their_response.text


def test_kept_results_name_a_project_not_public_yet_only_to_the_central_team(client_for, ballot, closed_call):
    idea = ballot["Cyber security pilot"]
    idea.project = ProjectFactory(title="Quiet pilot", private=True)
    idea.save()
    member, central = client_for("member"), client_for("central_team")
    for _ in range(2):  # drawn, then kept
        assert "Quiet pilot" not in member.get(results_url(closed_call)).text
        assert "Quiet pilot" in central.get(results_url(closed_call)).text


def test_a_vote_after_the_results_were_kept_redraws_them(client_for, ballot, closed_call):
    member = client_for("member")
    member.get(results_url(closed_call))
    VoteFactory(idea=ballot["Libraries Wi-Fi"], borough=borough("islington"))
    assert ranked_rows(member.get(results_url(closed_call)))[-1] == ("4", "Libraries Wi-Fi", 1)


def test_results_kept_before_voting_closed_are_not_shown_after(client_for):
    call = CallFactory(voting=True, votes_per_borough=3)
    idea = IdeaFactory(call=call, title="Shared cyber training", shortlisted=True)
    VoteFactory(idea=idea, borough=borough("camden"))
    member = client_for("member")
    assert "The results are published when voting closes" in member.get(results_url(call)).text
    # A write that sends no signal: only the stage, in the key, tells the kept copy apart.
    Call.objects.filter(pk=call.pk).update(voting_closes_at=timezone.now() - datetime.timedelta(seconds=1))
    assert ranked_rows(member.get(results_url(call))) == [("1", "Shared cyber training", 1)]
