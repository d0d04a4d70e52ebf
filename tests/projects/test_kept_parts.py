"""The projects list and project page keep their shared parts for signed-in people, per audience, until they change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ParticipationFactory, ProjectFactory, borough

pytestmark = pytest.mark.django_db

LIST_URL = "/projects/"


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    response.queries = len(queries)
    return response


def signed_in(client_for, role):
    """A client past its first request, which also refreshes the session: later ones cost the same."""
    client = client_for(role)
    client.get("/accessibility/")
    return client


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
