"""Check-ins recorded by a key result's lead borough (its editors and CDIO) or the central team."""

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from okrs.models import CheckIn, quarter_dates
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    MeasureFactory,
    ObjectiveFactory,
    QuarterFactory,
    borough,
)
from tests.test_fuzz_forms import FUZZ, fuzz, mutate

pytestmark = pytest.mark.django_db

KR_URL = "/okrs/year-3/q2/1/"
URL = f"{KR_URL}check-in/"
# Who may record a check-in on a key result Camden leads (see tests/conftest.py ROLES).
MAY_CHECK_IN = {"editor", "cdio", "central_team"}


def quarter_containing(day):
    for year in range(1, 100):
        for number in range(1, 5):
            starts_on, ends_on = quarter_dates(year, number)
            if starts_on <= day <= ends_on:
                return year, number
    raise AssertionError(day)


@pytest.fixture
def key_result():
    """Year 3 Q2 (16 October 2021 to 15 January 2022), published, led by Camden and supported by Hackney."""
    quarter = QuarterFactory(year=3, number=2)
    kr = KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter),
        number=1,
        title="Launch LOTI Women Digital Leaders' Network",
        target=50,
        unit="women enrolled",
        lead_borough=borough("camden"),
    )
    kr.supporting_boroughs.set([borough("hackney")])
    CheckInFactory(key_result=kr, value=12, checked_on=date(2021, 11, 5), comment="First cohort booked")
    return kr


@pytest.fixture
def current_key_result():
    """A percentage key result Camden leads in the quarter running today."""
    year, number = quarter_containing(timezone.localdate())
    quarter = QuarterFactory(year=year, number=number)
    return KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter),
        number=1,
        title="Publish the data standard",
        lead_borough=borough("camden"),
    )


def valid(**overrides):
    data = {
        "value": "31",
        "confidence": "high",
        "comment": "Second cohort of 19 enrolled",
        "checked_on_0": "3",
        "checked_on_1": "12",
        "checked_on_2": "2021",
    }
    data.update(overrides)
    return data


def error_summary(response):
    return response.text.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]


# Permissions -----------------------------------------------------------------


def test_check_in_page_permission_matrix(any_role_client, key_result):
    response = any_role_client.get(URL)
    if any_role_client.role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={URL}")
    else:
        assert response.status_code == (200 if any_role_client.role in MAY_CHECK_IN else 404)


def test_posting_a_check_in_permission_matrix(any_role_client, key_result):
    response = any_role_client.post(URL, valid())
    allowed = any_role_client.role in MAY_CHECK_IN
    if any_role_client.role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == (302 if allowed else 404)
    assert key_result.check_ins.count() == (2 if allowed else 1)


def test_record_a_check_in_button_only_for_those_who_may(any_role_client, key_result):
    html_text = any_role_client.get(KR_URL).text
    assert ("Record a check-in" in html_text) == (any_role_client.role in MAY_CHECK_IN)
    assert (f'href="{URL}"' in html_text) == (any_role_client.role in MAY_CHECK_IN)


def test_a_draft_quarter_takes_check_ins_from_the_central_team_only(any_role_client, key_result):
    key_result.quarter.is_published = False
    key_result.quarter.save()
    if any_role_client.role == "anonymous":
        return  # sent to sign in, as above
    expected = 200 if any_role_client.role == "central_team" else 404
    assert any_role_client.get(URL).status_code == expected
    assert any_role_client.post(URL, valid()).status_code == (302 if expected == 200 else 404)


@pytest.mark.parametrize("role", ["cdio", "editor", "central_team"])
def test_a_key_result_fed_by_a_project_measure_takes_no_check_ins(client_for, key_result, role):
    key_result.measure = MeasureFactory(target=50)
    key_result.save()
    client = client_for(role)
    assert client.get(URL).status_code == 404
    assert client.post(URL, valid()).status_code == 404
    assert key_result.check_ins.count() == 1
    page = client.get(KR_URL).text
    assert "Record a check-in" not in page
    assert "Follows the project measure" in page


def test_a_quarter_still_to_come_takes_no_check_ins(central_client, cdio_client):
    today = timezone.localdate()
    year, number = quarter_containing(today + timedelta(days=200))
    quarter = QuarterFactory(year=year, number=number)
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), number=1, lead_borough=borough("camden"))
    for client in (central_client, cdio_client):
        assert client.get(kr.get_check_in_url()).status_code == 404


