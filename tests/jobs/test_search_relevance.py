"""The search's relevance order: title matches first, newest first in each group, read only as far as the page.

jobs.models.relevance reads a page's rows among the newest rows, or from the
GIN indexes when they are rare there; both ways must give the order the
whole list has (JobDescriptionQuerySet.by_relevance), on every page.
"""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from jobs.filters import JobDescriptionFilter
from jobs.models import JobDescription, relevance
from tests.factories import JobDescriptionFactory, RoleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]


def shown_ids(client, query, pages=1):
    ids = []
    for number in range(1, pages + 1):
        response = client.get("/jobs/", {**query, "page": number})
        assert response.status_code == 200
        results = response.text.split('id="results"')[1].split("</ul>")[0] if 'id="results"' in response.text else ""
        ids += [int(pk) for pk in re.findall(r'href="/jobs/descriptions/(\d+)/"', results)]
    return ids


def whole_order(query):
    """The ids of the whole list in relevance order, from one ORDER BY over every match."""
    found = JobDescriptionFilter(QueryDict(urlencode(query)), queryset=JobDescription.objects.published()).qs
    return list(found.values_list("pk", flat=True).iterator())


@pytest.fixture(params=[relevance.WALK, 3], ids=["among-the-newest", "from-the-indexes"])
def walk(request, monkeypatch):
    """Both ways of finding a page: among the newest rows, and (WALK=3) from the GIN indexes."""
    monkeypatch.setattr(relevance, "WALK", request.param)
    return request.param


def test_the_best_match_comes_first_even_when_older(client, no_page_cache, data_analyst, walk):
    best = JobDescriptionFactory(
        role=data_analyst, title="Data analyst", summary="Dashboards.", advertised_on=datetime.date(2024, 1, 1)
    )
    other_role = RoleFactory(name="Performance officer")
    newer = [
        JobDescriptionFactory(
            role=other_role,
            title=f"Performance officer {n}",
            summary="Works with the data analyst team.",
            advertised_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(4)
    ]
    shown = shown_ids(client, {"q": "data analyst"})
    # The title with every word first, then the summary matches, newest first.
    assert shown == [best.pk, *[jd.pk for jd in reversed(newer)]]


def test_title_matches_come_before_role_and_summary_matches(client, no_page_cache, data_analyst, walk):
    in_summary = JobDescriptionFactory(title="Insight officer", summary="Data analyst work.")
    in_role = JobDescriptionFactory(role=data_analyst, title="Insight officer, housing")
    in_title = JobDescriptionFactory(title="Senior data analyst", advertised_on=datetime.date(2020, 1, 1))
    shown = shown_ids(client, {"q": "data analyst"})
    assert shown[0] == in_title.pk
    assert set(shown[1:]) == {in_summary.pk, in_role.pk}


@pytest.mark.parametrize(
    "query",
    [{"q": "analyst"}, {"q": "analyst", "family": "data"}, {"q": "analyst -housing"}, {"q": "dashboards"}],
)
def test_every_page_agrees_with_the_whole_order_across_both_groups(client, no_page_cache, data_analyst, walk, query):
    other = RoleFactory(family=data_analyst.family, name="Insight lead")
    for n in range(50):
        JobDescriptionFactory(
            role=[data_analyst, other][n % 2],
            # Title matches and summary-only matches interleaved in time, so a page holds both groups' rows.
            title=["Data analyst", "Insight lead", "Housing data analyst", "Officer"][n % 4],
            summary="Works with analysts on dashboards." if n % 3 else "Builds dashboards.",
            advertised_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 7),
        )
    expected = whole_order(query)
    assert expected, "the search should find something"
    pages = min(3, -(-len(expected) // 20))  # a page past the last one shows the last one again
    assert shown_ids(client, query, pages=pages) == expected[:60]


def test_a_search_page_runs_the_same_queries_at_two_sizes(client, no_page_cache, data_analyst):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/jobs/", {"q": "data analyst"}).status_code == 200
        return [query["sql"] for query in captured]

    JobDescriptionFactory.create_batch(2, role=data_analyst, title="Data analyst")
    queries()  # sessions, first-request work
    small = queries()
    JobDescriptionFactory.create_batch(40, role=data_analyst, title="Data analyst, housing")
    JobDescriptionFactory.create_batch(20, title="Officer", summary="Works with a data analyst.")
    large = queries()
    assert len(large) == len(small)
    # One statement finds the page; none ranks every match.
    assert not [sql for sql in small + large if "ts_rank" in sql]


def test_the_api_lists_the_best_match_first_in_the_same_shape(client, data_analyst, walk):
    JobDescriptionFactory(
        title="Insight officer", summary="Data analyst work.", advertised_on=datetime.date(2025, 5, 1)
    )
    best = JobDescriptionFactory(role=data_analyst, title="Data analyst", advertised_on=datetime.date(2020, 1, 1))
    body = client.get("/api/v1/job-descriptions/", {"q": "data analyst"}).json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]][0] == best.pk
    assert set(body) == {"count", "next", "previous", "results", "links"}
