"""The central team's review in the admin: statuses, notes and responses, bulk actions, history, promotion."""

import pytest
from django.core import mail

from ideas.models import Call, Idea, Status, Vote
from projects.models import Participation, Project
from tests.factories import CallFactory, IdeaFactory, ProjectFactory, UserFactory, VoteFactory, borough, theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/ideas/idea/"


def change_url(idea):
    return f"/admin/ideas/idea/{idea.pk}/change/"


def run_action(client, action, ideas, url=CHANGELIST):
    return client.post(url, {"action": action, "_selected_action": [i.pk for i in ideas]}, follow=True)


def admin_messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def ideas(open_call):
    submitters = [UserFactory(email=f"submitter{n}@camden.example") for n in range(3)]
    return [
        IdeaFactory(call=open_call, title=title, submitted_by=user)
        for title, user in zip(["Cyber monitoring", "Data ethics panel", "Shared Wi-Fi"], submitters, strict=True)
    ]


# Access ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "cdio", "editor"])
def test_borough_people_cannot_open_the_ideas_admin(client_for, role, ideas):
    response = client_for(role).get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_central_team_lists_and_filters_ideas(central_client, ideas, open_call):
    ideas[0].status = Status.UNDER_REVIEW
    ideas[0].save()
    response = central_client.get(CHANGELIST)
    assert response.status_code == 200
    assert all(i.title in response.text for i in ideas)
    response = central_client.get(CHANGELIST + "?status__exact=under_review")
    assert list(response.context["cl"].result_list) == [ideas[0]]
    response = central_client.get(CHANGELIST + f"?call__id__exact={open_call.pk}&q=Wi-Fi")
    assert list(response.context["cl"].result_list) == [ideas[2]]


def test_ideas_are_not_added_in_the_admin(central_client):
    assert central_client.get("/admin/ideas/idea/add/").status_code == 403


def test_votes_are_not_added_or_changed_in_the_admin(central_client):
    vote = VoteFactory(idea=IdeaFactory(call=CallFactory(voting=True), shortlisted=True))
    assert central_client.get("/admin/ideas/vote/add/").status_code == 403
    response = central_client.post(f"/admin/ideas/vote/{vote.pk}/change/", {"borough": borough("hackney").pk})
    assert Vote.objects.get().borough == borough("camden")
    assert response.status_code in (200, 403)


# Bulk actions ----------------------------------------------------------------


