"""The home page's job description count comes from the salary summary, kept up to date, not a count of every row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.services import job_description_publish, job_description_withdraw
from tests.factories import JobDescriptionFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    response.sql = [query["sql"] for query in queries]
    return response


def test_the_home_page_counts_published_job_descriptions_only(client, no_page_cache):
    JobDescriptionFactory()
    JobDescriptionFactory()
    JobDescriptionFactory(pending=True)
    JobDescriptionFactory(withdrawn=True)
    VacancyFactory()
    assert "2 job descriptions boroughs share to hire for digital roles, and 1 open vacancy." in home(client).text


def test_the_home_page_says_none_before_anything_is_published(client, no_page_cache):
    JobDescriptionFactory(pending=True)
    assert "0 job descriptions boroughs share" in home(client).text


def test_publishing_and_withdrawing_move_the_home_pages_count(client, django_capture_on_commit_callbacks):
    central = UserFactory(central_team=True)
    pending = JobDescriptionFactory(pending=True)
    JobDescriptionFactory()
    assert "1 job description boroughs share" in home(client).text
    with django_capture_on_commit_callbacks(execute=True):
        job_description_publish(jd=pending, by=central)
    assert "2 job descriptions boroughs share" in home(client).text
    with django_capture_on_commit_callbacks(execute=True):
        job_description_withdraw(jd=pending, by=central)
    assert "1 job description boroughs share" in home(client).text


def test_the_home_page_reads_no_job_description_rows(client, no_page_cache):
    for _ in range(3):
        JobDescriptionFactory()
    sql = home(client).sql
    assert not [query for query in sql if "jobs_jobdescription" in query]
