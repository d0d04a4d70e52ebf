"""The borough page: every app's public work for one borough, nothing private, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from okrs.models import quarter_dates
from tests.factories import (
    CallFactory,
    DeliverableStatusFactory,
    IdeaFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    MeasureContributionFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    SignatoryFactory,
    UserFactory,
    VacancyFactory,
    borough,
)

pytestmark = pytest.mark.django_db

URL = "/boroughs/camden/"


def quarter_running(today):
    """The (year, number) of the LOTI quarter containing `today`."""
    year = today.year - 2019 + (1 if (today.month, today.day) >= (7, 16) else 0)
    return next((year, n) for n in range(1, 5) if quarter_dates(year, n)[0] <= today <= quarter_dates(year, n)[1])


@pytest.fixture
def this_quarter():
    year, number = quarter_running(timezone.localdate())
    return QuarterFactory(year=year, number=number)


def key_result(quarter, **kwargs):
    objective = quarter.objectives.first() or ObjectiveFactory(quarter=quarter)
    return KeyResultFactory(objective=objective, **kwargs)


# Who runs it -------------------------------------------------------------------


def test_cdio_is_named_only_once_they_agree(client):
    cdio = UserFactory(borough=borough("camden"), cdio=True, first_name="Georgia", last_name="Gould")
    html = client.get(URL).text
    assert "Georgia Gould" not in html
    assert "No CDIO of Camden has chosen to be named here." in html

    cdio.listed_on_borough_page = True
    cdio.save()
    html = client.get(URL).text
    assert "Georgia Gould" in html
    assert cdio.email not in html


def test_only_cdios_are_named_and_only_active_ones(client):
    UserFactory(borough=borough("camden"), editor=True, first_name="Eddie", listed_on_borough_page=True)
    UserFactory(borough=borough("camden"), cdio=True, first_name="Gone", is_active=False, listed_on_borough_page=True)
    UserFactory(borough=borough("hackney"), cdio=True, first_name="Hattie", listed_on_borough_page=True)
    html = client.get(URL).text
    assert "Eddie" not in html and "Gone" not in html and "Hattie" not in html


# Key results ---------------------------------------------------------------------


def test_key_results_it_leads_or_supports_this_quarter(client, this_quarter):
    key_result(this_quarter, title="Open a shared data hub", lead_borough=borough("camden"), status="on_track")
    supported = key_result(this_quarter, title="Train 50 data leads", lead_borough=borough("hackney"))
    supported.supporting_boroughs.add(borough("camden"))
    key_result(this_quarter, title="Hackney's own result", lead_borough=borough("hackney"))
    html = client.get(URL).text
    assert "Key results this quarter" in html
    assert f"Year {this_quarter.year} Q{this_quarter.number}" in html
    assert "Open a shared data hub" in html and "Leads" in html and "On track" in html
    assert "Train 50 data leads" in html and "Supports" in html
    assert "Hackney's own result" not in html


def test_key_results_of_other_or_unpublished_quarters_are_not_shown(client, this_quarter):
    old = QuarterFactory(year=3, number=2)
    key_result(old, title="An old result", lead_borough=borough("camden"))
    this_quarter.is_published = False
    this_quarter.save()
    key_result(this_quarter, title="A draft result", lead_borough=borough("camden"))
    html = client.get(URL).text
    assert "An old result" not in html and "A draft result" not in html
    assert "Camden leads or supports no key result in a published quarter running today." in html


# Jobs ----------------------------------------------------------------------------


def test_published_job_descriptions_latest_first_with_a_link_to_the_library(client):
    for n in range(7):
        JobDescriptionFactory(title=f"Data analyst {n}", published_at=timezone.now() - datetime.timedelta(days=n))
    JobDescriptionFactory(title="Pending one", pending=True, contributor_name="Casey Secret")
    JobDescriptionFactory(title="Hackney's analyst", borough=borough("hackney"))
    html = client.get(URL).text
    shown = [f"Data analyst {n}" for n in range(7) if f"Data analyst {n}<" in html]
    assert shown == [f"Data analyst {n}" for n in range(5)]
    assert html.index("Data analyst 0<") < html.index("Data analyst 4<")
    assert "Pending one" not in html and "Hackney's analyst" not in html
    assert "Casey" not in html and "contributor" not in html  # contributors are never public
    assert 'href="/jobs/?council=Camden"' in html


def test_open_vacancies_only_with_a_link_to_the_board(client):
    VacancyFactory(title="Head of data")
    VacancyFactory(title="Closed role", closed=True)
    VacancyFactory(title="Off the board", is_published=False)
    VacancyFactory(title="Hackney role", borough=borough("hackney"))
    html = client.get(URL).text
    assert "Head of data" in html
    assert "Closed role" not in html and "Off the board" not in html and "Hackney role" not in html
    assert 'href="/jobs/vacancies/?council=Camden"' in html


# Ideas ---------------------------------------------------------------------------


def test_ideas_that_reached_published_results(client):
    closed = CallFactory(closed=True, title="Ideas 2025")
    member = UserFactory(borough=borough("camden"), first_name="Idris", last_name="Submitter")
    IdeaFactory(call=closed, submitted_by=member, title="Shared repairs front door", selected=True)
    IdeaFactory(call=closed, submitted_by=member, title="Shortlisted, undecided", shortlisted=True)
    IdeaFactory(call=closed, submitted_by=member, title="Never shortlisted")
    IdeaFactory(call=closed, submitted_by=member, title="Withdrawn one", withdrawn=True)
    voting = CallFactory(voting=True)
    IdeaFactory(call=voting, submitted_by=member, title="Still being voted on", shortlisted=True)
    IdeaFactory(call=closed, submitted_by=UserFactory(borough=borough("hackney")), title="Hackney idea", selected=True)
    html = client.get(URL).text
    assert "Shared repairs front door" in html and "Selected" in html
    assert "Shortlisted, undecided" in html and "To be decided" in html
    assert "Ideas 2025" in html
    for hidden in ["Never shortlisted", "Withdrawn one", "Still being voted on", "Hackney idea", "Idris"]:
        assert hidden not in html
    # Idea pages are for signed-in people: visitors get the title, not a link.
    assert "/ideas/" not in html.split("Shared repairs front door")[0].rsplit("<tr", 1)[1]


def test_signed_in_people_get_links_to_the_ideas(member_client):
    idea = IdeaFactory(call=CallFactory(closed=True), title="Shared repairs front door", selected=True)
    assert f'href="/ideas/{idea.pk}/"' in member_client.get(URL).text


# Empty states and what never shows -------------------------------------------------


def test_every_section_says_when_it_is_empty(client):
    html = client.get(URL).text
    for sentence in [
        "Camden is not taking part in any public LOTI project.",
        "Camden has no commitments recorded in a public project.",
        "Camden leads or supports no key result in a published quarter running today.",
        "No job description from Camden is published in the library yet.",
        "Camden has no open vacancy on the jobs board.",
        "No idea from Camden has reached the published results of a call for ideas yet.",
        "No CDIO of Camden has chosen to be named here.",
    ]:
        assert sentence in html


def test_private_projects_and_their_commitments_never_show(any_role_client):
    secret = ProjectFactory(title="Secret project", private=True)
    ParticipationFactory(project=secret, borough=borough("camden"))
    DeliverableStatusFactory(deliverable__project=secret, deliverable__name="Secret deliverable")
    MeasureContributionFactory(measure__project=secret, measure__name="Secret measure")
    SignatoryFactory(agreement__project=secret, agreement__title="Secret agreement")
    html = any_role_client.get(URL).text
    assert "Secret" not in html  # not even for the central team: this is the public view of Camden


# Who sees the team, as before, now with every section on the page.
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


def test_permission_matrix_team_and_cdio(any_role_client):
    listed = UserFactory(borough=borough("camden"), cdio=True, first_name="Lola", last_name="Listed")
    listed.listed_on_borough_page = True
    listed.save()
    UserFactory(borough=borough("camden"), first_name="Una", last_name="Unlisted")
    response = any_role_client.get(URL)
    assert response.status_code == 200
    html = response.text
    sees_team = TEAM_VISIBLE_TO[any_role_client.role]
    assert ("People with portal accounts" in html) is sees_team
    assert ("Una Unlisted" in html) is sees_team
    assert "Lola Listed" in html  # the CDIO agreed to be named: everyone sees the name
    assert listed.email not in html and "@" not in html.split("<main")[1].split("</main>")[0]


# Query budget ----------------------------------------------------------------------


def fill(size, quarter):
    """`size` of everything the page lists, for Camden."""
    camden = borough("camden")
    closed = CallFactory(closed=True)
    for _ in range(size):
        project = ProjectFactory()
        ParticipationFactory(project=project, borough=camden)
        DeliverableStatusFactory(deliverable__project=project, borough=camden, state="done")
        MeasureContributionFactory(measure__project=project, borough=camden)
        SignatoryFactory(agreement__project=project, borough=camden)
        led = key_result(quarter, lead_borough=camden)
        led.supporting_boroughs.add(borough("hackney"), borough("brent"))
        supported = key_result(quarter, lead_borough=borough("hackney"))
        supported.supporting_boroughs.add(camden)
        JobDescriptionFactory()
        VacancyFactory()
        IdeaFactory(call=closed, submitted_by=UserFactory(borough=camden), selected=True)
    UserFactory.create_batch(size, borough=camden, cdio=True, listed_on_borough_page=True)


def count_queries(client):
    client.get("/")  # the first request after sign-in refreshes the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "member", "other_cdio", "central_team"])
def test_query_count_stays_within_budget_and_does_not_grow(client_for, no_page_cache, this_quarter, role):
    client = client_for(role)
    fill(1, this_quarter)
    small = count_queries(client)
    fill(15, this_quarter)
    large = count_queries(client)
    assert small == large
    # session and user (when signed in), the authenticator app that verified the session (the
    # central team and CDIOs), borough, people, projects and three kinds of commitment, key
    # results with their quarter, job descriptions, vacancies, ideas
    assert large <= 13
