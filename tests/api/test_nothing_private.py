"""Every endpoint over the demo data: nothing private in any response, whoever asks."""

import json

import pytest
from django.core.management import call_command

from boroughs.models import User
from ideas.models import Idea
from jobs.models import JobDescription, Suggestion
from okrs.models import Quarter
from projects.models import Project

pytestmark = pytest.mark.django_db

LISTS = ["boroughs", "projects", "quarters", "job-descriptions", "roles", "vacancies", "idea-calls"]


def private_strings():
    """What must never appear: people, contributors, moderation notes, and records not public."""
    found = set()
    for user in User.objects.all():
        found.add(user.email)
        if not user.listed_on_borough_page:  # a CDIO who agreed is named on the borough page
            found.add(f"{user.first_name} {user.last_name}")
    for jd in JobDescription.objects.all():
        found |= {jd.contributor_email, jd.contributor_name, jd.rejection_reason}
    found |= {jd.title for jd in JobDescription.objects.exclude(state="published")} - {
        jd.title for jd in JobDescription.objects.filter(state="published")
    }
    for suggestion in Suggestion.objects.all():
        found |= {suggestion.name, suggestion.email, suggestion.rejection_reason}
    found |= {idea.review_note for idea in Idea.objects.all()}
    # An idea selected for a project that is not public yet keeps its public title on the results.
    idea_titles = set(Idea.objects.with_public_result().values_list("title", flat=True))
    for project in Project.objects.filter(is_public=False):
        found.add(f'"{project.slug}"')
        if project.title not in idea_titles:
            found.add(project.title)
    found |= {f"/year-{q.year}/q{q.number}/" for q in Quarter.objects.filter(is_published=False)}
    return {s for s in found if s and s.strip()}


def every_response(client):
    """Every list's first page, then every record each list names, as the API client would walk it."""
    bodies = []
    for name in LISTS:
        body = client.get(f"/api/v1/{name}/").json()
        bodies.append(body)
        for row in body["results"]:
            key = row.get("slug") or row.get("id")
            if name == "quarters":
                key = f"{row['year']}/{row['number']}"
            detail = client.get(f"/api/v1/{name}/{key}/")
            assert detail.status_code == 200, (name, key)
            bodies.append(detail.json())
    return json.dumps(bodies)


@pytest.mark.parametrize("role", ["anonymous", "central_team"])
def test_no_private_field_or_record_in_any_response(settings, client_for, role):
    settings.DEBUG = True  # the demo data refuses to load otherwise
    settings.API_REQUESTS_PER_MINUTE = 0
    call_command("load_demo_data")
    settings.DEBUG = False
    assert Project.objects.filter(is_public=False).exists()
    assert JobDescription.objects.exclude(state="published").exists()
    text = every_response(client_for(role))
    leaks = sorted(s for s in private_strings() if s in text)
    assert leaks == []
    for field in ["contributor", "email", "review_note", "rejection_reason", "moderated_by", "author"]:
        assert f'"{field}' not in text, field
