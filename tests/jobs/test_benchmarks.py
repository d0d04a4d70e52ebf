"""Salary benchmarks: the statistics, the role page's chart and table, and the all-roles table."""

import csv
import io
import re
from html import unescape
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.benchmarks import Benchmark, RangeChart, SalaryRow, percentile, salary_benchmarks, sort_salary_rows
from jobs.models import JobDescription
from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory, borough

pytestmark = pytest.mark.django_db


def jd(role, low, high, where="camden", **kwargs):
    """A published job description; `where` is a borough slug, or None for a council outside London."""
    if where is None:
        return JobDescriptionFactory(role=role, salary_min=low, salary_max=high, elsewhere=True, **kwargs)
    return JobDescriptionFactory(role=role, salary_min=low, salary_max=high, borough=borough(where), **kwargs)


@pytest.fixture
def analyst_salaries(data_analyst):
    """Midpoints: inner London 40,000 / 44,000 / 50,000 / 54,000; outer 36,000 / 38,000; Leeds 30,000."""
    jd(data_analyst, 38_000, 42_000, "camden")
    jd(data_analyst, 42_000, 46_000, "hackney")
    jd(data_analyst, 48_000, 52_000, "islington")
    jd(data_analyst, 50_000, 58_000, "westminster")
    jd(data_analyst, 34_000, 38_000, "barnet")
    jd(data_analyst, 36_000, 40_000, "croydon")
    jd(data_analyst, 28_000, 32_000, None)
    jd(data_analyst, 90_000, 99_000, "camden", pending=True)  # not published: never counted
    jd(data_analyst, 90_000, 99_000, "camden", withdrawn=True)
    return data_analyst


# The statistics ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([10], 0.25, 10),
        ([10, 20], 0.5, 15),
        ([1, 2, 3, 4], 0.25, 1.75),
        ([1, 2, 3, 4], 0.75, 3.25),
        ([40_000, 44_000, 50_000, 54_000], 0.5, 47_000),
        ([], 0.5, None),
    ],
)
def test_percentile_interpolates_like_postgresql_percentile_cont(values, fraction, expected):
    assert percentile(values, fraction) == expected


def test_benchmarks_split_inner_outer_and_elsewhere_and_count_only_published(analyst_salaries):
    benchmarks = salary_benchmarks(JobDescription.objects.published())[analyst_salaries.pk]
    assert benchmarks["inner"] == Benchmark(4, 40_000, 43_000, 47_000, 51_000, 54_000)
    assert benchmarks["outer"] == Benchmark(2, 36_000, 36_500, 37_000, 37_500, 38_000)
    assert benchmarks["elsewhere"] == Benchmark(1, 30_000, 30_000, 30_000, 30_000, 30_000)
    assert benchmarks["all"] == Benchmark(7, 30_000, 37_000, 40_000, 47_000, 54_000)


def test_the_python_fallback_gives_the_same_figures_as_the_database(analyst_salaries):
    database = salary_benchmarks(JobDescription.objects.published())
    with mock.patch("jobs.benchmarks.connections") as fake:
        fake.__getitem__.return_value.vendor = "sqlite"
        python = salary_benchmarks(JobDescription.objects.published())
    assert python == database


def test_benchmarks_of_several_roles_take_two_queries_at_most(analyst_salaries):
    other = RoleFactory()
    jd(other, 60_000, 70_000)
    with CaptureQueriesContext(connection) as queries:
        benchmarks = salary_benchmarks(JobDescription.objects.published())
    assert len(queries) <= 2
    assert set(benchmarks) == {analyst_salaries.pk, other.pk}
    assert benchmarks[other.pk]["all"].median == 65_000


def test_range_chart_places_every_figure_on_one_scale():
    chart = RangeChart(
        {
            "inner": Benchmark(4, 40_000, 43_000, 47_000, 51_000, 54_000),
            "all": Benchmark(5, 30_000, 40_000, 47_000, 51_000, 54_000),
        }
    )
    inner, everyone = chart.rows
    assert [row.label for row in chart.rows] == ["Inner London", "All councils"]
    assert (chart.start, chart.end) == (30_000, 55_000)
    assert chart.x(30_000) < inner.x_min < inner.x_lower < inner.x_median < inner.x_upper < inner.x_max
    assert everyone.x_min == chart.x(30_000)
    assert [tick.label for tick in chart.ticks] == ["£30k", "£35k", "£40k", "£45k", "£50k", "£55k"]


