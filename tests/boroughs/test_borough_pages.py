import pytest
from django.db import IntegrityError

from boroughs.models import Borough
from tests.factories import UserFactory, borough

pytestmark = pytest.mark.django_db


def test_migration_loads_all_33_london_local_authorities():
    codes = list(Borough.objects.order_by("gss_code").values_list("gss_code", flat=True))
    assert codes == [f"E09{n:06d}" for n in range(1, 34)]
    assert Borough.objects.get(gss_code="E09000001").name == "City of London"
    assert Borough.objects.filter(area="inner").count() == 14


def test_database_refuses_a_gss_code_outside_london():
    with pytest.raises(IntegrityError):
        Borough.objects.create(
            name="Kent", official_name="Kent County Council", slug="kent", gss_code="E10000016", area="outer"
        )


def test_list_shows_every_borough_with_gss_code_and_membership(client):
    response = client.get("/boroughs/")
    assert response.status_code == 200
    assert response.text.count('<tr class="govuk-table__row">') == 1 + 33
    assert "E09000007" in response.text
    members = Borough.objects.members().count()
    assert response.text.count(">Member</strong>") == members
    assert response.text.count(">Not a member</strong>") == 33 - members
    assert f"{members} of them are LOTI members" in response.text


@pytest.mark.parametrize("extra_users", [0, 60])
def test_list_query_count_does_not_grow_with_data(client, no_page_cache, django_assert_max_num_queries, extra_users):
    UserFactory.create_batch(extra_users, borough=borough("camden"))
    with django_assert_max_num_queries(1):
        assert client.get("/boroughs/").status_code == 200


def test_detail_shows_public_facts(client):
    response = client.get("/boroughs/camden/")
    assert response.status_code == 200
    assert "London Borough of Camden" in response.text
    assert "E09000007" in response.text
    assert "Member since 16 July 2019" in response.text


def test_detail_of_unknown_borough_is_404_in_the_site_layout(client):
    response = client.get("/boroughs/atlantis/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "LOTI Portal" in response.text


# Who sees the names of a borough's people on its page (Camden here).
TEAM_VISIBLE_TO = {
    "anonymous": False,
    "member": True,
    "editor": True,
    "cdio": True,
    "other_member": False,
    "other_editor": False,
    "other_cdio": False,
    "central_team": True,
}


def test_detail_permission_matrix_for_the_team_list(any_role_client):
    colleague = UserFactory(borough=borough("camden"), first_name="Ada", last_name="Lovelace", cdio=True)
    response = any_role_client.get("/boroughs/camden/")
    assert response.status_code == 200  # the page itself is public for every role
    shows_team = "People with portal accounts" in response.text
    assert shows_team is TEAM_VISIBLE_TO[any_role_client.role]
    assert ("Ada Lovelace" in response.text) is TEAM_VISIBLE_TO[any_role_client.role]
    assert colleague.email not in response.text  # emails are never shown


# The page's query budget, with every section filled, is in tests/loti/test_borough_page.py.


def test_detail_shows_the_boroughs_public_projects_and_commitments(client):
    from tests.factories import (
        DeliverableStatusFactory,
        MeasureContributionFactory,
        ParticipationFactory,
        ProjectFactory,
        SignatoryFactory,
    )

    camden = borough("camden")
    wifi = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=wifi, borough=camden, role="lead")
    DeliverableStatusFactory(deliverable__project=wifi, deliverable__name="GovWifi", borough=camden, state="done")
    MeasureContributionFactory(measure__name="Apprenticeship places", measure__unit="places", borough=camden, value=8)
    SignatoryFactory(agreement__title="London ISA", borough=camden, state="signed", signed_on="2025-02-03")
    secret = ProjectFactory(title="Secret project", private=True)
    ParticipationFactory(project=secret, borough=camden)

    html = client.get("/boroughs/camden/").text
    assert "Seamless Wi-Fi" in html and "Lead" in html
    assert "GovWifi" in html and "Done" in html
    assert "8 places" in html
    assert "London ISA" in html and "3 February 2025" in html
    assert "Secret project" not in html
