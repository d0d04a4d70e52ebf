"""The jobs pages drawn for signed-in people: their shared parts kept, so a warm request runs no query of its own.

The library, the board, a role page and the salaries table are the same for
everyone (published rows only), so one kept copy serves every signed-in
person until a job description, role, vacancy or borough changes.
"""

import re

import pytest

from jobs.models import JobDescription
from tests.factories import JobDescriptionFactory, RoleFactory, VacancyFactory
from tests.kept_pages import get, signed_in

pytestmark = pytest.mark.django_db

PAGES = [
    "/jobs/",
    "/jobs/?q=analyst",
    "/jobs/?family={family}&weighting=included&sort=salary_high",
    "/jobs/?salary_from=lots",  # an error: the title says so
    "/jobs/vacancies/",
    "/jobs/vacancies/?sort=newest",
    "/jobs/roles/{role}/",
    "/jobs/salaries/",
    "/jobs/salaries/?sort=median&order=desc",
]


@pytest.fixture
def analyst():
    role = RoleFactory(name="Data analyst")
    JobDescriptionFactory(role=role, title="Senior data analyst", salary_min=45_000, salary_max=52_000)
    JobDescriptionFactory(role=role, title="Data analyst", borough=None)
    VacancyFactory(role=role, title="Data analyst (fixed term)")
    return role


def paths(role):
    return [page.format(family=role.family.slug, role=role.slug) for page in PAGES]


def main(response):
    """The page between the header and the footer, less what differs on every request."""
    html = response.text
    html = html[html.index("<title>") : html.index("</title>")] + html[html.index("<main") : html.index("</main>")]
    return re.sub(r' nonce="[^"]*"', "", html)


@pytest.mark.parametrize("address", PAGES)
def test_a_warm_jobs_page_runs_only_the_persons_own_queries(client_for, analyst, address):
    path = address.format(family=analyst.family.slug, role=analyst.slug)
    cdio = signed_in(client_for, "cdio")
    floor = get(cdio, "/accessibility/").queries  # what any page drawn for them costs
    first = get(cdio, path)
    second = get(cdio, path)
    assert second.queries < first.queries
    assert second.queries <= floor + 1  # at most a role page's own look-up
    assert main(second) == main(first)


@pytest.mark.parametrize("address", PAGES)
def test_a_kept_page_is_the_page_drawn_afresh(client_for, analyst, settings, address):
    path = address.format(family=analyst.family.slug, role=analyst.slug)
    cdio = signed_in(client_for, "cdio")
    get(cdio, path)
    kept = main(get(cdio, path))
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert kept == main(get(cdio, path))


def test_the_library_title_says_error_only_for_the_address_with_one(client_for, analyst):
    cdio = signed_in(client_for, "cdio")
    for _ in range(2):  # drawn, then kept
        assert "<title>Error: Job description library" in get(cdio, "/jobs/?salary_from=lots").text
        assert "<title>Job description library" in get(cdio, "/jobs/").text


def test_a_published_job_description_redraws_the_jobs_pages(client_for, analyst):
    cdio, central = signed_in(client_for, "cdio"), signed_in(client_for, "central_team")
    for path in paths(analyst):
        get(cdio, path)
    JobDescriptionFactory(role=analyst, title="Lead data analyst", salary_min=70_000, salary_max=80_000)
    for path in ["/jobs/", "/jobs/?q=analyst", f"/jobs/roles/{analyst.slug}/"]:
        assert "Lead data analyst" in get(central, path).text, path
    assert "£75,000" in get(central, "/jobs/salaries/").text  # the new highest midpoint


def test_a_job_description_withdrawn_leaves_the_kept_pages(client_for, analyst):
    cdio = signed_in(client_for, "cdio")
    assert "Senior data analyst" in get(cdio, "/jobs/").text
    jd = JobDescription.objects.get(title="Senior data analyst")
    jd.withdraw(by=None)
    jd.save()
    assert "Senior data analyst" not in get(cdio, "/jobs/").text
    assert "Senior data analyst" not in get(cdio, f"/jobs/roles/{analyst.slug}/").text


def test_central_team_and_a_borough_see_the_same_published_list(client_for, analyst):
    JobDescriptionFactory(role=analyst, title="Pending data analyst", state="pending", published_at=None)
    central, member = signed_in(client_for, "central_team"), signed_in(client_for, "member")
    for client in [central, member, central]:
        text = get(client, "/jobs/?q=analyst").text
        assert "Senior data analyst" in text and "Pending data analyst" not in text


# Counted no further than the cap -----------------------------------------------


def test_a_long_list_says_more_than_the_cap_and_pages_only_through_it(client, monkeypatch, analyst):
    monkeypatch.setattr("jobs.views.LIST_CAP", 2)
    JobDescriptionFactory.create_batch(30, role=analyst)
    text = client.get("/jobs/?q=analyst").text
    assert "More than 2 job descriptions, page 1 of 1." in text
    assert "Only the first 2 are shown: search or filter to narrow them down." in text
    assert text.count('<h3 class="govuk-heading-s') == 2


def test_a_list_within_the_cap_says_exactly_how_many(client, monkeypatch, analyst):
    monkeypatch.setattr("jobs.views.LIST_CAP", 2)
    assert "2 job descriptions." in client.get("/jobs/?q=analyst").text
    assert "1 open vacancy." in client.get("/jobs/vacancies/").text


def test_a_long_board_says_more_than_the_cap(client, monkeypatch, analyst):
    monkeypatch.setattr("jobs.views.LIST_CAP", 2)
    VacancyFactory.create_batch(2, role=analyst)
    assert "More than 2 open vacancies, page 1 of 1. Only the first 2 are shown" in client.get("/jobs/vacancies/").text
