"""/ideas/ and /ideas/<id>/: who sees what, the open call, past calls and their outcomes, query budgets."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import ONLY_CENTRAL_TEAM
from tests.factories import CallFactory, IdeaFactory, ProjectFactory, UserFactory, VoteFactory, borough, theme

pytestmark = pytest.mark.django_db

LIST_URL = "/ideas/"
QUERY_LIMIT = 12


def listed_titles(response):
    return re.findall(
        r'<th scope="row" class="govuk-table__header">\s*<a class="govuk-link" href="/ideas/\d+/">([^<]+)</a>',
        response.text,
    )


SIGNED_IN = {"anonymous": False} | {role: True for role in ONLY_CENTRAL_TEAM if role != "anonymous"}


# The list --------------------------------------------------------------------


def test_list_needs_sign_in_and_shows_the_open_calls_ideas_to_everyone_signed_in(any_role_client, open_call):
    IdeaFactory(call=open_call, title="Shared Wi-Fi for libraries")
    response = any_role_client.get(LIST_URL)
    if not SIGNED_IN[any_role_client.role]:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/ideas/"
        return
    assert response.status_code == 200
    assert listed_titles(response) == ["Shared Wi-Fi for libraries"]
    assert "1 idea." in response.text


def test_list_shows_what_the_call_seeks_its_deadline_and_workshop(member_client):
    deadline = timezone.make_aware(datetime.datetime(2027, 1, 15, 23, 59))
    CallFactory(
        title="Ideas for 2027",
        description="Ideas that help residents\n\nget online.",
        opens_at=timezone.now() - datetime.timedelta(days=3),
        deadline_at=deadline,
        workshop_on=datetime.date(2027, 1, 29),
        voting_opens_at=timezone.make_aware(datetime.datetime(2027, 1, 29, 10, 0)),
        voting_closes_at=timezone.make_aware(datetime.datetime(2027, 1, 29, 12, 30)),
        votes_per_borough=3,
    )
    html = member_client.get(LIST_URL).text
    assert '<h2 class="govuk-heading-l" id="current-call">Ideas for 2027</h2>' in html
    assert "<p>Ideas that help residents</p>\n\n<p>get online.</p>" in html
    assert "11:59pm on 15 January 2027" in html
    assert "Friday 29 January 2027" in html
    assert "10am to 12:30pm on 29 January 2027" in html
    assert ">Open for ideas</strong>" in html
    assert '<a class="govuk-button" data-module="govuk-button" href="/ideas/new/">Submit an idea</a>' in html


def test_list_without_a_call_says_so_and_offers_no_form(member_client):
    html = member_client.get(LIST_URL).text
    assert "There is no open call for ideas at the moment." in html
    assert "/ideas/new/" not in html
    assert "No calls have closed yet." in html


def test_list_after_the_deadline_shows_the_review_and_links_the_workshop(member_client):
    call = CallFactory(reviewing=True)
    html = member_client.get(LIST_URL).text
    assert "The deadline has passed." in html
    assert "/ideas/new/" not in html
    assert f'href="/ideas/calls/{call.slug}/workshop/"' in html


def test_list_shows_each_ideas_theme_borough_and_status(member_client, open_call):
    IdeaFactory(
        call=open_call,
        title="Data ethics panel",
        theme=theme("data-collaboration"),
        submitted_by=UserFactory(borough=borough("hackney")),
        under_review=True,
    )
    IdeaFactory(call=open_call, title="From LOTI", submitted_by=UserFactory(central_team=True))
    html = member_client.get(LIST_URL).text
    row = html.split("Data ethics panel</a>")[1].split("</tr>")[0]
    assert "Data Collaboration" in row
    assert "Hackney" in row
    assert '<strong class="govuk-tag govuk-tag--light-blue">Under review</strong>' in row
    central = html.split("From LOTI</a>")[1].split("</tr>")[0]
    assert "LOTI central team" in central


def test_list_marks_the_visitors_own_ideas(member_client, open_call):
    IdeaFactory(call=open_call, title="Mine", submitted_by=member_client.user)
    IdeaFactory(call=open_call, title="Theirs")
    html = member_client.get(LIST_URL).text
    assert "Your idea" in html.split("Mine</a>")[1].split("</tr>")[0]
    assert "Your idea" not in html.split("Theirs</a>")[1].split("</tr>")[0]


# Withdrawn ideas are the submitter's and the central team's business only.
def test_list_hides_withdrawn_ideas_except_from_their_submitter_and_the_central_team(client_for, open_call):
    submitter = client_for("member")
    IdeaFactory(call=open_call, title="Changed my mind", submitted_by=submitter.user, withdrawn=True)
    IdeaFactory(call=open_call, title="Still in")
    assert listed_titles(submitter.get(LIST_URL)) == ["Still in", "Changed my mind"]
    assert listed_titles(client_for("central_team").get(LIST_URL)) == ["Still in", "Changed my mind"]
    for role in ["editor", "cdio", "other_member", "other_cdio"]:
        response = client_for(role).get(LIST_URL)
        assert listed_titles(response) == ["Still in"]
        assert "Changed my mind" not in response.text


def test_list_only_shows_the_current_calls_ideas(member_client, open_call):
    past = CallFactory(title="Ideas for 2019", closed=True)
    IdeaFactory(call=past, title="Old idea")
    IdeaFactory(call=open_call, title="New idea")
    assert listed_titles(member_client.get(LIST_URL)) == ["New idea"]


def test_list_shows_past_calls_with_their_outcomes(member_client):
    past = CallFactory(
        title="Ideas for 2019",
        slug="ideas-2019",
        closed=True,
        deadline_at=timezone.make_aware(datetime.datetime(2019, 9, 6, 23, 59)),
        workshop_on=datetime.date(2019, 9, 20),
        opens_at=timezone.make_aware(datetime.datetime(2019, 8, 1, 9, 0)),
        voting_opens_at=timezone.make_aware(datetime.datetime(2019, 9, 20, 10, 0)),
        voting_closes_at=timezone.make_aware(datetime.datetime(2019, 9, 20, 12, 0)),
    )
    public = ProjectFactory(title="Digital Exclusion Story Map", slug="story-map")
    private = ProjectFactory(title="Quiet pilot", slug="quiet-pilot", private=True)
    IdeaFactory(call=past, title="Map digital exclusion", selected=True, project=public)
    IdeaFactory(call=past, title="Quiet idea", selected=True, project=private)
    IdeaFactory(call=past, title="Not chosen", not_progressed=True)
    IdeaFactory(call=past, title="Gone", withdrawn=True)
    html = member_client.get(LIST_URL).text
    section = html.split('id="past-calls"')[1]
    assert "Ideas for 2019" in section
    assert "Ideas closed on 6 September 2019, and boroughs voted at the workshop on 20 September 2019." in section
    assert "3 ideas submitted." in section  # the withdrawn one is not counted
    assert "Map digital exclusion</a>, now the project" in section
    assert 'href="/projects/story-map/">Digital Exclusion Story Map</a>' in section
    assert "Quiet idea</a>" in section
    assert "/projects/quiet-pilot/" not in section  # not public yet
    assert "Not chosen" not in section
    assert 'href="/ideas/calls/ideas-2019/results/"' in section


def test_list_paginates_25_ideas_a_page(member_client, open_call):
    IdeaFactory.create_batch(30, call=open_call)
    first = member_client.get(LIST_URL)
    second = member_client.get(LIST_URL + "?page=2")
    assert len(listed_titles(first)) == 25
    assert len(listed_titles(second)) == 5
    assert "30 ideas, page 1 of 2." in first.text
    assert set(listed_titles(first)).isdisjoint(listed_titles(second))


def make_ideas(call, past, count):
    boroughs = [borough(slug) for slug in ["camden", "hackney", "brent", "islington"]]
    for n in range(count):
        submitter = UserFactory(borough=boroughs[n % 4])
        IdeaFactory(call=call, submitted_by=submitter, status=["submitted", "under_review", "withdrawn"][n % 3])
        project = ProjectFactory(private=bool(n % 2))
        IdeaFactory(call=past, submitted_by=submitter, selected=True, project=project)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["member", "cdio", "central_team"])
def test_list_query_count_does_not_grow_with_the_number_of_ideas(client_for, role, no_page_cache):
    client = client_for(role)
    call = CallFactory()
    past = CallFactory(closed=True)
    client.get(LIST_URL)  # settles the session
    make_ideas(call, past, 3)
    small, _ = count_queries(client, LIST_URL)
    make_ideas(call, past, 37)
    for _ in range(3):
        CallFactory(closed=True)
    large, response = count_queries(client, LIST_URL)
    assert len(listed_titles(response)) == 25
    assert small == large, f"{small} queries with 3 ideas, {large} with 40"
    assert large <= QUERY_LIMIT


# Kept for signed-in people: the call's list is shared by those who see the same rows.


def test_a_kept_list_costs_fewer_queries_and_is_shared_by_those_who_see_the_same_rows(client_for, open_call):
    IdeaFactory(call=open_call, title="Shared Wi-Fi for libraries")
    cdio, other = client_for("cdio"), client_for("other_member")
    for client in (cdio, other):
        client.get("/accessibility/")  # settles the session
    first, _ = count_queries(cdio, LIST_URL)
    second, response = count_queries(cdio, LIST_URL)
    theirs, their_response = count_queries(other, LIST_URL)
    assert second < first and theirs < first
    assert listed_titles(response) == listed_titles(their_response) == ["Shared Wi-Fi for libraries"]


def test_a_kept_list_keeps_each_submitters_own_rows_to_them(client_for, open_call):
    submitter, other, central = client_for("member"), client_for("other_member"), client_for("central_team")
    IdeaFactory(call=open_call, title="Changed my mind", submitted_by=submitter.user, withdrawn=True)
    IdeaFactory(call=open_call, title="Mine", submitted_by=submitter.user)
    IdeaFactory(call=open_call, title="Still in")
    for _ in range(2):  # drawn, then kept
        mine = submitter.get(LIST_URL).text
        assert listed_titles(submitter.get(LIST_URL)) == ["Still in", "Mine", "Changed my mind"]
        assert mine.count("Your idea") == 2
        theirs = other.get(LIST_URL)
        assert listed_titles(theirs) == ["Still in", "Mine"]
        assert "Your idea" not in theirs.text
        central_sees = central.get(LIST_URL)
        assert listed_titles(central_sees) == ["Still in", "Mine", "Changed my mind"]
        assert "Your idea" not in central_sees.text


def test_a_new_idea_redraws_the_kept_list(member_client, open_call):
    IdeaFactory(call=open_call, title="Shared Wi-Fi for libraries")
    member_client.get(LIST_URL)
    IdeaFactory(call=open_call, title="Cyber training")
    assert "Cyber training" in listed_titles(member_client.get(LIST_URL))


def test_past_calls_count_their_ideas_but_not_the_withdrawn(member_client):
    past = CallFactory(closed=True, title="Ideas for 2019")
    IdeaFactory.create_batch(3, call=past)
    IdeaFactory(call=past, withdrawn=True)
    CallFactory(closed=True, title="Quiet call")
    html = member_client.get(LIST_URL).text
    assert "3 ideas submitted." in html.split("Ideas for 2019")[1]
    assert "0 ideas submitted." in html.split("Quiet call")[1]


# The detail page -------------------------------------------------------------


def detail_url(idea):
    return f"/ideas/{idea.pk}/"


def test_detail_shows_the_idea_to_everyone_signed_in(any_role_client, open_call):
    idea = IdeaFactory(call=open_call, title="Shared Wi-Fi for libraries", interested_boroughs=[borough("brent")])
    response = any_role_client.get(detail_url(idea))
    if not SIGNED_IN[any_role_client.role]:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next=/ideas/{idea.pk}/"
        return
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Shared Wi-Fi for libraries</h1>' in response.text
    assert "Boroughs each solve this alone." in response.text
    assert "Brent" in response.text


# A withdrawn idea: its submitter (the Camden member here) and the central team only.
SEES_WITHDRAWN = {"anonymous": 302, "member": 200, "central_team": 200} | {
    role: 404 for role in ["editor", "cdio", "other_member", "other_editor", "other_cdio"]
}


def test_detail_of_a_withdrawn_idea_permission_matrix(any_role_client, open_call):
    submitter = any_role_client.user if any_role_client.role == "member" else UserFactory()
    idea = IdeaFactory(call=open_call, submitted_by=submitter, withdrawn=True)
    response = any_role_client.get(detail_url(idea))
    assert response.status_code == SEES_WITHDRAWN[any_role_client.role]
    if response.status_code == 200:
        assert "This idea was withdrawn" in response.text


def test_detail_of_an_unknown_idea_is_404(member_client):
    assert member_client.get("/ideas/999999/").status_code == 404


def test_detail_shows_the_public_response_only_once_reviewed(member_client, open_call):
    idea = IdeaFactory(call=open_call, response="We like this; please talk to Brent.")
    assert "We like this" not in member_client.get(detail_url(idea)).text
    idea.status = "under_review"
    idea.save()
    html = member_client.get(detail_url(idea)).text
    assert "The central team’s response" in html
    assert "We like this; please talk to Brent." in html


def test_the_review_note_is_only_for_the_central_team(any_role_client, open_call):
    idea = IdeaFactory(call=open_call, under_review=True, review_note="Overlaps with the Brent pilot.")
    response = any_role_client.get(detail_url(idea))
    if not SIGNED_IN[any_role_client.role]:
        return
    assert ("Overlaps with the Brent pilot." in response.text) is ONLY_CENTRAL_TEAM[any_role_client.role]
    assert ("Review note" in response.text) is ONLY_CENTRAL_TEAM[any_role_client.role]


def test_detail_offers_change_and_withdraw_only_to_the_submitter_before_the_deadline(client_for, open_call):
    submitter = client_for("member")
    idea = IdeaFactory(call=open_call, submitted_by=submitter.user)
    html = submitter.get(detail_url(idea)).text
    assert f'href="/ideas/{idea.pk}/edit/"' in html
    assert f'href="/ideas/{idea.pk}/withdraw/"' in html
    for role in ["editor", "cdio", "central_team"]:
        assert f"/ideas/{idea.pk}/edit/" not in client_for(role).get(detail_url(idea)).text
    open_call.deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    open_call.save()
    assert f"/ideas/{idea.pk}/edit/" not in submitter.get(detail_url(idea)).text


def test_detail_links_the_project_it_became_when_the_visitor_may_see_it(client_for):
    call = CallFactory(closed=True)
    project = ProjectFactory(title="Cyber security pilot", slug="cyber-security-pilot", private=True)
    idea = IdeaFactory(call=call, selected=True, project=project)
    assert "/projects/cyber-security-pilot/" not in client_for("member").get(detail_url(idea)).text
    assert "/projects/cyber-security-pilot/" in client_for("central_team").get(detail_url(idea)).text
    project.is_public = True
    project.save()
    html = client_for("member").get(detail_url(idea)).text
    assert "Became the project</dt>" in html
    assert 'href="/projects/cyber-security-pilot/">Cyber security pilot</a>' in html


def test_detail_shows_the_votes_once_results_are_published(member_client):
    call = CallFactory(voting=True)
    idea = IdeaFactory(call=call, shortlisted=True)
    VoteFactory(idea=idea, borough=borough("camden"))
    VoteFactory(idea=idea, borough=borough("hackney"))
    assert "Votes at the workshop" not in member_client.get(detail_url(idea)).text
    call.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    html = member_client.get(detail_url(idea)).text
    assert re.search(r"Votes at the workshop</dt>\s*<dd class=\"govuk-summary-list__value\">2 ", html)


def test_the_project_page_finds_its_idea_through_the_reverse_relation():
    project = ProjectFactory()
    idea = IdeaFactory(call=CallFactory(closed=True), selected=True, project=project)
    assert list(project.ideas.all()) == [idea]
