"""{% load salary_tables %}: the salaries table's rows, drawn in Python.

The table has a row of nine cells for every role with a published job
description (270 at production scale). Through the template engine those
3,000 variables and filters were four fifths of the page's time; the same
markup from f-strings costs a few milliseconds.
"""

from django import template
from django.utils.safestring import SafeString

from govuk.formats import gbp
from govuk.widgets import escape

register = template.Library()

NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'
NONE = '<span class="govuk-visually-hidden">None</span>–'
HINT = (
    '<span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
    'govuk-!-font-weight-regular govuk-!-margin-bottom-0">'
)


def _cells(row):
    """The figures after the row's heading: count, lowest to highest, then inner and outer London medians."""
    every = row.all
    inner, outer = row.inner, row.outer
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


@register.simple_tag
def salary_rows(rows):
    """A <tr> per jobs.benchmarks.SalaryRow: the role, linked, over its family, then its figures."""
    return SafeString(
        "".join(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{escape(row.url)}">{escape(row.name)}</a>'
            f"{HINT}{escape(row.family)}</span></th>"
            f"{_cells(row)}</tr>"
            for row in rows
        )
    )


@register.simple_tag
def salary_total_row(total, heading):
    """The total's <tr>: `heading` (what it covers) in place of a role."""
    return SafeString(
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escape(heading)}'
        f"{HINT}Each job description counted once</span></th>{_cells(total)}</tr>"
    )