# The role page -------------------------------------------------------------------


def table_rows(response, table_id):
    table = response.text.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def test_role_page_shows_its_benchmark_as_a_table_beside_a_chart(any_role_client, analyst_salaries):
    response = any_role_client.get("/jobs/roles/data-analyst/")
    assert response.status_code == 200
    assert table_rows(response, "benchmark-table") == [
        ["", "Inner London", "Outer London", "Outside London", "All councils"],
        ["Job descriptions", "4", "2", "1", "7"],
        ["Lowest", "£40,000", "£36,000", "£30,000", "£30,000"],
        ["Lower quartile", "£43,000", "£36,500", "£30,000", "£37,000"],
        ["Median", "£47,000", "£37,000", "£30,000", "£40,000"],
        ["Upper quartile", "£51,000", "£37,500", "£30,000", "£47,000"],
        ["Highest", "£54,000", "£38,000", "£30,000", "£54,000"],
    ]
    svg = response.text.split('<svg class="loti-range-chart"')[1].split("</svg>")[0]
    assert 'aria-hidden="true"' in svg
    assert svg.count("<rect ") == 4  # one quartile box per area and all councils
    assert "style=" not in response.text


def test_role_page_shows_each_councils_version_side_by_side_without_contributors(client, analyst_salaries):
    response = client.get("/jobs/roles/data-analyst/")
    versions = response.text.split('id="versions"')[1]
    header = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', versions)
    assert sorted(header) == sorted(
        ["Camden", "Hackney", "Islington", "Westminster", "Barnet", "Croydon", "Leeds City Council"]
    )
    assert "£90,000" not in response.text  # the pending and withdrawn ones
    assert "@council.example" not in response.text and "Casey Contributor" not in response.text
    assert "Fewer than 5 job descriptions" not in response.text


def test_role_page_without_published_versions_says_so(client, data_analyst):
    jd(data_analyst, 40_000, 45_000, pending=True)
    response = client.get("/jobs/roles/data-analyst/")
    assert response.status_code == 200
    assert "No council's job description for this role is published yet" in response.text
    assert "benchmark-table" not in response.text


def test_role_page_warns_when_there_are_few_job_descriptions(client, data_analyst):
    jd(data_analyst, 40_000, 45_000)
    assert (
        "Fewer than 5 job descriptions: treat these figures as a rough guide."
        in client.get("/jobs/roles/data-analyst/").text
    )


