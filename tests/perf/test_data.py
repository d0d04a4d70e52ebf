"""The benchmark's data: searches that find things, roles with versions, growth that copies whole projects."""

import pytest
from django.db import connection

from jobs.models import JobDescription, Role
from perf.data import PROFESSIONS, SENIORITY, description_fields, generate, role_name
from perf.growth import copies_present, grow
from perf.pages import CDIO, CENTRAL_TEAM, portal_pages, signed_in_people
from projects.models import DeliverableStatus, Participation, Project, ProjectUpdate, Signatory

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and the growth SQL are PostgreSQL's"
)


def test_three_hundred_roles_have_three_hundred_names_and_the_first_is_a_data_analyst():
    names = {role_name(n) for n in range(len(PROFESSIONS) * len(SENIORITY))}
    assert len(names) == 300
    assert role_name(0) == "Apprentice data analyst"
    assert role_name(3 * len(PROFESSIONS) + 1) == "Data engineer"


def test_every_role_gets_published_versions_not_only_every_tenth():
    # n % 10 picked the state before: with 300 roles, every tenth role had none published.
    published = {r: 0 for r in range(300)}
    for n in range(20000):
        if description_fields(n, 300)["published"]:
            published[n % 300] += 1
    assert min(published.values()) >= 50


def test_a_search_for_data_analyst_would_match_hundreds_at_production_scale():
    matching = [
        n
        for n in range(20000)
        if description_fields(n, 300)["published"] and "data analyst" in description_fields(n, 300)["title"].lower()
    ]
    assert 300 <= len(matching) <= 1000


@pytest.fixture
def small_dataset(db):
    generate("small")


@needs_postgresql
def test_the_small_dataset_finds_job_descriptions_for_the_benchmarks_search(small_dataset):
    assert JobDescription.objects.published().search("data analyst").count() >= 5
    role = Role.objects.get(slug="bench-role-000")
    assert JobDescription.objects.published().filter(role=role).count() >= 5


@needs_postgresql
def test_growing_copies_job_descriptions_and_whole_projects_and_only_the_originals(small_dataset):
    descriptions, projects = JobDescription.objects.count(), Project.objects.count()
    participations, statuses = Participation.objects.count(), DeliverableStatus.objects.count()
    signatories, updates = Signatory.objects.count(), ProjectUpdate.objects.count()
    matches = JobDescription.objects.published().search("data analyst").count()

    grow(3)
    assert copies_present() == 3
    grow(10)  # from 3x: copies of the originals only, not of the copies

    assert JobDescription.objects.count() == 10 * descriptions
    assert Project.objects.count() == 10 * projects
    assert Participation.objects.count() == 10 * participations
    assert DeliverableStatus.objects.count() == 10 * statuses
    assert Signatory.objects.count() == 10 * signatories
    assert ProjectUpdate.objects.count() == 10 * updates
    assert JobDescription.objects.published().search("data analyst").count() == 10 * matches
    original = Project.objects.get(slug="bench-project-0001")
    copy = Project.objects.get(slug="bench-copy7-bench-project-0001")
    # Each copy's commitments belong to the copy, with a record for every borough, as the original's.
    assert copy.participations.count() == original.participations.count()
    assert DeliverableStatus.objects.filter(deliverable__project=copy).count() == (
        DeliverableStatus.objects.filter(deliverable__project=original).count()
    )
    assert {d.name for d in copy.deliverables.all()} == {d.name for d in original.deliverables.all()}


@needs_postgresql
def test_growing_to_the_size_it_has_changes_nothing(small_dataset):
    grow(3)
    count = JobDescription.objects.count()
    grow(3)
    assert JobDescription.objects.count() == count


@needs_postgresql
def test_every_benchmarked_page_answers_its_person_and_the_signed_in_people(small_dataset, client):
    from boroughs.models import User
    from perf.measure import force_login_verified

    people = signed_in_people()
    assert set(people) == {CDIO, CENTRAL_TEAM}
    central = User.objects.get(email=people[CENTRAL_TEAM])
    assert central.is_central_team and not central.is_superuser
    for page in portal_pages():
        for email in {page.user, *(people[who] for who in page.signed_in)}:
            client.logout()
            if email:
                force_login_verified(client, User.objects.get(email=email))
            response = client.get(page.path)
            assert response.status_code == 200, f"{page.name} for {email or 'a visitor'}"
