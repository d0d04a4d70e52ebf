"""projects.reports.project_for_page: the project page's one-query lookup agrees with visible_to() and followed_by()."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from projects.models import Follow, Project
from projects.reports import project_for_page
from tests.factories import ParticipationFactory, ProjectFactory, UserFactory, borough

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "anonymous": AnonymousUser(),
        "Camden member": UserFactory(borough=borough("camden")),
        "Camden CDIO": UserFactory(borough=borough("camden"), cdio=True),
        "Hackney editor": UserFactory(borough=borough("hackney"), editor=True),
        "central team": UserFactory(central_team=True),
    }


@pytest.fixture
def projects():
    private_camden = ProjectFactory(is_public=False, lead_borough=borough("camden"))
    ParticipationFactory(project=private_camden, borough=borough("camden"))
    return {
        "public, led by Camden": ProjectFactory(is_public=True, lead_borough=borough("camden")),
        "public, led by LOTI": ProjectFactory(is_public=True, lead_borough=None),
        "private, Camden taking part": private_camden,
        "private, nobody taking part": ProjectFactory(is_public=False),
    }


def concrete_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_it_finds_what_visible_to_finds_with_the_same_values(people, projects, django_assert_num_queries):
    for person in people.values():
        if person.is_authenticated:
            Follow.objects.create(user=person, project=projects["public, led by Camden"])
    for (who, person), (what, project) in itertools.product(people.items(), projects.items()):
        expected = (
            Project.objects.visible_to(person).with_list_data().followed_by(person).filter(slug=project.slug).first()
        )
        with django_assert_num_queries(1):
            found = project_for_page(project.slug, person)
        assert (found is None) == (expected is None), (who, what)
        if expected is None:
            continue
        assert concrete_values(found) == concrete_values(expected), (who, what)
        assert concrete_values(found.theme) == concrete_values(expected.theme)
        if expected.lead_borough is None:
            assert found.lead_borough is None
        else:
            assert concrete_values(found.lead_borough) == concrete_values(expected.lead_borough)
        assert found.is_followed is expected.is_followed, (who, what)
        assert found._state.adding is False  # saved, as the ORM reads it


def test_no_project_has_that_slug(people):
    assert project_for_page("no-such-project", people["central team"]) is None


def test_a_slug_is_matched_exactly_not_as_a_pattern(projects, people):
    slug = projects["public, led by LOTI"].slug
    assert project_for_page(slug[:-1] + "%", people["anonymous"]) is None
    assert project_for_page(slug, people["anonymous"]).slug == slug
