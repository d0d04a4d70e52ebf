"""The salaries page's table: every role with a published job description, its figures, sorted as asked.

The table has a row for every such role (300 at production scale). It is
read as one plain tuple per role (SalaryBenchmark.objects.salary_page_lines)
and drawn here with f-strings: no model instance, no object per figure, no
template variable or filter per cell, each figure formatted once. The HTML
is what the template and its tags drew before (tests/jobs/test_salary_table.py).
The CSV export keeps the full figures of every area (jobs.benchmarks).
"""

from functools import cached_property

from django.utils.safestring import SafeString

from govuk.widgets import escape
from jobs.benchmarks import SALARY_SORTS, salary_table_rows, sort_salary_rows
from jobs.models import Level, Role, RoleFamily, SalaryBenchmark

# Where each figure sits in a salary_page_lines() tuple.
SLUG, NAME, FAMILY, COUNT, MINIMUM, LOWER_QUARTILE, MEDIAN, UPPER_QUARTILE, MAXIMUM, INNER, OUTER = range(11)
SORT_COLUMNS = {
    "count": COUNT,
    "minimum": MINIMUM,
    "lower_quartile": LOWER_QUARTILE,
    "median": MEDIAN,
    "upper_quartile": UPPER_QUARTILE,
    "maximum": MAXIMUM,
    "inner_median": INNER,
    "outer_median": OUTER,
}

NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'
NONE = '<span class="govuk-visually-hidden">None</span>–'
HINT = (
    '<span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
    'govuk-!-font-weight-regular govuk-!-margin-bottom-0">'
)


def pounds(value):
    """govuk.formats.gbp for a figure that is there: £42,000."""
    return f"£{round(float(value)):,}"


def cells(line):
    """The figures after a line's heading: count, lowest to highest, then the inner and outer London medians."""
    inner, outer = line[INNER], line[OUTER]
    return (
        f"{NUMERIC}{line[COUNT]}</td>"
        f"{NUMERIC}{pounds(line[MINIMUM])}</td>"
        f"{NUMERIC}{pounds(line[LOWER_QUARTILE])}</td>"
        f"{NUMERIC}<strong>{pounds(line[MEDIAN])}</strong></td>"
        f"{NUMERIC}{pounds(line[UPPER_QUARTILE])}</td>"
        f"{NUMERIC}{pounds(line[MAXIMUM])}</td>"
        f"{NUMERIC}{NONE if inner is None else pounds(inner)}</td>"
        f"{NUMERIC}{NONE if outer is None else pounds(outer)}</td>"
    )


def sort_lines(lines, key, descending):
    """As jobs.benchmarks.sort_salary_rows (the CSV's order): by a SALARY_SORTS key, ties by name; lines
    without the figure (no inner London job description, say) last, by name."""
    lines = sorted(lines, key=lambda line: (line[NAME].lower(), line[NAME]))  # names are unique
    column = SORT_COLUMNS.get(key)
    if column is None:  # by role
        return sorted(lines, key=lambda line: line[NAME].lower(), reverse=descending)
    present = [line for line in lines if line[column] is not None]
    present.sort(key=lambda line: line[column], reverse=descending)  # stable: ties stay in name order
    return present + [line for line in lines if line[column] is None]


class SalaryTable:
    """Every role with a published job description, its benchmark, sorted as asked; the total; the family filter.

    Worked out when first read: the salaries page keeps the table it draws, so a warm request reads none of it.
    """

    def __init__(self, query):
        self.query = query

    @cached_property
    def families(self):
        return list(RoleFamily.objects.all())

    @cached_property
    def family(self):
        return next((f for f in self.families if f.slug == self.query.get("family")), None)

    @cached_property
    def sort(self):
        return self.query.get("sort") if self.query.get("sort") in SALARY_SORTS else "role"

    @cached_property
    def descending(self):
        return self.query.get("order") == "desc"

    @cached_property
    def _lines_and_total(self):
        lines, total = [], None
        for line in SalaryBenchmark.objects.salary_page_lines(self.family):
            if line[SLUG] is None:
                total = line
            else:
                lines.append(line)
        return sort_lines(lines, self.sort, self.descending), total

    @property
    def count(self):
        """How many roles the table has a row for."""
        return len(self._lines_and_total[0])

    @cached_property
    def rows_html(self):
        """A <tr> per role: its name, linked to its page, over its family, then its figures."""
        role_url = Role.url_builder()
        return SafeString(
            "".join(
                f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                f'<a class="govuk-link" href="{escape(role_url(line[SLUG]))}">{escape(line[NAME])}</a>'
                f"{HINT}{escape(line[FAMILY])}</span></th>"
                f"{cells(line)}</tr>"
                for line in self._lines_and_total[0]
            )
        )

    @cached_property
    def total_html(self):
        """The total's <tr>, headed by what it covers; empty with nothing published."""
        total = self._lines_and_total[1]
        if total is None:
            return ""
        return SafeString(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escape(self.total_heading)}'
            f"{HINT}Each job description counted once</span></th>{cells(total)}</tr>"
        )

    @property
    def total_heading(self):
        return f"All roles in {self.family.name.lower()}" if self.family else "All roles"

    @property
    def columns(self):
        """(sort key, heading, is the current sort, the order its link asks for) per column."""
        return [
            (key, label, key == self.sort, "desc" if key == self.sort and not self.descending else "asc")
            for key, (label, _) in SALARY_SORTS.items()
        ]

    def export_rows(self):
        """jobs.benchmarks.SalaryRow per role, with every area's full figures, sorted as the page is: for the CSV."""
        summary = SalaryBenchmark.objects.for_salary_table(self.family)
        rows, _ = salary_table_rows(summary, Role.url_builder(), dict(Level.choices))
        return sort_salary_rows(rows, self.sort, self.descending)
