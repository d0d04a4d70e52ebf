"""The projects list's rows and the project page's agreements and updates, drawn in Python: the template loops' HTML."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format

from govuk.widgets import escape
from projects.models import Project, ProjectUpdate
from projects.reports import ProjectDashboard, project_updates
from projects.templatetags.project_tags import _dates, agreement_sections, project_list_rows, project_update_articles
from tests.factories import (
    AgreementFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db

# The loops as the template drew them before, kept here as the reference.
TEMPLATE_AGREEMENTS = """{% load project_tags %}{% for a in d.agreements %}
    <h2 class="govuk-heading-m" id="agreement-{{ a.agreement.pk }}">{{ a.agreement.title }}</h2>
    <p class="govuk-body-l"><span class="govuk-!-font-weight-bold">{{ a.signed }} of {{ a.signatories|length }}</span> signed</p>
    <p class="govuk-body">
      {% if a.all_signed %}{{ a.agreement.get_kind_display }}, opened for signature on {{ a.agreement.opened_on|date:"j F Y" }}. Every party signed within {{ a.days_to_last_signature }} day{{ a.days_to_last_signature|pluralize }}.{% else %}{{ a.agreement.get_kind_display }}, open for signature since {{ a.agreement.opened_on|date:"j F Y" }}.{% endif %}
      {% if a.agreement.document_url %}<a class="govuk-link" href="{{ a.agreement.document_url }}" rel="external">Read the agreement</a>{% endif %}
    </p>
    <div class="loti-table-wrapper loti-scroll" role="region" aria-label="Signatories of {{ a.agreement.title }}" tabindex="0">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Signatories of {{ a.agreement.title }}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Signatory</th>
            <th scope="col" class="govuk-table__header">State</th>
            <th scope="col" class="govuk-table__header">Date signed</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {% agreement_signatory_rows a %}
        </tbody>
      </table>
    </div>
  {% endfor %}"""  # noqa: E501

TEMPLATE_UPDATES = """{% for update in updates %}
    <article class="loti-update" id="update-{{ update.pk }}">
      <h3 class="govuk-heading-s">{{ update.title }}</h3>
      <p class="govuk-body-s">
        <time datetime="{{ update.published_at|date:'c' }}">{{ update.published_at|date:"j F Y" }}</time>{% if update.author %} by {{ update.author.get_full_name }}{% endif %}.
        Phase: {{ update.get_phase_display }}. Health: {{ update.get_health_display }}.
      </p>
      <div class="loti-prose">{{ update.body_html|safe }}</div>
    </article>
  {% empty %}
    <p class="govuk-body">No updates yet.</p>
  {% endfor %}"""  # noqa: E501


def same_blocks(old, new):
    """The two drawings' lines, the same but for the whitespace around them (which the page's template gives)."""
    return [line.strip() for line in old.splitlines() if line.strip()] == [
        line.strip() for line in new.splitlines() if line.strip()
    ]


def test_agreement_sections_are_the_templates_markup():
    project = ProjectFactory()
    ParticipationFactory(project=project, borough=borough("camden"))
    signed = AgreementFactory(
        project=project,
        title="Data sharing <ISA>",
        opened_on=datetime.date(2025, 1, 1),
        document_url="https://example.org/isa?a=1&b=2",
    )
    SignatoryFactory(agreement=signed, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 1, 2))
    one_day = AgreementFactory(project=project, title="Protocol", opened_on=datetime.date(2025, 3, 1), document_url="")
    SignatoryFactory(agreement=one_day, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 3, 2))
    open_one = AgreementFactory(project=project, title="Open & pending", document_url="")
    SignatoryFactory(agreement=open_one, body=True, state="reviewing")
    SignatoryFactory(agreement=open_one, borough=borough("camden"), state="invited")
    dashboard = ProjectDashboard(project)
    old = Template(TEMPLATE_AGREEMENTS).render(Context({"d": dashboard}))
    new = agreement_sections(dashboard.agreements)
    assert "Every party signed within 1 day." in new and "&lt;ISA&gt;" in new and "a=1&amp;b=2" in new
    assert same_blocks(old, new)


def test_update_articles_are_the_templates_markup():
    project = ProjectFactory()
    author = UserFactory(first_name="Ada", last_name="O'Neill <Camden>")
    ProjectUpdate.objects.create(
        project=project,
        author=author,
        title="Pilot <live>",
        body="The **first** sites are live.",
        phase="beta",
        health="at_risk",
        published_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC),
    )
    ProjectUpdate.objects.create(
        project=project,
        title="Kick-off",
        body="We met.",
        phase="discovery",
        health="on_track",
        published_at=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC),  # 2 July in London (BST)
    )
    updates = project.updates.select_related("author").order_by("-published_at")
    old = Template(TEMPLATE_UPDATES).render(Context({"updates": updates}))
    new = project_update_articles(project_updates(project))
    assert "2 July 2026" in new and "O&#x27;Neill &lt;Camden&gt;" in new and "<strong>first</strong>" in new
    assert same_blocks(old, new)


def test_a_project_without_updates_says_so():
    old = Template(TEMPLATE_UPDATES).render(Context({"updates": []}))
    assert same_blocks(old, project_update_articles(project_updates(ProjectFactory())))


@pytest.mark.parametrize("format_string", ["j F Y", "j M Y", "c", "D j N"])
def test_table_dates_read_as_djangos_date_format_draws_them(format_string):
    for month in range(1, 13):
        for value in (
            datetime.date(2026, month, 9),
            datetime.datetime(2026, month, 1, 23, 30, tzinfo=datetime.UTC),  # the next day in London in summer
        ):
            shown = timezone.localtime(value) if isinstance(value, datetime.datetime) else value
            assert _dates(format_string)(value) == escape(date_format(shown, format_string))
    assert _dates(format_string)(None) == ""


TEMPLATE_LIST_ROWS = """{% load project_tags %}{% for project in projects %}
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                <a class="govuk-link" href="{{ project.get_absolute_url }}">{{ project.title }}</a>
                <span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{{ project.summary }}</span>
              </th>
              <td class="govuk-table__cell">{{ project.theme.name }}</td>
              <td class="govuk-table__cell">{{ project.lead_borough.name|default:"LOTI" }}</td>
              <td class="govuk-table__cell">{{ project.phase|phase_tag }}</td>
              <td class="govuk-table__cell">{{ project.health|health_tag }}</td>
              <td class="govuk-table__cell"><time datetime="{{ project.last_updated_at|date:'c' }}">{{ project.last_updated_at|date:"j M Y" }}</time></td>
            </tr>
          {% endfor %}"""  # noqa: E501


def test_project_list_rows_are_the_templates_markup():
    ProjectFactory(title="Wi-Fi <everywhere>", summary="Libraries & leisure", lead_borough=borough("camden"))
    ProjectFactory(title="Cyber", lead_borough=None, phase="live", health="off_track")
    ProjectFactory(
        title="Summer", phase="closed", last_updated_at=datetime.datetime(2026, 7, 31, 23, 30, tzinfo=datetime.UTC)
    )
    projects = list(Project.objects.with_list_data().order_by("title"))
    old = Template(TEMPLATE_LIST_ROWS).render(Context({"projects": projects}))
    new = project_list_rows(projects)
    assert "&lt;everywhere&gt;" in new and "Libraries &amp; leisure" in new and ">LOTI<" in new and "1 Aug 2026" in new
    assert same_blocks(old, new)
