"""The projects list and project page keep their shared parts for signed-in people, per audience, until they change."""

import pytest

from projects.models import ProjectUpdate
from tests.factories import IdeaFactory, ParticipationFactory, ProjectFactory, UserFactory, borough
from tests.kept_pages import get, signed_in

pytestmark = pytest.mark.django_db

LIST_URL = "/projects/"


def test_the_projects_list_is_drawn_once_for_signed_in_people(client_for):
    ProjectFactory(title="Seamless Wi-Fi")
    cdio = signed_in(client_for, "cdio")
    first, second = get(cdio, LIST_URL), get(cdio, LIST_URL)
    assert "Seamless Wi-Fi" in second.text and "1 project." in second.text
    assert second.queries < first.queries
    assert second.queries <= first.queries - 4  # the filter options (2), the count and the rows are all kept
    assert "private" in second["Cache-Control"]


def test_each_audience_gets_its_own_kept_list(client_for):
    ProjectFactory(title="Seamless Wi-Fi")
    private = ProjectFactory(title="Discovery not yet public", private=True)
    ParticipationFactory(project=private, borough=borough("camden"))
    camden, hackney, central = client_for("cdio"), client_for("other_member"), client_for("central_team")
    for _ in range(2):  # drawn, then kept
        assert "Discovery not yet public" in get(camden, LIST_URL).text
        assert "Discovery not yet public" not in get(hackney, LIST_URL).text
        assert "1 project." in get(hackney, LIST_URL).text
        assert "Discovery not yet public" in get(central, LIST_URL).text
        assert "2 projects." in get(central, LIST_URL).text


def test_a_new_project_redraws_the_kept_list(client_for):
    ProjectFactory(title="Seamless Wi-Fi")
    cdio = signed_in(client_for, "cdio")
    get(cdio, LIST_URL)
    kept = get(cdio, LIST_URL)
    ProjectFactory(title="Shared cyber training")
    after = get(cdio, LIST_URL)
    assert "Shared cyber training" in after.text and "2 projects." in after.text
    assert after.queries > kept.queries


def test_each_filter_and_page_keeps_its_own_copy(client_for):
    ProjectFactory(title="Seamless Wi-Fi", phase="alpha")
    ProjectFactory(title="Shared cyber training", phase="beta")
    cdio = signed_in(client_for, "cdio")
    for _ in range(2):
        alpha = get(cdio, LIST_URL + "?phase=alpha").text
        assert "Seamless Wi-Fi" in alpha and "Shared cyber training" not in alpha
        everything = get(cdio, LIST_URL).text
        assert "Seamless Wi-Fi" in everything and "Shared cyber training" in everything
        bad = get(cdio, LIST_URL + "?phase=nope")
        assert "govuk-error-summary" in bad.text and "<title>Error: " in bad.text


def test_the_project_page_keeps_its_summary_and_updates(client_for):
    project = ProjectFactory(title="Seamless Wi-Fi", summary="Wi-Fi in every library")
    ProjectUpdate.objects.create(project=project, title="Pilot live", body="Two sites.", phase="beta", health="at_risk")
    cdio = signed_in(client_for, "cdio")
    first, second = get(cdio, project.get_absolute_url()), get(cdio, project.get_absolute_url())
    assert "Wi-Fi in every library" in second.text and "Pilot live" in second.text
    # The idea it came from and the updates are kept: the person and the project (for the follow button) remain.
    assert second.queries <= first.queries - 3


def test_a_new_update_redraws_the_kept_updates(client_for):
    project = ProjectFactory()
    cdio = signed_in(client_for, "cdio")
    get(cdio, project.get_absolute_url())
    assert "No updates yet." in get(cdio, project.get_absolute_url()).text
    author = UserFactory(first_name="Ada", last_name="Lovelace")
    ProjectUpdate.objects.create(project=project, author=author, title="Kick-off", body="We met.", phase="alpha")
    after = get(cdio, project.get_absolute_url()).text
    assert "Kick-off" in after and "by Ada Lovelace" in after and "No updates yet." not in after


def test_the_idea_a_project_began_as_is_a_link_only_for_those_signed_in(client_for, client):
    project = ProjectFactory()
    idea = IdeaFactory(title="One register of temporary accommodation", selected=True, project=project)
    member = signed_in(client_for, "member")
    for _ in range(2):  # drawn, then kept
        assert f'href="/ideas/{idea.pk}/"' in get(member, project.get_absolute_url()).text
        visitor = get(client, project.get_absolute_url()).text
        assert "One register of temporary accommodation" in visitor and f'href="/ideas/{idea.pk}/"' not in visitor
