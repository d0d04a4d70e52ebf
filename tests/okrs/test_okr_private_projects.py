"""A key result linked to a project that is not public yet never names it to the public."""

import pytest

from tests.factories import KeyResultFactory, ObjectiveFactory, ProjectFactory, QuarterFactory

pytestmark = pytest.mark.django_db
URL = "/okrs/year-3/q2/"
SECRET = "Confidential Procurement Pilot"


@pytest.fixture
def key_results():
    quarter = QuarterFactory(year=3, number=2)
    objective = ObjectiveFactory(quarter=quarter)
    hidden = KeyResultFactory(
        objective=objective,
        number=1,
        title="Agree a shared approach to buying",
        project=ProjectFactory(title=SECRET, slug="confidential-pilot", private=True),
    )
    shown = KeyResultFactory(
        objective=objective,
        number=2,
        title="Open the story map to every borough",
        project=ProjectFactory(title="Digital Exclusion Story Map", slug="story-map"),
    )
    return hidden, shown


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("role", ["anonymous", "member", "cdio", "other_cdio"])
def test_a_private_project_is_not_named_on_okr_pages_or_the_csv(client_for, key_results, role):
    client = client_for(role)
    for url in [URL, "/okrs/", f"{URL}1/"]:
        html = client.get(url).text
        assert SECRET not in html, url
        assert "/projects/confidential-pilot/" not in html, url
    assert "Digital Exclusion Story Map" in client.get(URL).text  # a public project still is
    assert "Digital Exclusion Story Map" in client.get(f"{URL}2/").text
    rows = csv_text(client.get(f"{URL}export.csv")).splitlines()
    assert SECRET not in "\n".join(rows)
    assert rows[1].startswith("1,") and ",Digital Exclusion Story Map," in rows[2]


def test_the_central_team_still_sees_the_private_project(central_client, key_results):
    assert SECRET in central_client.get(URL).text
    assert "/projects/confidential-pilot/" in central_client.get(f"{URL}1/").text
    assert SECRET in csv_text(central_client.get(f"{URL}export.csv"))


def test_the_admin_csv_export_keeps_the_project_for_the_central_team(central_client, key_results):
    quarter = key_results[0].quarter
    response = central_client.post("/admin/okrs/quarter/", {"action": "export_csv", "_selected_action": [quarter.pk]})
    assert SECRET in csv_text(response)
