"""The jobs board and the Atom feeds: open vacancies only, and nothing private."""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory, VacancyFactory, borough

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def listed(response):
    board = response.text.split('id="vacancies"')[1].split("</ul>")[0] if 'id="vacancies"' in response.text else ""
    return [unescape(t) for t in re.findall(r'href="/jobs/vacancies/\d+/">([^<]+)</a>', board)]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def board(data_analyst):
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    designer = RoleFactory(family=digital, name="Service designer", slug="service-designer")
    return {
        "soon": VacancyFactory(role=data_analyst, title="Analyst closing soon", closing_on=days(2), salary_max=45_000),
        "today": VacancyFactory(role=data_analyst, title="Analyst closing today", closing_on=days(0)),
        "later": VacancyFactory(
            role=designer,
            title="Designer in Leeds",
            borough=None,
            closing_on=days(30),
            salary_min=50_000,
            salary_max=60_000,
            posted_on=days(-1),
        ),
        "closed": VacancyFactory(role=data_analyst, title="Closed yesterday", closed=True),
        "hidden": VacancyFactory(role=data_analyst, title="Taken off the board", is_published=False),
    }


def test_board_lists_open_vacancies_closing_soonest_first(any_role_client, board):
    response = any_role_client.get("/jobs/vacancies/")
    assert response.status_code == 200
    assert listed(response) == ["Analyst closing today", "Analyst closing soon", "Designer in Leeds"]
    assert "3 open vacancies." in response.text
    assert "Closed yesterday" not in response.text and "Taken off the board" not in response.text


def test_a_vacancy_leaves_the_board_after_its_closing_date_by_itself(client, board, monkeypatch):
    tomorrow = days(1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert listed(client.get("/jobs/vacancies/")) == ["Analyst closing soon", "Designer in Leeds"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?family=digital", ["Designer in Leeds"]),
        ("?role=data-analyst", ["Analyst closing today", "Analyst closing soon"]),
        ("?area=elsewhere", ["Designer in Leeds"]),
        ("?council=Leeds+City+Council", ["Designer in Leeds"]),
        ("?salary_from=50000", ["Designer in Leeds"]),
        ("?sort=newest", ["Designer in Leeds", "Analyst closing soon", "Analyst closing today"]),
        ("?sort=salary_high", ["Designer in Leeds", "Analyst closing today", "Analyst closing soon"]),
        ("?role=nope", ["Analyst closing today", "Analyst closing soon", "Designer in Leeds"]),
    ],
)
def test_board_filters_and_sorts(client, board, query, expected):
    response = client.get("/jobs/vacancies/" + query)
    assert response.status_code == 200
    assert listed(response) == expected


def test_board_says_what_a_salary_filter_matches_and_keeps_other_filters_past_a_bad_one(client, board):
    response = client.get("/jobs/vacancies/?salary_from=50000&salary_to=1000000000&area=elsewhere")
    assert listed(response) == ["Designer in Leeds"]
    assert "govuk-error-summary" in response.text
    response = client.get("/jobs/vacancies/?salary_from=90000&salary_to=50000")
    assert "Showing vacancies whose advertised salary range overlaps £50,000 to £90,000." in response.text


