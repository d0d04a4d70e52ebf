"""Workshop mode: CDIOs cast their borough's votes, the central team records votes in the room and sees tallies."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Vote
from ideas.services import VoteRefused, vote_cast
from tests.factories import CallFactory, IdeaFactory, UserFactory, VoteFactory, borough

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12


@pytest.fixture
def voting_call(db):
    return CallFactory(title="Ideas for 2027", slug="ideas-2027", voting=True, votes_per_borough=2)


@pytest.fixture
def shortlist(voting_call):
    return [
        IdeaFactory(call=voting_call, title=title, shortlisted=True)
        for title in ["Cyber monitoring", "Data ethics panel", "Shared Wi-Fi"]
    ]


def workshop_url(call):
    return f"/ideas/calls/{call.slug}/workshop/"


def vote_url(call):
    return f"/ideas/calls/{call.slug}/vote/"


def cast(client, idea, borough_slug=None, action="cast"):
    data = {"idea": idea.pk, "action": action}
    if borough_slug:
        data["borough"] = borough_slug
    return client.post(vote_url(idea.call), data)


def votes():
    return sorted((v.borough.slug, v.idea.title) for v in Vote.objects.select_related("borough", "idea"))


def vote_buttons(html):
    return re.findall(r'<button type="submit" class="govuk-button[^"]*"[^>]*>(Vote|Remove vote)<span', html)


# The page --------------------------------------------------------------------

# Everyone signed in sees the shortlist; CDIOs get vote buttons for their own borough;
# the central team chooses a borough and sees the tallies.
PAGE_MATRIX = {
    "anonymous": (302, 0, False),
    "member": (200, 0, False),
    "editor": (200, 0, False),
    "cdio": (200, 3, False),
    "other_member": (200, 0, False),
    "other_editor": (200, 0, False),
    "other_cdio": (200, 3, False),
    "central_team": (200, 3, True),  # once a borough is chosen
}


def test_workshop_page_permission_matrix(any_role_client, voting_call, shortlist):
    status, buttons, tallies = PAGE_MATRIX[any_role_client.role]
    url = workshop_url(voting_call) + ("?borough=camden" if any_role_client.role == "central_team" else "")
    response = any_role_client.get(url)
    assert response.status_code == status
    if status != 200:
        return
    html = response.text
    assert all(idea.title in html for idea in shortlist)
    assert len(vote_buttons(html)) == buttons
    assert ("Votes so far" in html) is tallies
    assert ("Record votes for" in html) is tallies
    if any_role_client.role in ("member", "editor", "other_member", "other_editor"):
        assert "Your borough’s CDIO casts its votes." in html


def test_the_page_shows_only_shortlisted_ideas(cdio_client, voting_call, shortlist):
    IdeaFactory(call=voting_call, title="Still under review", under_review=True)
    IdeaFactory(call=voting_call, title="Set aside", not_progressed=True)
    IdeaFactory(call=CallFactory(voting=True), title="Other call", shortlisted=True)
    html = cdio_client.get(workshop_url(voting_call)).text
    assert "Still under review" not in html
    assert "Set aside" not in html
    assert "Other call" not in html


def test_the_page_of_a_call_that_has_not_opened_is_404(cdio_client):
    call = CallFactory(opens_at=timezone.now() + datetime.timedelta(days=1))
    assert cdio_client.get(workshop_url(call)).status_code == 404
    assert cdio_client.get("/ideas/calls/no-such-call/workshop/").status_code == 404


def test_the_page_shows_the_boroughs_votes_and_those_left(cdio_client, voting_call, shortlist):
    VoteFactory(idea=shortlist[0], borough=borough("camden"))
    VoteFactory(idea=shortlist[1], borough=borough("hackney"))  # another borough's: not counted here
    html = cdio_client.get(workshop_url(voting_call)).text
    assert "Camden has used 1 of its 2 votes, and has 1 left." in html
    assert vote_buttons(html) == ["Remove vote", "Vote", "Vote"]
    assert "Votes so far" not in html  # CDIOs do not see other boroughs' running totals


def test_with_no_votes_left_only_remove_buttons_remain(cdio_client, voting_call, shortlist):
    VoteFactory(idea=shortlist[0], borough=borough("camden"))
    VoteFactory(idea=shortlist[2], borough=borough("camden"))
    html = cdio_client.get(workshop_url(voting_call)).text
    assert "has 0 left" in html
    assert vote_buttons(html) == ["Remove vote", "Remove vote"]


def test_before_voting_opens_the_page_shows_the_shortlist_without_buttons(cdio_client):
    call = CallFactory(reviewing=True)
    IdeaFactory(call=call, title="Early favourite", shortlisted=True)
    html = cdio_client.get(workshop_url(call)).text
    assert "Early favourite" in html
    assert "Voting opens at" in html
    assert vote_buttons(html) == []


def test_after_voting_closes_the_page_links_the_results(cdio_client):
    call = CallFactory(closed=True)
    IdeaFactory(call=call, shortlisted=True)
    html = cdio_client.get(workshop_url(call)).text
    assert "Voting closed at" in html
    assert f'href="/ideas/calls/{call.slug}/results/"' in html
    assert vote_buttons(html) == []


def test_central_team_sees_live_tallies_and_each_boroughs_votes_used(central_client, voting_call, shortlist):
    for slug in ["camden", "hackney", "brent"]:
        VoteFactory(idea=shortlist[0], borough=borough(slug))
    VoteFactory(idea=shortlist[1], borough=borough("camden"))
    html = central_client.get(workshop_url(voting_call)).text
    assert re.search(r"Cyber monitoring</a></th>.*?govuk-table__cell--numeric\">3</td>", html, re.S)
    assert re.search(r"Data ethics panel</a></th>.*?govuk-table__cell--numeric\">1</td>", html, re.S)
    assert re.search(r"Shared Wi-Fi</a></th>.*?govuk-table__cell--numeric\">0</td>", html, re.S)
    assert re.search(r">Camden</th>\s*<td[^>]*>2 of 2</td>", html)
    assert re.search(r">Brent</th>\s*<td[^>]*>1 of 2</td>", html)
    assert re.search(r">Westminster</th>\s*<td[^>]*>0 of 2</td>", html)
    assert ">Bexley</th>" not in html  # not a member, so no votes
    listed = re.findall(r'<th scope="row" class="govuk-table__header">([A-Z][\w ]+)</th>', html)
    assert listed == sorted(listed) and len(listed) == 25  # the LOTI members
    assert vote_buttons(html) == []  # no borough chosen yet
    assert "Camden (2 of 2 used)" in html


def test_central_team_with_an_unknown_borough_chosen_sees_no_buttons(central_client, voting_call, shortlist):
    html = central_client.get(workshop_url(voting_call) + "?borough=atlantis").text
    assert vote_buttons(html) == []


# Casting votes: who may ------------------------------------------------------

# Whose vote a post records: a CDIO's own borough's; the central team's chosen borough (Camden here).
VOTE_MATRIX = {
    "anonymous": (302, None),
    "member": (403, None),
    "editor": (403, None),
    "cdio": (302, "camden"),
    "other_member": (403, None),
    "other_editor": (403, None),
    "other_cdio": (302, "hackney"),
    "central_team": (302, "camden"),
}


def test_vote_permission_matrix(any_role_client, voting_call, shortlist):
    status, borough_slug = VOTE_MATRIX[any_role_client.role]
    response = cast(any_role_client, shortlist[0], "camden" if any_role_client.role == "central_team" else None)
    assert response.status_code == status
    if borough_slug:
        assert votes() == [(borough_slug, "Cyber monitoring")]
        assert Vote.objects.get().cast_by == any_role_client.user
    else:
        assert votes() == []


def test_vote_needs_a_post(cdio_client, voting_call, shortlist):
    assert cdio_client.get(vote_url(voting_call)).status_code == 405
    assert votes() == []


def test_cdio_votes_and_is_told(cdio_client, voting_call, shortlist):
    response = cast(cdio_client, shortlist[1])
    assert response["Location"] == workshop_url(voting_call)
    page = cdio_client.get(response["Location"]).text
    assert "Camden’s vote for “Data ethics panel” is recorded." in page
    assert "Camden has used 1 of its 2 votes, and has 1 left." in page
    vote = Vote.objects.get()
    assert vote.history.get().history_user == cdio_client.user


def test_a_cdio_voting_for_another_borough_gets_404(cdio_client, voting_call, shortlist):
    response = cast(cdio_client, shortlist[0], "hackney")
    assert response.status_code == 404
    assert votes() == []


def test_central_team_records_a_vote_on_a_boroughs_behalf(central_client, voting_call, shortlist):
    response = cast(central_client, shortlist[2], "hackney")
    assert response["Location"] == workshop_url(voting_call) + "?borough=hackney"
    assert votes() == [("hackney", "Shared Wi-Fi")]
    assert Vote.objects.get().cast_by == central_client.user
    page = central_client.get(response["Location"]).text
    assert "Hackney’s vote for “Shared Wi-Fi” is recorded." in page
    assert "Hackney has used 1 of its 2 votes" in page


def test_the_allowance_is_shared_by_the_cdio_and_the_central_team(cdio_client, central_client, voting_call, shortlist):
    cast(cdio_client, shortlist[0])
    cast(central_client, shortlist[1], "camden")
    response = cast(cdio_client, shortlist[2])
    assert response.status_code == 409
    assert votes() == [("camden", "Cyber monitoring"), ("camden", "Data ethics panel")]


# Casting votes: refusals -----------------------------------------------------


def assert_refused(response, status, message):
    assert response.status_code == status
    html = response.text
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert "<title>Error: Workshop voting" in html


def test_a_borough_never_exceeds_its_allowance(cdio_client, voting_call, shortlist):
    assert cast(cdio_client, shortlist[0]).status_code == 302
    assert cast(cdio_client, shortlist[1]).status_code == 302
    response = cast(cdio_client, shortlist[2])
    assert_refused(
        response, 409, "Camden has used all 2 of its votes. Remove one of them first to vote for “Shared Wi-Fi”."
    )
    assert Vote.objects.filter(borough=borough("camden")).count() == 2


def test_a_borough_cannot_vote_twice_for_one_idea(cdio_client, voting_call, shortlist):
    cast(cdio_client, shortlist[0])
    response = cast(cdio_client, shortlist[0])
    assert_refused(response, 409, "Camden has already voted for “Cyber monitoring”. Each borough votes once per idea.")
    assert Vote.objects.count() == 1


def test_voting_for_an_idea_not_on_the_shortlist_is_refused(cdio_client, voting_call):
    idea = IdeaFactory(call=voting_call, title="Not yet", under_review=True)
    response = cast(cdio_client, idea)
    assert_refused(response, 409, "“Not yet” is not on the shortlist, so it cannot be voted for.")
    assert not Vote.objects.exists()


def test_voting_before_the_window_is_refused(cdio_client):
    call = CallFactory(reviewing=True, title="Ideas for 2027")
    idea = IdeaFactory(call=call, shortlisted=True)
    response = cast(cdio_client, idea)
    assert_refused(response, 409, "Voting for Ideas for 2027 opens at")
    assert not Vote.objects.exists()


def test_voting_after_the_window_is_refused(cdio_client):
    call = CallFactory(closed=True, title="Ideas for 2019")
    idea = IdeaFactory(call=call, shortlisted=True)
    response = cast(cdio_client, idea)
    assert_refused(response, 409, "Voting for Ideas for 2019 closed at")
    assert not Vote.objects.exists()


@pytest.mark.parametrize("idea_value", ["", "abc", "999999"])
def test_an_unknown_idea_is_refused_as_bad_input(cdio_client, voting_call, shortlist, idea_value):
    response = cdio_client.post(vote_url(voting_call), {"idea": idea_value, "action": "cast"})
    assert_refused(response, 400, "Choose an idea on the shortlist")
    assert not Vote.objects.exists()


def test_an_idea_from_another_call_is_refused_as_bad_input(cdio_client, voting_call, shortlist):
    elsewhere = IdeaFactory(call=CallFactory(voting=True), shortlisted=True)
    response = cdio_client.post(vote_url(voting_call), {"idea": elsewhere.pk, "action": "cast"})
    assert_refused(response, 400, "Choose an idea on the shortlist")
    assert not Vote.objects.exists()


def test_an_unknown_action_is_refused_as_bad_input(cdio_client, voting_call, shortlist):
    response = cast(cdio_client, shortlist[0], action="stuff")
    assert_refused(response, 400, "Choose to vote or to remove a vote")
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("borough_value", "message"),
    [
        ("", "Choose the borough whose vote you are recording"),
        ("atlantis", "Choose a LOTI member borough from the list"),
        ("bexley", "Choose a LOTI member borough from the list"),  # not a LOTI member
    ],
)
def test_central_team_must_name_a_member_borough(central_client, voting_call, shortlist, borough_value, message):
    response = cast(central_client, shortlist[0], borough_value)
    assert_refused(response, 400, message)
    assert not Vote.objects.exists()


def test_markup_in_an_idea_title_is_escaped_in_refusals(cdio_client, voting_call):
    idea = IdeaFactory(call=voting_call, title="<b>Bold</b> idea", under_review=True)
    response = cast(cdio_client, idea)
    assert "&lt;b&gt;Bold&lt;/b&gt; idea" in response.text
    assert "<b>Bold</b>" not in response.text


def test_the_service_refuses_a_borough_that_is_not_a_member(voting_call, shortlist):
    with pytest.raises(VoteRefused, match="Bexley is not a LOTI member borough"):
        vote_cast(idea=shortlist[0], borough=borough("bexley"), by=UserFactory(central_team=True))


# Removing votes --------------------------------------------------------------


def test_removing_a_vote_frees_it_for_another_idea(cdio_client, voting_call, shortlist):
    cast(cdio_client, shortlist[0])
    cast(cdio_client, shortlist[1])
    response = cast(cdio_client, shortlist[0], action="remove")
    assert response.status_code == 302
    assert "Camden’s vote for “Cyber monitoring” has been removed." in cdio_client.get(response["Location"]).text
    assert cast(cdio_client, shortlist[2]).status_code == 302
    assert votes() == [("camden", "Data ethics panel"), ("camden", "Shared Wi-Fi")]
    removed = Vote.history.filter(history_type="-").get()
    assert removed.history_user == cdio_client.user


def test_removing_a_vote_that_was_never_cast_is_refused(cdio_client, voting_call, shortlist):
    VoteFactory(idea=shortlist[0], borough=borough("hackney"))
    response = cast(cdio_client, shortlist[0], action="remove")
    assert_refused(response, 409, "Camden has not voted for “Cyber monitoring”, so there is no vote to remove.")
    assert votes() == [("hackney", "Cyber monitoring")]


def test_a_cdio_removing_another_boroughs_vote_gets_404(cdio_client, voting_call, shortlist):
    VoteFactory(idea=shortlist[0], borough=borough("hackney"))
    assert cast(cdio_client, shortlist[0], "hackney", action="remove").status_code == 404
    assert votes() == [("hackney", "Cyber monitoring")]


def test_votes_cannot_be_removed_after_voting_closes(cdio_client, voting_call, shortlist):
    VoteFactory(idea=shortlist[0], borough=borough("camden"))
    voting_call.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    voting_call.save()
    response = cast(cdio_client, shortlist[0], action="remove")
    assert_refused(response, 409, "Voting for Ideas for 2027 closed at")
    assert votes() == [("camden", "Cyber monitoring")]


# Query budget ----------------------------------------------------------------


def add_shortlist_and_votes(call, count):
    members = ["camden", "hackney", "brent", "islington", "southwark", "westminster"]
    for n in range(count):
        idea = IdeaFactory(call=call, shortlisted=True, submitted_by=UserFactory(borough=borough(members[n % 6])))
        if n < 6:
            VoteFactory(idea=idea, borough=borough(members[n]))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(("role", "query"), [("cdio", ""), ("member", ""), ("central_team", "?borough=camden")])
def test_workshop_query_count_does_not_grow_with_the_shortlist(client_for, role, query):
    client = client_for(role)
    call = CallFactory(voting=True, votes_per_borough=5)
    url = workshop_url(call) + query
    client.get(url)
    add_shortlist_and_votes(call, 3)
    small, _ = count_queries(client, url)
    add_shortlist_and_votes(call, 30)
    large, response = count_queries(client, url)
    assert response.text.count('<tr class="govuk-table__row">') >= 34
    assert small == large, f"{small} queries with 3 ideas, {large} with 33"
    assert large <= QUERY_LIMIT


def test_a_past_workshop_lists_the_ballot_its_results_rank(client_for):
    call = CallFactory(closed=True)
    selected = IdeaFactory(call=call, title="Shared Wi-Fi", selected=True)
    IdeaFactory(call=call, title="Not on the ballot")
    response = client_for("member").get(workshop_url(call))
    assert selected.title in response.text
    assert "Not on the ballot" not in response.text
    assert "shortlisted yet" not in response.text