def test_a_supporting_borough_cannot_record_check_ins(client_for, key_result):
    hackney_cdio = client_for("other_cdio")  # Hackney supports the key result; Camden leads it
    assert hackney_cdio.get(URL).status_code == 404


# Recording -------------------------------------------------------------------


def test_cdio_records_a_check_in_with_history_and_sees_it(cdio_client, key_result):
    response = cdio_client.post(URL, valid(value="31.5"), follow=True)
    assert response.redirect_chain == [(KR_URL, 302)]
    assert "Check-in recorded" in response.text
    check_in = key_result.check_ins.latest("pk")
    assert (check_in.value, check_in.confidence, check_in.checked_on) == (31.5, "high", date(2021, 12, 3))
    assert check_in.comment == "Second cohort of 19 enrolled"
    assert check_in.author == cdio_client.user
    record = check_in.history.get()
    assert record.history_type == "+"
    assert record.history_user == cdio_client.user
    assert record.history_date is not None


def test_the_public_page_shows_the_new_check_in(client, editor_client, key_result):
    assert len(re.findall(r'<rect [^>]*class="loti-chart__bar"', client.get(KR_URL).text)) == 1
    editor_client.post(URL, valid())
    page = client.get(KR_URL).text  # anonymous: the page cache must not hide it
    assert "Second cohort of 19 enrolled" in page
    assert "3 December 2021" in page
    assert len(re.findall(r'<rect [^>]*class="loti-chart__bar"', page)) == 2
    assert "31 of 50 women enrolled (62%)" in page
    assert "Second cohort of 19 enrolled" not in client.get("/okrs/year-3/q2/").text  # the quarter shows progress
    assert 'value="62"' in client.get("/okrs/year-3/q2/").text


def test_a_percentage_may_be_typed_with_its_sign(cdio_client, current_key_result):
    today = timezone.localdate()
    data = valid(value="40%", checked_on_0=str(today.day), checked_on_1=str(today.month), checked_on_2=str(today.year))
    assert cdio_client.post(current_key_result.get_check_in_url(), data).status_code == 302
    assert current_key_result.check_ins.get().value == 40


def test_form_offers_today_or_the_quarters_last_day_and_says_the_bounds(cdio_client, key_result, current_key_result):
    page = cdio_client.get(URL).text
    assert "Between 16 October 2021 and 15 January 2022" in page
    assert 'name="checked_on_0" value="15"' in page and 'name="checked_on_2" value="2022"' in page
    assert "The number of women enrolled, from 0 to 50." in page
    assert "Progress now: 12 of 50 women enrolled, at the check-in of 5 November 2021." in page
    today = timezone.localdate()
    current = cdio_client.get(current_key_result.get_check_in_url()).text
    assert f"and today. For example, {today:%-d %-m %Y}" in current
    assert f'name="checked_on_0" value="{today.day}"' in current
    assert "A percentage, from 0 to 100." in current
    assert 'id="id_confidence_1"' in current and "checked" not in current.split('id="id_confidence_1"')[1][:80]


# Bad input -------------------------------------------------------------------

TOO_LONG = "x" * 2001