def test_board_council_filter_offers_only_councils_with_open_vacancies(client, board):
    VacancyFactory(closed=True, borough=borough("barnet"))
    select = client.get("/jobs/vacancies/").text.split('name="council"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "Camden", "Leeds City Council"]


def test_an_open_vacancy_has_a_page_with_an_apply_link(any_role_client, board):
    vacancy = board["soon"]
    response = any_role_client.get(vacancy.get_absolute_url())
    assert response.status_code == 200
    assert f'href="{vacancy.apply_url}" rel="external noopener noreferrer"' in response.text
    assert "Apply on jobs.council.example" in response.text
    assert "£42,000 to £45,000 a year" in response.text


def test_a_vacancy_links_to_its_job_description_in_the_library(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    vacancy = VacancyFactory(role=data_analyst, job_description=jd)
    assert f'href="{jd.get_absolute_url()}"' in client.get(vacancy.get_absolute_url()).text


@pytest.mark.parametrize("trait", ["pending", "rejected", "withdrawn"])
def test_a_vacancy_does_not_link_a_job_description_the_library_does_not_show(client, data_analyst, trait):
    jd = JobDescriptionFactory(role=data_analyst, **{trait: True})
    vacancy = VacancyFactory(role=data_analyst, job_description=jd)
    page = client.get(vacancy.get_absolute_url()).text
    assert jd.get_absolute_url() not in page
    assert "Read the job description in the library" not in page


def test_a_closed_vacancy_says_so_without_the_apply_link(client, board):
    vacancy = board["closed"]
    response = client.get(vacancy.get_absolute_url())
    assert response.status_code == 410
    assert "This vacancy has closed" in response.text
    assert vacancy.apply_url not in response.text


def test_a_vacancy_taken_off_the_board_is_a_404(client, board):
    assert client.get(board["hidden"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url", ["/jobs/vacancies/", "/jobs/vacancies/?family=data&sort=salary_high", "/jobs/vacancies/?role=analyst"]
)
def test_board_query_count_does_not_grow(client, data_analyst, url):
    VacancyFactory(role=data_analyst)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured]

    small = queries()
    for n in range(40):
        VacancyFactory(role=RoleFactory(family=data_analyst.family), borough=borough(["camden", "barnet"][n % 2]))
    large = queries()
    assert len(large) == len(small) <= 12
    # The council list comes from indexes, not from reading every vacancy for its distinct councils.
    assert not [sql for sql in small + large if "DISTINCT" in sql.upper() and "jobs_vacancy" in sql]


# Feeds -------------------------------------------------------------------------------


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_job_descriptions_feed_has_published_ones_newest_first_and_nothing_private(client, data_analyst):
    now = timezone.now()
    old = JobDescriptionFactory(role=data_analyst, title="Older", published_at=now - datetime.timedelta(days=9))
    JobDescriptionFactory(role=data_analyst, title="Newer", elsewhere=True, summary="Leads on data.")
    JobDescriptionFactory(role=data_analyst, title="Pending one", pending=True)
    response = client.get("/jobs/feed/")
    feed = entries(response)
    assert [e["title"] for e in feed] == ["Newer, Leeds City Council", "Older, Camden"]
    assert feed[1]["link"] == f"http://testserver{old.get_absolute_url()}"
    assert feed[0]["author"] == "Leeds City Council"
    assert "Data analyst · £40,000 to £46,000 · Included in the salary" in feed[0]["summary"]
    assert "Leads on data." in feed[0]["summary"]
    assert b"@council.example" not in response.content
    assert b"Casey Contributor" not in response.content
    assert b"Pending one" not in response.content


def test_vacancies_feed_has_open_vacancies_only(client, board):
    feed = entries(client.get("/jobs/vacancies/feed/"))
    titles = {e["title"] for e in feed}
    assert titles == {
        "Analyst closing today, Camden",
        "Analyst closing soon, Camden",
        "Designer in Leeds, Leeds City Council",
    }
    assert feed[0]["title"] == "Designer in Leeds, Leeds City Council"  # posted most recently


@pytest.mark.parametrize("url", ["/jobs/feed/", "/jobs/vacancies/feed/"])
def test_feeds_query_count_does_not_grow(client, data_analyst, url):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    JobDescriptionFactory(role=data_analyst)
    VacancyFactory(role=data_analyst)
    small = count()
    JobDescriptionFactory.create_batch(20, role=data_analyst)
    VacancyFactory.create_batch(20, role=data_analyst)
    assert count() == small <= 12


# Every public page, for every role ---------------------------------------------------


def test_every_public_jobs_page_is_open_to_every_role(any_role_client, data_analyst):
    from tests.jobs.test_descriptions import with_file

    jd = with_file(JobDescriptionFactory(role=data_analyst))
    vacancy = VacancyFactory(role=data_analyst)
    urls = [
        "/jobs/",
        "/jobs/export.csv",
        "/jobs/feed/",
        "/jobs/contribute/",
        "/jobs/contribute/sent/",
        jd.get_absolute_url(),
        f"/jobs/descriptions/{jd.pk}/file/",
        f"/jobs/descriptions/{jd.pk}/suggest/",
        "/jobs/roles/data-analyst/",
        "/jobs/salaries/",
        "/jobs/salaries/export.csv",
        "/jobs/vacancies/",
        "/jobs/vacancies/feed/",
        vacancy.get_absolute_url(),
    ]
    for url in urls:
        assert any_role_client.get(url).status_code == 200, url
