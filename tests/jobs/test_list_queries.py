"""What the library's and the board's list queries read: the council list from indexes, a page's rows after its limit.

The plans are checked with EXPLAIN on PostgreSQL at the production dataset's
size (perf.data: 20,000 job descriptions, 3,000 vacancies), after ANALYZE, as
autovacuum would leave them.
"""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boroughs.models import Borough
from jobs.filters import JobDescriptionFilter, VacancyFilter
from jobs.models import JobDescription, Vacancy
from tests.factories import JobDescriptionFactory, RoleFactory, VacancyFactory, borough

pytestmark = pytest.mark.django_db
needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")

COUNCILS = [f"Council {n:02d}" for n in range(40)]


def sql_of(call):
    """The SQL statements `call()` runs, with their parameters."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return [query["sql"] for query in captured]


def plan(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_of(queryset):
    return plan(*queryset.query.sql_with_params())


def council_plan(queryset):
    """The plan of the council list's own query, as run."""
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        queryset.council_names()
    ((sql, params),) = statements
    return plan(sql, params)


def analyze(table):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def production_sized_library(roles, *, weightings=("included",), salary_rises=False):
    """20,000 job descriptions, nine in ten published, spread over `roles`, councils, weightings and 700 days."""
    JobDescription.objects.bulk_create(
        JobDescription(
            role=roles[n % len(roles)],
            title=f"Post {n}",
            council_name=COUNCILS[n % len(COUNCILS)],
            salary_min=40_000,
            salary_max=45_000 + (n if salary_rises else 0),
            london_weighting=weightings[n % len(weightings)],
            advertised_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 700),
            external_url=f"https://jobs.example/{n}",
            state="published" if n % 10 else "pending",
            published_at=timezone.now() if n % 10 else None,
        )
        for n in range(20_000)
    )


# The council list ----------------------------------------------------------------


def test_the_council_list_names_only_councils_with_published_job_descriptions(data_analyst):
    JobDescriptionFactory(role=data_analyst, borough=borough("hackney"))
    JobDescriptionFactory.create_batch(3, role=data_analyst, borough=borough("camden"))
    JobDescriptionFactory(role=data_analyst, elsewhere=True)
    JobDescriptionFactory(role=data_analyst, borough=borough("barnet"), pending=True)
    JobDescriptionFactory(role=data_analyst, council_name="Anglesey County Council", borough=None, withdrawn=True)
    names = JobDescription.objects.published().council_names()
    assert names == ["Camden", "Hackney", "Leeds City Council"]
    # Any narrower set of job descriptions gives its own councils.
    assert JobDescription.objects.pending().council_names() == ["Barnet"]
    assert JobDescription.objects.none().council_names() == []