@pytest.mark.parametrize(
    "overrides, link, message",
    [
        ({"value": ""}, "id_value", "Enter the progress so far"),
        ({"value": "lots"}, "id_value", "Progress must be a number, like 12"),
        ({"value": "NaN"}, "id_value", "Progress must be a number, like 12"),
        ({"value": "51"}, "id_value", "Progress must be between 0 and 50 women enrolled"),
        ({"value": "-1"}, "id_value", "Progress must be between 0 and 50 women enrolled"),
        ({"value": "1e309"}, "id_value", "Progress must be between 0 and 50 women enrolled"),
        ({"value": "99999999999999999999"}, "id_value", "Progress must be between 0 and 50 women enrolled"),
        ({"value": "12.345"}, "id_value", "Progress must have 2 decimal places or fewer"),
        ({"confidence": ""}, "id_confidence_1", "Select how confident you are that the key result will be met"),
        ({"confidence": "certain"}, "id_confidence_1", "Select low, medium or high confidence"),
        ({"comment": TOO_LONG}, "id_comment", "The comment must be 2,000 characters or fewer"),
        (
            {"checked_on_0": "", "checked_on_1": "", "checked_on_2": ""},
            "id_checked_on_0",
            "Enter the date of the check-in",
        ),
        ({"checked_on_0": ""}, "id_checked_on_0", "The date of the check-in must include a day"),
        ({"checked_on_1": ""}, "id_checked_on_1", "The date of the check-in must include a month"),
        ({"checked_on_2": ""}, "id_checked_on_2", "The date of the check-in must include a year"),
        ({"checked_on_0": "3rd"}, "id_checked_on_0", "The day must be a number"),
        (
            {"checked_on_0": "31", "checked_on_1": "11"},
            "id_checked_on_0",
            "The date of the check-in must be a real date",
        ),
        ({"checked_on_2": "0"}, "id_checked_on_0", "The date of the check-in must be a real date"),
        ({"checked_on_2": "9" * 20}, "id_checked_on_0", "The date of the check-in must be a real date"),
        (
            {"checked_on_0": "15", "checked_on_1": "10"},
            "id_checked_on_0",
            "The date of the check-in must be between 16 October 2021 and 15 January 2022",
        ),
        (
            {"checked_on_0": "16", "checked_on_1": "1", "checked_on_2": "2022"},
            "id_checked_on_0",
            "The date of the check-in must be between 16 October 2021 and 15 January 2022",
        ),
    ],
)
def test_bad_input_is_refused_with_the_govuk_error_summary_and_kept(cdio_client, key_result, overrides, link, message):
    data = valid(**overrides)
    response = cdio_client.post(URL, data)
    assert response.status_code == 400
    assert key_result.check_ins.count() == 1
    assert f'<a href="#{link}">{html.escape(message)}</a>' in error_summary(response)
    assert response.text.count(html.escape(message)) == 2  # in the summary and beside the field
    assert 'class="govuk-error-message"' in response.text
    assert f'id="{link}"' in response.text  # the link has somewhere to go
    assert response.text.startswith("<!DOCTYPE html>") or "<title>Error: " in response.text
    assert "<title>Error: " in response.text
    # What was typed is shown back, the wrong part included.
    page = response.text
    for name in ("checked_on_0", "checked_on_1", "checked_on_2"):
        if data[name]:
            assert f'name="{name}" value="{html.escape(data[name])}"' in page
    if data["value"]:
        assert f'value="{data["value"]}"' in page
    assert html.escape(data["comment"]) in page
    if data["confidence"] == "high":
        assert re.search(r'value="high"\s+checked', page)


def test_a_date_after_today_is_refused_in_the_running_quarter(cdio_client, current_key_result):
    today = timezone.localdate()
    year, number = quarter_containing(today)
    starts_on, ends_on = quarter_dates(year, number)
    if today == ends_on:
        pytest.skip("the quarter's last day: tomorrow is outside it anyway")
    tomorrow = today + timedelta(days=1)
    data = valid(checked_on_0=str(tomorrow.day), checked_on_1=str(tomorrow.month), checked_on_2=str(tomorrow.year))
    response = cdio_client.post(current_key_result.get_check_in_url(), data)
    assert response.status_code == 400
    message = f"The date of the check-in must be between {starts_on:%-d %B %Y} and today"
    assert f'<a href="#id_checked_on_0">{message}</a>' in error_summary(response)
    assert not CheckIn.objects.filter(key_result=current_key_result).exists()


# Query budget ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "cdio"])
def test_key_result_page_query_count_does_not_grow_with_check_ins(client_for, key_result, no_page_cache, role):
    client = client_for(role)
    client.get(KR_URL)  # the first signed-in request also saves the session
    counts = []
    for size in (3, 30):
        key_result.check_ins.all().delete()
        for day in range(size):
            CheckInFactory(key_result=key_result, checked_on=date(2021, 10, 16) + timedelta(days=day), value=day)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(KR_URL)
        assert response.status_code == 200
        assert len(re.findall(r'<rect [^>]*class="loti-chart__bar"', response.text)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@FUZZ
@given(data=st.data())
def test_check_in_form_survives_hostile_input(client_for, key_result, data):
    fuzz(client_for("cdio"), URL, lambda fields: mutate(data.draw, fields))
