"""The key result page looks the key result up with its quarter, then reads its details: queries planned quickly."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ObjectiveFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
)

pytestmark = pytest.mark.django_db

# The key result with its quarter, its details, its check-ins, its supporting boroughs.
QUERIES = 4
MOST_JOINS = 4  # the details: objective, theme, lead borough, measure


def earlier_key_result():
    return KeyResultFactory(objective=ObjectiveFactory(quarter=QuarterFactory(year=3, number=1)), number=4)


def key_result(size, *, rolled_from=None):
    quarter = QuarterFactory(year=3, number=2)
    kr = KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter),
        number=1,
        lead_borough=borough("camden"),
        rolled_from=rolled_from,
        project=ProjectFactory(is_public=True),
    )
    kr.supporting_boroughs.set([borough(slug) for slug in ["hackney", "brent", "barnet"][: min(size, 3)]])
    for day in range(size):
        CheckInFactory(key_result=kr, checked_on=date(2021, 10, 16) + timedelta(days=day), value=day)
    return kr


def queries(client, kr):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(kr.get_absolute_url())
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("size", [1, 25])
def test_key_result_page_costs_the_same_few_queries_whatever_its_size(client, no_page_cache, size):
    response, sql = queries(client, key_result(size))
    assert len(sql) == QUERIES + 1, sql  # and the project it serves (a prefetch)
    assert response.text.count('class="loti-chart__bar"') == size
    assert max(query.count(" JOIN ") for query in sql) <= MOST_JOINS, sql


def test_a_key_result_that_continues_another_costs_one_query_more_and_links_it(client, no_page_cache):
    response, sql = queries(client, key_result(3, rolled_from=earlier_key_result()))
    assert len(sql) == QUERIES + 2, sql
    assert '<a class="govuk-link" href="/okrs/year-3/q1/4/">Key result 4 of Year 3 Q1</a>' in response.text


def test_a_key_result_fed_by_a_measure_shows_the_measures_total(client, no_page_cache):
    kr = key_result(0)
    kr.measure = MeasureFactory(project=kr.project, name="Places", target=40)
    kr.save()
    MeasureContributionFactory(measure=kr.measure, borough=borough("camden"), value=10)
    response, sql = queries(client, kr)
    assert "Follows the project measure “Places”" in response.text
    assert 'value="25"' in response.text  # 10 of 40
    assert len(sql) == QUERIES + 1, sql


def test_a_key_result_of_a_draft_quarter_is_a_404_with_one_query(client, no_page_cache):
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=QuarterFactory(year=3, number=3, is_published=False)))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(kr.get_absolute_url()).status_code == 404
    assert len(ctx.captured_queries) == 1