def test_the_board_council_list_follows_the_calendar(data_analyst):
    VacancyFactory(role=data_analyst, borough=borough("camden"))
    VacancyFactory(role=data_analyst, borough=borough("barnet"), closed=True)
    VacancyFactory(role=data_analyst, borough=borough("hackney"), is_published=False)
    VacancyFactory(role=data_analyst, borough=None, closing_on=timezone.localdate())
    assert Vacancy.objects.open().council_names() == ["Camden", "Leeds City Council"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert Vacancy.objects.open(today=tomorrow).council_names() == ["Camden"]


def test_the_council_list_is_read_without_a_distinct(data_analyst):
    JobDescriptionFactory.create_batch(2, role=data_analyst)
    VacancyFactory(role=data_analyst)
    for queryset in [JobDescription.objects.published(), Vacancy.objects.open()]:
        (sql,) = sql_of(queryset.council_names)
        assert "DISTINCT" not in sql.upper()
        assert sql.startswith("WITH RECURSIVE")


@needs_postgresql
def test_the_council_list_skips_through_indexes_at_production_size(data_analyst):
    boroughs = list(Borough.objects.all())
    production_sized_library([data_analyst])
    today = timezone.localdate()
    Vacancy.objects.bulk_create(
        Vacancy(
            role=data_analyst,
            title=f"Vacancy {n}",
            borough=boroughs[n % len(boroughs)],
            council_name=boroughs[n % len(boroughs)].name,
            salary_min=40_000,
            salary_max=45_000,
            summary="A vacancy.",
            apply_url=f"https://jobs.example/v{n}",
            posted_on=today - datetime.timedelta(days=60),
            # Two thirds have closed: the board's history grows, the open ones do not.
            closing_on=today + datetime.timedelta(days=n % 30 - 20),
        )
        for n in range(3_000)
    )
    analyze("jobs_jobdescription")
    analyze("jobs_vacancy")

    library = council_plan(JobDescription.objects.published())
    assert "Recursive Union" in library
    assert "Index Only Scan using jd_council" in library
    assert "jd_published_council" in library
    assert "Seq Scan on jobs_jobdescription" not in library, library
    assert not re.search(r"HashAggregate|Unique|Group", library), library

    board = council_plan(Vacancy.objects.open())
    assert "Index Only Scan using vacancy_council" in board
    assert "vacancy_open_council" in board
    assert "Seq Scan on jobs_vacancy" not in board, board


# The open vacancies' partial index --------------------------------------------------


@needs_postgresql
def test_the_board_reads_its_page_from_the_open_vacancies_index(data_analyst):
    today = timezone.localdate()
    Vacancy.objects.bulk_create(
        Vacancy(
            role=data_analyst,
            title=f"Vacancy {n}",
            council_name=COUNCILS[n % len(COUNCILS)],
            salary_min=40_000,
            salary_max=45_000,
            summary="A vacancy.",
            apply_url=f"https://jobs.example/v{n}",
            posted_on=today - datetime.timedelta(days=400),
            closing_on=today + datetime.timedelta(days=n % 360 - 300),  # most have closed
            is_published=n % 20 != 0,
        )
        for n in range(3_000)
    )
    analyze("jobs_vacancy")
    ids = VacancyFilter(None, queryset=Vacancy.objects.open()).qs.values_list("pk", flat=True)
    page = plan_of(ids[:20])
    assert "vacancy_open_by_closing" in page
    assert "Sort" not in page, page  # read in the board's order, closing soonest first


@needs_postgresql
def test_the_library_reads_its_newest_page_from_the_published_index(data_analyst):
    production_sized_library([data_analyst])
    analyze("jobs_jobdescription")
    ids = JobDescriptionFilter(None, queryset=JobDescription.objects.published()).qs.values_list("pk", flat=True)
    page = plan_of(ids[:20])
    assert "jd_published_newest" in page
    assert "Sort" not in page, page


@needs_postgresql
def test_a_list_filtered_by_family_and_weighting_counts_through_its_own_index(data_analyst):
    # As at production scale: a family holds a quarter of the roles, a weighting a third of the rows.
    roles = [data_analyst, RoleFactory(family=data_analyst.family), *(RoleFactory() for _ in range(6))]
    production_sized_library(roles, weightings=("included", "on_top", "none"), salary_rises=True)
    analyze("jobs_jobdescription")
    analyze("jobs_role")
    data = QueryDict(f"family={data_analyst.family.slug}&weighting=included&sort=salary_high")
    filtered = JobDescriptionFilter(data, queryset=JobDescription.objects.published()).qs.values_list("pk", flat=True)
    count = plan_of(filtered.order_by()[:1001])
    # Here a bitmap scan of it; an index-only scan once autovacuum has marked the pages all-visible
    # (EXPLAIN ANALYZE at production size and at 10x: 0.5 and 0.7 ms, against 9 ms without it).
    assert re.search(r"(using|on) jd_published_weighting_role", count), count
    assert "Seq Scan on jobs_jobdescription" not in count and "jd_weighting " not in count, count


# A page's rows after its limit ------------------------------------------------------


@needs_postgresql  # elsewhere the search's word match joins the roles table to filter by role name
def test_a_search_ranks_and_cuts_the_page_before_joining_its_rows(client, no_page_cache, data_analyst):
    JobDescriptionFactory.create_batch(45, role=data_analyst, title="Data analyst", summary="Analyses data.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/jobs/", {"q": "analyst", "page": "2"})
    assert response.status_code == 200
    queries = [query["sql"] for query in captured if "jobs_jobdescription" in query["sql"]]
    ranking = [sql for sql in queries if "LIMIT" in sql and "ORDER BY" in sql]
    # The sort and limit read the job descriptions table alone, for ids: no join, no wide columns.
    assert ranking and all("JOIN" not in sql and '"jobs_jobdescription"."summary"' not in sql for sql in ranking)
    # The rows with their role: only the page's twenty, and only what a line of results shows.
    (rows,) = [sql for sql in queries if "JOIN" in sql and '"jobs_jobdescription"."id" IN (' in sql]
    assert "LIMIT" not in rows and '"jobs_jobdescription"."summary"' not in rows
    assert "jobs_rolefamily" not in rows and "boroughs_borough" not in rows
    assert len(re.search(r'"jobs_jobdescription"\."id" IN \(([^)]*)\)', rows).group(1).split(",")) == 20
    # The count neither ranks nor joins.
    (count,) = [sql for sql in queries if "COUNT(" in sql]
    assert "JOIN" not in count and "rank" not in count.lower()


@pytest.mark.parametrize(
    "query", [{"q": "analyst"}, {"sort": "salary_high"}, {"role": "analyst", "sort": "salary_low"}]
)
def test_pages_show_the_rows_in_the_same_order_as_the_whole_list(client, no_page_cache, data_analyst, query):
    other = RoleFactory(family=data_analyst.family, name="Lead analyst")
    for n in range(45):
        JobDescriptionFactory(
            role=[data_analyst, other][n % 2],
            title=["Data analyst", "Analyst", "Housing data analyst"][n % 3],
            summary="Works with analysts." if n % 4 else "",
            salary_min=30_000 + (n * 7919) % 20_000,
            salary_max=60_000,
            advertised_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 9),
        )
    expected = list(JobDescriptionFilter(query, queryset=JobDescription.objects.published()).qs)
    shown = []
    for number in (1, 2, 3):
        response = client.get("/jobs/", {**query, "page": number})
        results = response.text.split('id="results"')[1].split("</ul>")[0]
        shown += [int(pk) for pk in re.findall(r'href="/jobs/descriptions/(\d+)/"', results)]
    assert shown == [jd.pk for jd in expected]
