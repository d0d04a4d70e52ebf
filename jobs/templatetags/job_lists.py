"""{% load job_lists %}: the library's and the board's results and filter sidebar, drawn in Python.

A page of twenty results through the template engine was some 400 variable
look-ups and 40 reverse() calls, most of what drawing the page afresh cost
after its queries. The same markup from f-strings, with each address built
from one reverse(), costs a fraction of it. The markup is the template's as
it was, element for element.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from govuk.formats import day_month_year, gbp_range
from govuk.widgets import escape
from jobs.models import LondonWeighting, Role

register = template.Library()

RULE = '<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">'
HEADING = '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">'
LINE = '<p class="govuk-body govuk-!-margin-bottom-1">'
HINT = '<p class="govuk-hint govuk-!-margin-bottom-0">'
WEIGHTINGS = {value: label.lower() for value, label in LondonWeighting.choices}


def path_builder(name):
    """pk -> the path of URL `name` (whose one argument is `pk`), from a single reverse()."""
    placeholder = 999_999_999_999
    before, after = reverse(name, kwargs={"pk": placeholder}).rsplit(str(placeholder), 1)
    return lambda pk: f"{before}{pk}{after}"


def _weighting(weighting):
    if weighting == LondonWeighting.NONE:
        return "no London weighting"
    return f"London weighting {escape(WEIGHTINGS.get(weighting, weighting))}"


@register.simple_tag
def job_description_results(descriptions):
    """An <li> per job description (a dict of JobDescriptionQuerySet.list_rows()): title, council, role, grade,
    salary, London weighting, date, format."""
    detail, role_path = path_builder("jobs:detail"), Role.url_builder()
    items = []
    for jd in descriptions:
        grade = f" · {escape(jd['grade'])}" if jd["grade"] else ""
        source = f"{escape(jd['file_type'].upper())} to download" if jd["file"] else "On the council's website"
        items.append(
            f"<li>{RULE}"
            f'{HEADING}<a class="govuk-link" href="{detail(jd["pk"])}">{escape(jd["title"])}</a></h3>'
            f"{LINE}{escape(jd['council_name'])} · "
            f'<a class="govuk-link" href="{escape(role_path(jd["role__slug"]))}">{escape(jd["role__name"])}</a>'
            f"{grade}</p>"
            f"{LINE}<strong>{escape(gbp_range(jd['salary_min'], jd['salary_max']))}</strong> a year, "
            f"{_weighting(jd['london_weighting'])}</p>"
            f"{HINT}Advertised {day_month_year(jd['advertised_on'])} · {source}</p>"
            "</li>"
        )
    return SafeString("".join(items))


@register.simple_tag
def vacancy_results(vacancies):
    """An <li> per vacancy: title, council, role, salary, closing date."""
    detail = path_builder("jobs:vacancy")
    return SafeString(
        "".join(
            f"<li>{RULE}"
            f'{HEADING}<a class="govuk-link" href="{detail(vacancy.pk)}">{escape(vacancy.title)}</a></h3>'
            f"{LINE}{escape(vacancy.council_name)} · {escape(vacancy.role.name)}</p>"
            f"{LINE}<strong>{escape(gbp_range(vacancy.salary_min, vacancy.salary_max))}</strong> a year</p>"
            f"{HINT}Closes {day_month_year(vacancy.closing_on)}</p>"
            "</li>"
            for vacancy in vacancies
        )
    )


@register.simple_tag
def filter_fields(form):
    """A filter form's fields as GOV.UK form groups, stacked for a sidebar.

    What an include drew through the template engine (ten fields, each a
    handful of look-ups), element for element. Hint and error ids are the
    ones Django points aria-describedby at.
    """
    groups = []
    for field in form:
        errors = field.errors
        auto_id = escape(field.auto_id)
        hint = (
            f'<div class="govuk-hint" id="{auto_id}_helptext">{escape(field.help_text)}</div>'
            if field.help_text
            else ""
        )
        messages = "".join(
            f'<p class="govuk-error-message" id="{auto_id}_error">'
            f'<span class="govuk-visually-hidden">Error:</span> {escape(error)}</p>'
            for error in errors
        )
        groups.append(
            f'<div class="govuk-form-group{" govuk-form-group--error" if errors else ""}">'
            f'<label class="govuk-label govuk-label--s" for="{escape(field.id_for_label)}">'
            f"{escape(field.label)}</label>"
            f"{hint}{messages}{field}</div>"
        )
    return SafeString("".join(groups))
