"""The library's and the board's results and sidebar drawn in Python give the markup the templates gave."""

import re

import pytest
from django.template import Context, Template

from jobs.models import JobDescription, Vacancy
from jobs.views import filtered_descriptions, filtered_vacancies
from tests.factories import JobDescriptionFactory, RoleFactory, VacancyFactory

pytestmark = pytest.mark.django_db

# The loops as the templates had them, before the rows were drawn in Python.
LIBRARY_LOOP = """{% load govuk %}{% for jd in rows %}
<li>
  <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">
  <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{{ jd.get_absolute_url }}">{{ jd.title }}</a></h3>
  <p class="govuk-body govuk-!-margin-bottom-1">{{ jd.council_name }} · <a class="govuk-link" href="{{ jd.role.get_absolute_url }}">{{ jd.role.name }}</a>{% if jd.grade %} · {{ jd.grade }}{% endif %}</p>
  <p class="govuk-body govuk-!-margin-bottom-1"><strong>{{ jd|gbp_range }}</strong> a year, {% if jd.london_weighting == "none" %}no London weighting{% else %}London weighting {{ jd.get_london_weighting_display|lower }}{% endif %}</p>
  <p class="govuk-hint govuk-!-margin-bottom-0">Advertised {{ jd.advertised_on|date:"j F Y" }} · {% if jd.file %}{{ jd.file_type|upper }} to download{% else %}On the council's website{% endif %}</p>
</li>
{% endfor %}"""  # noqa: E501

BOARD_LOOP = """{% load govuk %}{% for vacancy in rows %}
<li>
  <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">
  <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{{ vacancy.get_absolute_url }}">{{ vacancy.title }}</a></h3>
  <p class="govuk-body govuk-!-margin-bottom-1">{{ vacancy.council_name }} · {{ vacancy.role.name }}</p>
  <p class="govuk-body govuk-!-margin-bottom-1"><strong>{{ vacancy|gbp_range }}</strong> a year</p>
  <p class="govuk-hint govuk-!-margin-bottom-0">Closes {{ vacancy.closing_on|date:"j F Y" }}</p>
</li>
{% endfor %}"""  # noqa: E501


# The sidebar's include, as it was.
SIDEBAR_INCLUDE = """{% for field in form %}
  <div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">
    <label class="govuk-label govuk-label--s" for="{{ field.id_for_label }}">{{ field.label }}</label>
    {% if field.help_text %}<div class="govuk-hint" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>{% endif %}
    {% for error in field.errors %}<p class="govuk-error-message" id="{{ field.auto_id }}_error"><span class="govuk-visually-hidden">Error:</span> {{ error }}</p>{% endfor %}
    {{ field }}
  </div>
{% endfor %}"""  # noqa: E501


def tight(html):
    """The markup without the whitespace between tags, which the template's indentation added."""
    return re.sub(r">\s+<", "><", html.strip())


def drawn(source, rows, **context):
    return tight(Template(source).render(Context({"rows": rows, **context})))


def test_library_results_are_the_template_loops_markup():
    role = RoleFactory(name="Data & insight <lead>")
    JobDescriptionFactory(role=role, title='Head of "data"', grade="PO4", london_weighting="on_top")
    JobDescriptionFactory(role=role, title="Analyst", borough=None, london_weighting="none", salary_max=40_000)
    JobDescriptionFactory(role=role, title="Engineer", external_url="", file="jd/a.pdf", file_type="pdf")
    rows = list(JobDescription.objects.with_list_data().order_by("pk"))
    # The tag draws from the dicts the list page reads; the loop drew from model instances.
    tag = drawn(
        "{% load job_lists %}{% job_description_results rows %}",
        list(JobDescription.objects.list_rows().order_by("pk")),
    )
    assert tag == drawn(LIBRARY_LOOP, rows)
    assert "Data &amp; insight &lt;lead&gt;" in tag and "PDF to download" in tag


def test_board_results_are_the_template_loops_markup():
    VacancyFactory(title="Data <engineer>", role=RoleFactory(name="Engineer & architect"))
    VacancyFactory(salary_min=50_000, salary_max=50_000)
    rows = list(Vacancy.objects.with_list_data().order_by("pk"))
    tag = drawn("{% load job_lists %}{% vacancy_results rows %}", rows)
    assert tag == drawn(BOARD_LOOP, rows)
    assert "Data &lt;engineer&gt;" in tag and "Engineer &amp; architect" in tag


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "data", "family": "no-such-family", "salary_from": "lots", "salary_to": "40000", "sort": "salary_low"},
        {"role": "<script>", "council": "Camden"},
    ],
)
def test_the_filter_sidebar_is_the_includes_markup(rf, query):
    JobDescriptionFactory()
    VacancyFactory()
    request = rf.get("/jobs/", query)
    for the_filter in [filtered_descriptions(request), filtered_vacancies(request)]:
        form = the_filter.form
        tag = drawn("{% load job_lists %}{% filter_fields form %}", None, form=form)
        assert tag == drawn(SIDEBAR_INCLUDE, None, form=form)
        assert ("govuk-error-message" in tag) == bool(form.errors)
