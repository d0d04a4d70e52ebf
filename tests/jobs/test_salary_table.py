"""The salaries table drawn from one line per role (jobs/salary_table.py): the same HTML as before, few queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from govuk.formats import gbp
from govuk.widgets import escape
from jobs.benchmarks import SALARY_SORTS, salary_table_rows, sort_salary_rows
from jobs.models import Level, Role, RoleFamily, SalaryBenchmark
from jobs.salary_table import SalaryTable
from tests.factories import RoleFactory, RoleFamilyFactory
from tests.jobs.test_benchmarks import jd
from tests.jobs.test_salary_summary import varied_library  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# The rows as jobs/templatetags/salary_tables.py drew them from jobs.benchmarks.SalaryRow, before the
# page read one line per role: the reference the new drawing must match.
NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'
NONE = '<span class="govuk-visually-hidden">None</span>–'
HINT = (
    '<span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
    'govuk-!-font-weight-regular govuk-!-margin-bottom-0">'
)


def cells_before(row):
    every, inner, outer = row.all, row.inner, row.outer
    return (
        f"{NUMERIC}{every.count}</td>"
        f"{NUMERIC}{gbp(every.minimum)}</td>"
        f"{NUMERIC}{gbp(every.lower_quartile)}</td>"
        f"{NUMERIC}<strong>{gbp(every.median)}</strong></td>"
        f"{NUMERIC}{gbp(every.upper_quartile)}</td>"
        f"{NUMERIC}{gbp(every.maximum)}</td>"
        f"{NUMERIC}{gbp(inner.median) if inner else NONE}</td>"
        f"{NUMERIC}{gbp(outer.median) if outer else NONE}</td>"
    )


def table_before(family, sort, descending):
    summary = SalaryBenchmark.objects.for_salary_table(family)
    rows, total = salary_table_rows(summary, Role.url_builder(), dict(Level.choices))
    body = "".join(
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{escape(row.url)}">{escape(row.name)}</a>'
        f"{HINT}{escape(row.family)}</span></th>"
        f"{cells_before(row)}</tr>"
        for row in sort_salary_rows(rows, sort, descending)
    )
    heading = f"All roles in {family.name.lower()}" if family else "All roles"
    foot = (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escape(heading)}'
        f"{HINT}Each job description counted once</span></th>{cells_before(total)}</tr>"
    )
    return f'<tbody class="govuk-table__body">{body}</tbody>\n        <tfoot>{foot}</tfoot>'


def drawn_table(response):
    return re.search(r'<tbody class="govuk-table__body">.*</tfoot>', response.text, re.S).group(0)


@pytest.fixture
def awkward_names(varied_library):  # noqa: F811 (the fixture above)
    """A role and a family whose names need escaping, and a role with no London figures at all."""
    odd = RoleFamilyFactory(name="R&D <labs>", slug="r-and-d")
    jd(RoleFactory(family=odd, name='Analyst "A" & <co>', slug="analyst-a"), 30_500, 41_250, "camden")
    jd(RoleFactory(family=odd, name="analyst b", slug="analyst-b"), 30_000, 30_001, None)
    SalaryBenchmark.objects.rebuild()
    return varied_library


@pytest.mark.parametrize("sort", list(SALARY_SORTS))
@pytest.mark.parametrize("descending", [False, True])
def test_the_table_is_the_html_the_template_tags_drew(client, no_page_cache, awkward_names, sort, descending):
    order = "desc" if descending else "asc"
    for family in [None, *RoleFamily.objects.all()]:
        query = f"?sort={sort}&order={order}" + (f"&family={family.slug}" if family else "")
        response = client.get(f"/jobs/salaries/{query}")
        assert drawn_table(response) == table_before(family, sort, descending), query


def test_the_status_line_counts_the_rows(client, no_page_cache, awkward_names):
    response = client.get("/jobs/salaries/?family=r-and-d")
    assert '<p class="govuk-body" role="status">2 roles in r&amp;d &lt;labs&gt;. ' in response.text
    assert response.text.count('<th scope="row"') == 3  # two roles and the family's total


def test_roles_without_a_figure_go_last_by_name_either_way(client, no_page_cache, awkward_names):
    def rows(query):
        body = drawn_table(client.get(f"/jobs/salaries/{query}")).split("<tfoot>")[0]
        return [
            (re.search(r'">([^<]+)</a>', row).group(1), NONE in row.split(NUMERIC)[7])
            for row in re.findall(r"<tr.*?</tr>", body)
        ]

    for order in ["asc", "desc"]:
        listed = rows(f"?sort=inner_median&order={order}")
        without = [name for name, no_inner in listed if no_inner]
        assert len(without) >= 2
        assert listed[-len(without) :] == [(name, True) for name in sorted(without, key=str.lower)]


def test_a_family_with_nothing_published_says_so(client, no_page_cache, awkward_names):
    RoleFamilyFactory(name="Empty", slug="empty")
    response = client.get("/jobs/salaries/?family=empty")
    assert "No published job descriptions in this family yet." in response.text
    assert "<tfoot>" not in response.text


def test_the_page_builds_no_model_instance_per_role_and_reads_two_queries(client, no_page_cache, awkward_names):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/jobs/salaries/?sort=median&order=desc").status_code == 200
        return len(ctx)

    few = queries()
    for n in range(30):
        jd(RoleFactory(family=RoleFamily.objects.first()), 40_000 + n, 45_000, ["camden", "barnet", None][n % 3])
    assert queries() == few == 2  # the families for the filter, the lines


def test_rows_html_is_marked_safe_and_escapes_what_people_typed(awkward_names):
    html = SalaryTable({}).rows_html
    assert isinstance(html, SafeString)
    assert "Analyst &quot;A&quot; &amp; &lt;co&gt;" in html and "R&amp;D &lt;labs&gt;" in html
