"""projects.reports.project_updates: a project page's updates read as rows, in one query."""

import datetime

import pytest

from boroughs.models import User
from projects.reports import project_updates
from tests.factories import ProjectFactory, ProjectUpdateFactory, UserFactory, borough

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime(2026, 3, day, 9, tzinfo=datetime.UTC)


def test_the_newest_updates_come_first_each_with_its_authors_name(django_assert_num_queries):
    project = ProjectFactory()
    ada = UserFactory(first_name="Ada", last_name="Lovelace")
    gone = UserFactory(first_name="Gwen", last_name="Jones", borough=borough("camden"), role=User.Role.EDITOR)
    gone.remove_personal_data()
    lead = UserFactory(first_name="Cai", last_name="Ng", borough=borough("camden"), role=User.Role.CDIO)
    lead.remove_personal_data()
    central = UserFactory(first_name="Dee", last_name="Oh", central_team=True)
    central.remove_personal_data()
    ProjectUpdateFactory(project=project, author=ada, title="First", published_at=at(1))
    ProjectUpdateFactory(project=project, author=gone, title="Second", published_at=at(2))
    ProjectUpdateFactory(project=project, author=None, title="Third", published_at=at(3))
    ProjectUpdateFactory(project=project, author=lead, title="Fourth", published_at=at(4))
    ProjectUpdateFactory(project=project, author=central, title="Fifth", published_at=at(5))
    ProjectUpdateFactory(title="Another project's")

    with django_assert_num_queries(1):
        lines = project_updates(project)

    assert [line.title for line in lines] == ["Fifth", "Fourth", "Third", "Second", "First"]
    assert [line.author_name for line in lines] == [
        "a former member of the LOTI central team",
        "a former Camden CDIO",
        None,
        "a former Camden editor",
        "Ada Lovelace",
    ]
    for author in (ada, gone, lead, central):
        author.refresh_from_db()
        assert author.get_full_name() in {line.author_name for line in lines}
    assert lines[0].published_at == at(5)  # aware, as the ORM reads it


def test_only_the_newest_twenty_are_read():
    project = ProjectFactory()
    for day in range(1, 26):
        ProjectUpdateFactory(project=project, title=f"Day {day}", published_at=at(day))
    lines = project_updates(project)
    assert [line.title for line in lines] == [f"Day {day}" for day in range(25, 5, -1)]
    assert len(project_updates(project, limit=3)) == 3


def test_a_role_no_longer_offered_is_named_as_it_is_stored():
    assert User.former_description_of("Camden", "analyst") == "a former Camden analyst"