def test_unknown_role_is_a_404(client, db):
    assert client.get("/jobs/roles/astronaut/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "cdio", "central_team"])
def test_role_page_query_count_does_not_grow(client_for, no_page_cache, data_analyst, role):
    client = client_for(role)
    jd(data_analyst, 40_000, 45_000)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/jobs/roles/data-analyst/").status_code == 200
        return len(queries)

    count()  # the session refresh after signing in
    small = count()
    for n, slug in enumerate(["camden", "barnet", "hackney", "croydon"] * 10):
        jd(data_analyst, 40_000 + n * 100, 46_000 + n * 100, slug)
    assert count() == small <= 12


# All roles -----------------------------------------------------------------------


@pytest.fixture
def roles_with_salaries(analyst_salaries):
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    designer = RoleFactory(family=digital, name="Service designer", slug="service-designer")
    jd(designer, 50_000, 60_000, "hackney")
    jd(designer, 54_000, 62_000, "hackney")
    RoleFactory(family=digital, name="Content designer", slug="content-designer")  # nothing published
    return {"analyst": analyst_salaries, "designer": designer}


def listed_roles(response):
    table = response.text.split('id="salaries"')[1].split("</table>")[0]
    return re.findall(r'<a class="govuk-link" href="/jobs/roles/[\w-]+/">([^<]+)</a>', table)


def test_salaries_page_lists_every_role_with_a_published_job_description(any_role_client, roles_with_salaries):
    response = any_role_client.get("/jobs/salaries/")
    assert response.status_code == 200
    rows = table_rows(response, "salaries")
    assert rows[0][:3] == ["Role ↑", "Job descriptions", "Lowest"]
    analyst = next(row for row in rows if row[0].startswith("Data analyst"))
    assert analyst[1:] == ["7", "£30,000", "£37,000", "£40,000", "£47,000", "£54,000", "£47,000", "£37,000"]
    designer = next(row for row in rows if row[0].startswith("Service designer"))
    assert designer[-2:] == ["£56,500", "None–"]  # no outer London figure
    assert listed_roles(response) == ["Data analyst", "Service designer"]
    assert 'aria-sort="ascending"' in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=median&order=desc", ["Service designer", "Data analyst"]),
        ("?sort=median", ["Data analyst", "Service designer"]),
        ("?sort=count&order=desc", ["Data analyst", "Service designer"]),
        ("?sort=outer_median&order=desc", ["Data analyst", "Service designer"]),  # no figure goes last
        ("?sort=outer_median", ["Data analyst", "Service designer"]),
        ("?sort=nonsense", ["Data analyst", "Service designer"]),
        ("?family=digital", ["Service designer"]),
        ("?family=data&sort=median&order=desc", ["Data analyst"]),
    ],
)
def test_salaries_page_sorts_and_filters(client, roles_with_salaries, query, expected):
    assert listed_roles(client.get("/jobs/salaries/" + query)) == expected


def test_salary_column_headers_link_to_the_opposite_order(client, roles_with_salaries):
    response = client.get("/jobs/salaries/?sort=median&order=desc")
    assert 'href="?sort=median&amp;order=asc"' in response.text
    assert 'href="?sort=maximum&amp;order=asc"' in response.text
    assert 'aria-sort="descending"' in response.text


def test_sort_salary_rows_keeps_rows_without_a_figure_last():
    def row(name, outer):
        benchmarks = {"all": Benchmark(1, 1, 1, 1, 1, 1)}
        if outer:
            benchmarks["outer"] = Benchmark(1, outer, outer, outer, outer, outer)
        return SalaryRow(name=name, url="", family="", level="", benchmarks=benchmarks)

    rows = [row("b", None), row("a", 30), row("c", 50)]
    assert [r.name for r in sort_salary_rows(rows, "outer_median", True)] == ["c", "a", "b"]
    assert [r.name for r in sort_salary_rows(rows, "outer_median", False)] == ["a", "c", "b"]


def test_salaries_export_has_every_figure_and_no_private_fields(client, roles_with_salaries):
    response = client.get("/jobs/salaries/export.csv?sort=median&order=desc")
    assert response["Content-Disposition"] == 'attachment; filename="loti-salary-benchmarks.csv"'
    header, *rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert header[:9] == [
        "Role",
        "Role family",
        "Level",
        "All councils: job descriptions",
        "All councils: lowest (£)",
        "All councils: lower quartile (£)",
        "All councils: median (£)",
        "All councils: upper quartile (£)",
        "All councils: highest (£)",
    ]
    assert [row[0] for row in rows] == ["Service designer", "Data analyst"]
    analyst = rows[1]
    assert analyst[3:9] == ["7", "30000", "37000", "40000", "47000", "54000"]
    assert analyst[9:15] == ["4", "40000", "43000", "47000", "51000", "54000"]  # inner London
    assert rows[0][15:] == ["", "", "", "", "", ""]  # no outer London figures
    assert "@" not in "".join(",".join(row) for row in rows)


@pytest.mark.parametrize("url", ["/jobs/salaries/", "/jobs/salaries/export.csv"])
def test_salaries_query_count_does_not_grow_with_roles(client, roles_with_salaries, url):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(queries)

    small = count()
    for n in range(25):
        role = RoleFactory(family=RoleFamilyFactory(name=f"Family {n % 3}", slug=f"family-{n % 3}"))
        jd(role, 40_000, 45_000, ["camden", "barnet"][n % 2])
        jd(role, 42_000, 48_000, None)
    assert count() == small <= 12