def test_bulk_shortlisting_changes_status_keeps_history_and_emails_each_submitter(
    central_client, ideas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(central_client, "shortlist", ideas[:2])
    assert "2 ideas marked as shortlisted; the submitters are being emailed." in admin_messages(response)
    for idea in ideas[:2]:
        idea.refresh_from_db()
        assert idea.status == Status.SHORTLISTED
        assert idea.shortlisted_at is not None
        assert idea.history.first().history_user == central_client.user
        assert idea.history.first().status == Status.SHORTLISTED
    assert Idea.objects.get(pk=ideas[2].pk).status == Status.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == ["submitter0@camden.example", "submitter1@camden.example"]
    message = next(m for m in mail.outbox if m.to == ["submitter0@camden.example"])
    assert message.subject == "Your idea “Cyber monitoring” is now shortlisted"
    assert "on the shortlist that boroughs vote on" in message.body
    assert f"/ideas/{ideas[0].pk}/" in message.body


def test_a_submitted_idea_is_reviewed_before_it_is_selected(central_client, ideas):
    response = run_action(central_client, "select", ideas[:1])
    assert "“Cyber monitoring” is submitted, so it cannot be marked as selected." in admin_messages(response)
    assert Idea.objects.get(pk=ideas[0].pk).status == Status.SUBMITTED


def test_a_bulk_action_skips_ideas_whose_status_does_not_allow_it_and_says_why(
    central_client, ideas, django_capture_on_commit_callbacks
):
    ideas[1].status = Status.WITHDRAWN
    ideas[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(central_client, "set_aside", ideas[:2])
    messages = admin_messages(response)
    assert "1 idea marked as not progressed; the submitters are being emailed." in messages
    assert "“Data ethics panel” is withdrawn, so it cannot be marked as not progressed." in messages
    assert Idea.objects.get(pk=ideas[1].pk).status == Status.WITHDRAWN
    assert [m.to for m in mail.outbox] == [["submitter0@camden.example"]]


@pytest.mark.parametrize(
    ("before", "action", "status", "sentence"),
    [
        (Status.SUBMITTED, "start_review", Status.UNDER_REVIEW, "The LOTI central team is reading it"),
        (Status.UNDER_REVIEW, "set_aside", Status.NOT_PROGRESSED, "It will not go further in this call."),
        (Status.SHORTLISTED, "select", Status.SELECTED, "Boroughs chose it."),
    ],
)
def test_each_review_action_emails_the_matching_news(
    central_client, ideas, before, action, status, sentence, django_capture_on_commit_callbacks
):
    ideas[0].status, ideas[0].shortlisted_at = before, ideas[0].submitted_at
    ideas[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        run_action(central_client, action, ideas[:1])
    assert Idea.objects.get(pk=ideas[0].pk).status == status
    (message,) = mail.outbox
    assert sentence in message.body


# The change form -------------------------------------------------------------


def form_data(idea, **changes):
    data = {
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "beneficiaries": idea.beneficiaries,
        "outcomes": idea.outcomes,
        "theme": idea.theme_id,
        "interested_boroughs": [b.pk for b in idea.interested_boroughs.all()],
        "status": idea.status,
        "review_note": idea.review_note,
        "response": idea.response,
        "project": idea.project_id or "",
        "votes-TOTAL_FORMS": "0",
        "votes-INITIAL_FORMS": "0",
        "votes-MIN_NUM_FORMS": "0",
        "votes-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_changing_the_status_on_the_form_emails_the_new_response_but_never_the_review_note(
    central_client, ideas, django_capture_on_commit_callbacks
):
    idea = ideas[0]
    data = form_data(
        idea,
        status=Status.UNDER_REVIEW,
        response="Thank you. We are talking to Hackney about this.",
        review_note="Similar to the 2019 idea; check with Eddie.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = central_client.post(change_url(idea), data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert idea.response == "Thank you. We are talking to Hackney about this."
    assert idea.review_note == "Similar to the 2019 idea; check with Eddie."
    (message,) = mail.outbox
    assert "Thank you. We are talking to Hackney about this." in message.body
    assert "check with Eddie" not in message.body
    assert idea.history.first().history_user == central_client.user


def test_saving_the_form_without_a_status_change_sends_nothing(
    central_client, ideas, django_capture_on_commit_callbacks
):
    idea = ideas[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = central_client.post(change_url(idea), form_data(idea, review_note="Read it."))
    assert response.status_code == 302
    assert mail.outbox == []
    assert Idea.objects.get(pk=idea.pk).review_note == "Read it."


def test_the_form_refuses_a_status_change_the_idea_does_not_allow(central_client, ideas):
    idea = ideas[0]
    idea.status = Status.WITHDRAWN
    idea.save()
    response = central_client.post(change_url(idea), form_data(idea, status=Status.SHORTLISTED))
    assert response.status_code == 200
    assert "An idea that is withdrawn cannot be marked as shortlisted." in response.text
    assert Idea.objects.get(pk=idea.pk).status == Status.WITHDRAWN
    assert mail.outbox == []


def test_the_form_refuses_linking_a_project_to_an_idea_that_is_not_selected(central_client, ideas):
    idea = ideas[0]
    project = ProjectFactory()
    response = central_client.post(change_url(idea), form_data(idea, project=project.pk))
    assert response.status_code == 200
    assert "Only a selected idea can be linked to a project." in response.text
    assert Idea.objects.get(pk=idea.pk).project is None


def test_the_change_form_shows_the_votes_and_the_history(central_client, ideas):
    idea = ideas[0]
    idea.status, idea.shortlisted_at = Status.SHORTLISTED, idea.submitted_at
    idea.save()
    VoteFactory(idea=idea, borough=borough("hackney"))
    html = central_client.get(change_url(idea)).text
    assert "Hackney" in html
    history = central_client.get(change_url(idea).replace("/change/", "/history/"))
    assert history.status_code == 200


# Turning an idea into a project ----------------------------------------------


@pytest.fixture
def selected_idea(db):
    call = CallFactory(title="Ideas for 2019", closed=True)
    submitter = UserFactory(borough=borough("brent"))
    return IdeaFactory(
        call=call,
        title="Map digital exclusion",
        theme=theme("digital-inclusion"),
        proposal="Put the data that predicts exclusion on one map.",
        submitted_by=submitter,
        selected=True,
        interested_boroughs=[borough("brent"), borough("barnet"), borough("southwark")],
    )


def test_promotion_creates_a_private_project_carrying_the_idea_over(central_client, selected_idea):
    response = run_action(central_client, "promote_to_project", [selected_idea])
    project = Project.objects.get()
    assert any("is now the project" in m and "It is not public yet" in m for m in admin_messages(response))
    assert project.title == "Map digital exclusion"
    assert project.slug == "map-digital-exclusion"
    assert project.theme == theme("digital-inclusion")
    assert project.summary == "Put the data that predicts exclusion on one map."
    assert "Boroughs each solve this alone." in project.description
    assert "submitted to Ideas for 2019" in project.description
    assert project.lead_borough == borough("brent")
    assert project.phase == "discovery"
    assert not project.is_public
    assert set(project.participations.values_list("borough__slug", "role")) == {
        ("brent", Participation.Role.LEAD),
        ("barnet", Participation.Role.PARTICIPANT),
        ("southwark", Participation.Role.PARTICIPANT),
    }
    selected_idea.refresh_from_db()
    assert selected_idea.project == project
    assert list(project.ideas.all()) == [selected_idea]
    assert project.history.get().history_user == central_client.user
    assert selected_idea.history.first().history_user == central_client.user


def test_promoting_twice_creates_one_project(central_client, selected_idea):
    run_action(central_client, "promote_to_project", [selected_idea])
    response = run_action(central_client, "promote_to_project", [selected_idea])
    assert Project.objects.count() == 1
    assert any("had already become" in m for m in admin_messages(response))


def test_only_selected_ideas_are_promoted(central_client, ideas):
    response = run_action(central_client, "promote_to_project", ideas[:1])
    assert not Project.objects.exists()
    assert "“Cyber monitoring” is submitted: only selected ideas become projects." in admin_messages(response)


def test_promotion_finds_a_free_slug_and_includes_the_lead_when_not_listed(central_client, selected_idea):
    ProjectFactory(slug="map-digital-exclusion")
    selected_idea.interested_boroughs.set([borough("barnet")])
    run_action(central_client, "promote_to_project", [selected_idea])
    project = Project.objects.get(ideas=selected_idea)
    assert project.slug == "map-digital-exclusion-2"
    assert set(project.participations.values_list("borough__slug", flat=True)) == {"brent", "barnet"}


def test_an_idea_from_the_central_team_becomes_a_project_led_by_loti(central_client):
    idea = IdeaFactory(call=CallFactory(closed=True), selected=True, submitted_by=UserFactory(central_team=True))
    run_action(central_client, "promote_to_project", [idea])
    project = Project.objects.get()
    assert project.lead_borough is None
    assert "idea from the LOTI central team" in project.description


def test_an_idea_that_became_a_project_keeps_its_status(central_client, selected_idea):
    run_action(central_client, "promote_to_project", [selected_idea])
    response = run_action(central_client, "set_aside", [selected_idea])
    assert "“Map digital exclusion” has become a project, so its status cannot change." in admin_messages(response)
    assert Idea.objects.get(pk=selected_idea.pk).status == Status.SELECTED


# Calls -----------------------------------------------------------------------


def test_closing_voting_early_publishes_the_results(central_client):
    call = CallFactory(voting=True)
    idea = IdeaFactory(call=call, title="Favourite", shortlisted=True)
    response = run_action(central_client, "close_voting", [call], url="/admin/ideas/call/")
    assert any("Voting closed and results published" in m for m in admin_messages(response))
    call.refresh_from_db()
    assert call.results_published()
    assert call.history.first().history_user == central_client.user
    assert "Favourite" in central_client.get(f"/ideas/calls/{call.slug}/results/").text
    assert idea.title


def test_closing_voting_on_a_call_that_is_not_voting_changes_nothing(central_client, open_call):
    deadline = open_call.voting_closes_at
    response = run_action(central_client, "close_voting", [open_call], url="/admin/ideas/call/")
    assert "None of these calls had voting open, so nothing changed." in admin_messages(response)
    assert Call.objects.get(pk=open_call.pk).voting_closes_at == deadline


def test_the_call_list_counts_ideas(central_client, open_call, ideas):
    response = central_client.get("/admin/ideas/call/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list)[0].idea_count == 3
