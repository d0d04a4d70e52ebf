"""The central team edits OKRs in the admin; nobody else can."""

from datetime import date

import pytest

from okrs.models import CheckIn, KeyResult, Quarter
from tests.factories import CheckInFactory, KeyResultFactory, ObjectiveFactory, QuarterFactory, theme

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/okrs/quarter/",
    "/admin/okrs/quarter/add/",
    "/admin/okrs/keyresult/",
    "/admin/okrs/objective/",
    "/admin/okrs/checkin/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_only_the_central_team_opens_the_okr_admin(any_role_client, path):
    QuarterFactory()
    response = any_role_client.get(path)
    if any_role_client.role == "central_team":
        assert response.status_code == 200
    else:
        # Anonymous visitors meet the site's sign-in; borough people the admin's refusal.
        assert response.status_code == 302
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))


@pytest.mark.parametrize(
    "query", ["quarter__id__exact=1", "objective__theme__id__exact=1", "status__exact=done", "q=network"]
)
def test_key_result_list_filters_and_search(central_client, query):
    KeyResultFactory(title="Launch the network", status="done")
    assert central_client.get(f"/admin/okrs/keyresult/?{query}").status_code == 200


def key_result_form(kr, **changes):
    data = {
        "quarter": kr.quarter_id,
        "objective": kr.objective_id,
        "order": kr.order,
        "title": kr.title,
        "description": kr.description,
        "status": kr.status,
        "target": kr.target,
        "unit": kr.unit,
        "measure": "",
        "lead_borough": "",
        "project": "",
        "link": "",
        "rolled_from": "",
        "check_ins-TOTAL_FORMS": "0",
        "check_ins-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_edit_of_a_key_result_shows_on_the_public_page(central_client, client):
    kr = KeyResultFactory(number=1, title="Publish the guide", status="on_track")
    response = central_client.post(f"/admin/okrs/keyresult/{kr.pk}/change/", key_result_form(kr, status="done"))
    assert response.status_code == 302
    assert "Done" in client.get("/okrs/year-3/q2/1/").text
    assert kr.history.first().history_user == central_client.user


def test_admin_check_in_over_the_target_is_refused(central_client):
    kr = KeyResultFactory(number=1, target=10, unit="videos")
    data = key_result_form(
        kr,
        **{
            "check_ins-TOTAL_FORMS": "1",
            "check_ins-0-checked_on": "2021-11-05",
            "check_ins-0-value": "11",
            "check_ins-0-confidence": "high",
            "check_ins-0-comment": "",
        },
    )
    response = central_client.post(f"/admin/okrs/keyresult/{kr.pk}/change/", data)
    assert response.status_code == 200
    assert "Enter a value from 0 to the target, 10." in response.text
    assert not CheckIn.objects.exists()


def test_admin_check_in_records_its_author(central_client):
    kr = KeyResultFactory(number=1, target=10)
    data = key_result_form(
        kr,
        **{
            "check_ins-TOTAL_FORMS": "1",
            "check_ins-0-checked_on": "2021-11-05",
            "check_ins-0-value": "4",
            "check_ins-0-confidence": "high",
            "check_ins-0-comment": "Good start",
        },
    )
    assert central_client.post(f"/admin/okrs/keyresult/{kr.pk}/change/", data).status_code == 302
    assert CheckIn.objects.get().author == central_client.user


def test_admin_refuses_an_overlapping_quarter(central_client):
    QuarterFactory(year=3, number=2)
    data = {
        "year": "3",
        "number": "3",
        "starts_on": "2022-01-10",
        "ends_on": "2022-04-15",
        "title": "",
        "introduction": "",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
        "key_results-TOTAL_FORMS": "0",
        "key_results-INITIAL_FORMS": "0",
    }
    response = central_client.post("/admin/okrs/quarter/add/", data)
    assert response.status_code == 200
    assert "These dates overlap Year 3 Q2" in response.text
    assert Quarter.objects.count() == 1


def test_admin_add_quarter_suggests_the_next_quarters_dates(central_client):
    QuarterFactory(year=3, number=2)
    form = central_client.get("/admin/okrs/quarter/add/").context["adminform"].form
    assert (form.initial["year"], form.initial["number"]) == (3, 3)
    assert form.initial["starts_on"] == date(2022, 1, 16)


def test_new_key_results_on_the_quarter_page_are_numbered_in_objective_order(central_client):
    quarter = QuarterFactory()
    first = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"), order=1)
    second = ObjectiveFactory(quarter=quarter, theme=theme("cyber-security"), order=2)
    existing = KeyResultFactory(objective=second, number=1, title="Cyber pilot")
    data = {
        "year": "3",
        "number": "2",
        "starts_on": "2021-10-16",
        "ends_on": "2022-01-15",
        "is_published": "on",
        "title": "",
        "introduction": "",
        "objectives-TOTAL_FORMS": "2",
        "objectives-INITIAL_FORMS": "2",
        "objectives-0-id": first.pk,
        "objectives-0-quarter": quarter.pk,
        "objectives-0-theme": first.theme_id,
        "objectives-0-title": "",
        "objectives-0-order": "1",
        "objectives-1-id": second.pk,
        "objectives-1-quarter": quarter.pk,
        "objectives-1-theme": second.theme_id,
        "objectives-1-title": "",
        "objectives-1-order": "2",
        "key_results-TOTAL_FORMS": "2",
        "key_results-INITIAL_FORMS": "1",
        "key_results-0-id": existing.pk,
        "key_results-0-quarter": quarter.pk,
        "key_results-0-objective": second.pk,
        "key_results-0-order": "0",
        "key_results-0-title": "Cyber pilot",
        "key_results-0-status": "on_track",
        "key_results-0-target": "100",
        "key_results-0-unit": "%",
        "key_results-1-quarter": quarter.pk,
        "key_results-1-objective": first.pk,
        "key_results-1-order": "0",
        "key_results-1-title": "Skills network",
        "key_results-1-status": "not_started",
        "key_results-1-target": "100",
        "key_results-1-unit": "%",
    }
    response = central_client.post(f"/admin/okrs/quarter/{quarter.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert dict(KeyResult.objects.values_list("title", "number")) == {"Skills network": 1, "Cyber pilot": 2}


def test_roll_forward_action_twice_creates_no_duplicates(central_client):
    quarter = QuarterFactory(year=3, number=2)
    KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), number=1, status="at_risk")
    for _ in range(2):
        response = central_client.post(
            "/admin/okrs/quarter/", {"action": "roll_forward", "_selected_action": [quarter.pk]}, follow=True
        )
        assert response.status_code == 200
    following = Quarter.objects.get(year=3, number=3)
    assert following.key_results.count() == 1
    assert "0 unfinished key results rolled into Year 3 Q3" in response.text


def test_csv_action_downloads_one_quarter(central_client):
    quarter = QuarterFactory()
    KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), number=1, title="=cmd()")
    response = central_client.post("/admin/okrs/quarter/", {"action": "export_csv", "_selected_action": [quarter.pk]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=cmd()" in text


def test_check_in_history_is_kept(central_client):
    check_in = CheckInFactory()
    assert check_in.history.count() == 1
