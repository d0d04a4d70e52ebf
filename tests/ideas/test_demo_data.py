"""The demo ideas bank: a closed 2019 call whose chosen ideas became projects, and a call open today."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from boroughs.demo import load_accounts
from ideas.demo import load_ideas
from ideas.models import Call, Idea, Stage, Status, Vote
from projects.demo import load_projects
from projects.models import Project

pytestmark = pytest.mark.django_db


def load():
    users = {user.email: user for user in load_accounts()}
    load_projects(users)
    return load_ideas(users)


def test_the_2019_call_is_closed_with_its_dates_and_selected_ideas_linked_to_projects():
    load()
    call = Call.objects.get(slug="autumn-2019")
    assert call.stage() == Stage.CLOSED
    assert timezone.localtime(call.deadline_at).date() == datetime.date(2019, 9, 6)
    assert call.workshop_on == datetime.date(2019, 9, 20)
    projects = dict(call.ideas.filter(status=Status.SELECTED).values_list("title", "project__slug"))
    assert projects["Map where residents are likely to be digitally excluded"] == "digital-exclusion-story-map"
    assert projects["Shared defences against cyber attacks"] == "cyber-security-pilot"
    assert all(projects.values())
    story_map = Project.objects.get(slug="digital-exclusion-story-map")
    assert story_map.ideas.get().call == call  # found from the project, through the reverse relation


def test_the_2019_votes_respect_the_allowance_and_rank_the_story_map_first():
    load()
    call = Call.objects.get(slug="autumn-2019")
    used = Vote.objects.in_call(call).values("borough").annotate(n=Count("id")).values_list("n", flat=True)
    assert used and max(used) <= call.votes_per_borough
    assert all(vote.idea.shortlisted_at for vote in Vote.objects.in_call(call).select_related("idea"))
    first = call.ideas.on_ballot().ranked().first()
    assert first.title == "Map where residents are likely to be digitally excluded"
    assert first.rank == 1


def test_one_selected_idea_became_a_new_private_project_through_the_service():
    load()
    idea = Idea.objects.get(title="Guidance on the responsible use of artificial intelligence")
    project = idea.project
    assert project.title == idea.title
    assert not project.is_public
    assert project.lead_borough.slug == "hackney"
    assert set(project.participations.values_list("borough__slug", "role")) == {
        ("hackney", "lead"),
        ("camden", "participant"),
        ("enfield", "participant"),
    }


def test_the_open_call_is_open_today_with_a_dozen_ideas_in_different_states():
    load()
    call = Call.objects.get(slug="next-projects")
    assert call.stage() == Stage.OPEN
    assert call.deadline_at > timezone.now()
    assert call.ideas.count() == 12
    statuses = set(call.ideas.values_list("status", flat=True))
    assert statuses == {"submitted", "under_review", "shortlisted", "not_progressed", "withdrawn"}
    assert Call.objects.current().first() == call


def test_loading_twice_creates_nothing_twice():
    first = load()
    projects = Project.objects.count()
    votes = Vote.objects.count()
    second = load()
    assert len(first) == len(second) == Idea.objects.count() == 20
    assert Call.objects.count() == 2
    assert Project.objects.count() == projects
    assert Vote.objects.count() == votes
