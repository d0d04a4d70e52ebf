"""The OKR pages' shared parts are kept for signed-in people until what they show changes; the rest is theirs."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
    theme,
)
from tests.kept_pages import get

pytestmark = pytest.mark.django_db
QUARTER = "/okrs/year-3/q2/"
KEY_RESULT = "/okrs/year-3/q2/1/"


@pytest.fixture
def quarter():
    quarter = QuarterFactory(year=3, number=2, starts_on=date(2021, 10, 16), ends_on=date(2022, 1, 15))
    skills = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"))
    women = KeyResultFactory(
        objective=skills, number=1, title="Launch a network", target=50, unit="women", lead_borough=borough("camden")
    )
    CheckInFactory(key_result=women, value=12, checked_on=date(2021, 11, 5))
    KeyResultFactory(objective=ObjectiveFactory(quarter=quarter, theme=theme("digital-inclusion")), number=2)
    return quarter


def main(response):
    return response.text.split("<main", 1)[1].split("</main>")[0]


def settled(client):
    client.get("/accessibility/")  # the first request after signing in also refreshes the session
    return client


@pytest.mark.parametrize("path", [QUARTER, KEY_RESULT])
def test_a_kept_page_costs_only_the_lookup_and_serves_others_too(client_for, quarter, path):
    cdio, editor = settled(client_for("cdio")), settled(client_for("editor"))
    first, second = get(cdio, path), get(cdio, path)
    assert second.queries < first.queries
    assert main(second) == main(first)
    assert "private" in second["Cache-Control"]
    assert "12 of 50 women" in second.text
    # Another of the borough's people sees the same rows (projects not public yet are the borough's): theirs too.
    assert get(editor, path).queries < first.queries


def test_the_quarter_page_kept_costs_one_query_beyond_signing_in(client_for, quarter):
    cdio = settled(client_for("cdio"))
    get(cdio, QUARTER)
    with CaptureQueriesContext(connection) as kept:
        cdio.get(QUARTER)
    with CaptureQueriesContext(connection) as floor:
        cdio.get("/accessibility/")
    assert len(kept) == len(floor) + 1  # the quarter, which may be a draft the person may not see


@pytest.mark.parametrize("path", [QUARTER, KEY_RESULT])
def test_a_check_in_redraws_the_kept_parts(client_for, quarter, path):
    cdio = settled(client_for("cdio"))
    get(cdio, path)
    kept = get(cdio, path)
    CheckInFactory(key_result=quarter.key_results.get(number=1), value=31, checked_on=date(2021, 12, 3))
    after = get(cdio, path)
    assert "31 of 50 women" in after.text and "12 of 50 women" not in after.text
    assert after.queries > kept.queries


def test_the_check_in_button_stays_each_persons_own(client_for, quarter):
    camden, hackney = settled(client_for("cdio")), settled(client_for("other_cdio"))
    for _ in range(2):  # drawn, then kept
        assert "Record a check-in" in get(camden, KEY_RESULT).text
        assert "Record a check-in" not in get(hackney, KEY_RESULT).text


@pytest.mark.parametrize("path", [QUARTER, KEY_RESULT])
def test_a_private_project_is_named_only_to_those_who_may_see_it_when_kept(client_for, quarter, path):
    private = ProjectFactory(title="Discovery not yet public", is_public=False)
    ParticipationFactory(project=private, borough=borough("camden"))
    key_result = quarter.key_results.get(number=1)
    key_result.project = private
    key_result.save()
    camden, hackney, central = client_for("cdio"), client_for("other_cdio"), client_for("central_team")
    for _ in range(2):  # drawn, then kept
        assert "Discovery not yet public" in get(camden, path).text
        assert "Discovery not yet public" not in get(hackney, path).text
        assert "Discovery not yet public" in get(central, path).text


def test_a_draft_quarter_is_kept_apart_for_the_central_team(client_for, quarter):
    QuarterFactory(year=3, number=3, is_published=False, starts_on=date(2022, 1, 16), ends_on=date(2022, 4, 15))
    cdio, central = client_for("cdio"), client_for("central_team")
    for _ in range(2):
        assert "Year 3 Q3" in get(central, QUARTER).text
        assert "Year 3 Q3" not in get(cdio, QUARTER).text


def test_a_filtered_quarter_is_kept_apart_from_the_whole_one(client_for, quarter):
    cdio = client_for("cdio")
    get(cdio, QUARTER)
    filtered = get(cdio, f"{QUARTER}?theme=digital-inclusion")
    assert 'id="kr-2"' in filtered.text and 'id="kr-1"' not in filtered.text
    assert 'id="kr-1"' in get(cdio, QUARTER).text
