"""The question page's fields are kept per borough and project, and drawn byte for byte as the page drew them before."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from projects.forms import NEEDS_CHECKING, CommitmentsForm, last_updated_hint
from projects.reports import BoroughReport
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The fields as my_borough_project.html drew them inline before they moved to an include.
BEFORE = """{% load govuk %}        {% for section_project, fields in form.bound_sections %}
          {% for field, over_target in fields %}
            {% govuk_field field %}
            {% if over_target %}
              <div class="govuk-form-group">
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  <div class="govuk-checkboxes__item">
                    <input class="govuk-checkboxes__input" id="{{ over_target.id }}" name="{{ over_target.name }}" \
type="checkbox" value="{{ over_target.value }}"{% if over_target.checked %} checked{% endif %}>
                    <label class="govuk-label govuk-checkboxes__label" \
for="{{ over_target.id }}">{{ over_target.label }}</label>
                  </div>
                </div>
              </div>
            {% endif %}
          {% endfor %}
        {% endfor %}
        {% for field in form.hidden_fields %}{{ field }}{% endfor %}
"""


@pytest.fixture
def project(camden, hackney):
    project = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=project, borough=camden, note="Libraries first")
    ParticipationFactory(project=project, borough=hackney, note="Hackney's own note")
    survey = DeliverableFactory(project=project, name="Survey the sites")
    DeliverableFactory(project=project, name="Install the access points")
    DeliverableStatusFactory(deliverable=survey, borough=camden, state="done")
    MeasureContributionFactory(measure=MeasureFactory(project=project, target=10), borough=camden, value=4)
    SignatoryFactory(
        agreement=AgreementFactory(project=project), borough=camden, state="signed", signed_on=date(2025, 3, 1)
    )
    return project


def url(project):
    return reverse("projects:my_borough_project", args=[project.slug])


def before(form):
    return Template(BEFORE).render(Context({"form": form}))


def fields_of(html):
    """The part of the page between the CSRF token and the buttons."""
    end = html.index('        <div class="govuk-button-group">')
    start = html.rindex('name="csrfmiddlewaretoken"', 0, end)  # the form's, not the sign-out button's
    start = html.index(">", start) + 2  # the token's input and its newline
    return html[start:end]


def test_question_page_fields_are_drawn_as_before(client_for, project, camden):
    cdio = client_for("cdio")
    drawn, kept = cdio.get(url(project)).text, cdio.get(url(project)).text
    form = CommitmentsForm(BoroughReport(camden, participations=[project.participations.get(borough=camden)]))
    assert fields_of(drawn) == fields_of(kept) == before(form)
    assert "Libraries first" in drawn and "Survey the sites" in drawn


def test_a_refused_answer_is_drawn_as_before_with_its_error(client_for, project, camden):
    cdio = client_for("cdio")
    form = cdio.get(url(project)).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {name: value for name, value in data.items() if value is not None and not name.endswith("signed_on")}
    measure = next(name for name in data if name.endswith("-value"))
    data |= {measure: "lots", "action": "save"}
    response = cdio.post(url(project), data)
    assert response.status_code == 400
    sent = CommitmentsForm(response.context["report"], response.context["form"].data)
    sent.is_valid()
    assert fields_of(response.text) == before(sent)
    assert "govuk-form-group--error" in fields_of(response.text)


def test_a_kept_question_page_reads_no_commitments(client_for, project):
    cdio = client_for("cdio")
    cdio.get("/accessibility/")  # the session refresh after sign-in
    cdio.get(url(project))
    with CaptureQueriesContext(connection) as queries:
        assert cdio.get(url(project)).status_code == 200
    tables = " ".join(q["sql"] for q in queries)
    assert "projects_deliverable" not in tables and "projects_signatory" not in tables


def test_each_borough_gets_its_own_kept_fields(client_for, project):
    camden_page = client_for("cdio").get(url(project)).text
    hackney_page = client_for("other_cdio").get(url(project)).text
    assert "Libraries first" in camden_page and "Hackney&#x27;s own note" not in camden_page
    assert "Hackney&#x27;s own note" in hackney_page and "Libraries first" not in hackney_page


def test_a_saved_answer_redraws_the_kept_fields(client_for, project, camden):
    cdio = client_for("cdio")
    assert "Libraries first" in cdio.get(url(project)).text
    part = project.participations.get(borough=camden)
    part.note = "Libraries and leisure centres"
    part.save()
    assert "Libraries and leisure centres" in cdio.get(url(project)).text


@pytest.mark.parametrize("ticked", [False, True])
def test_a_pledge_over_the_target_is_drawn_as_before_with_its_checkbox(client_for, project, ticked):
    """The "Yes, save N" checkbox drawn in Python: the template's markup, ticked or not."""
    cdio = client_for("cdio")
    form = cdio.get(url(project)).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {name: value for name, value in data.items() if value is not None and not name.endswith("signed_on")}
    measure = next(name for name in data if name.endswith("-value"))
    data |= {measure: "15", "action": "save"}
    if ticked:
        data[measure.removesuffix("-value") + "-confirm"] = "15"
        # Still refused (the note is too long), so the page is drawn again, ticked.
        data = {name: ("x" * 3000 if name.endswith("-note") else value) for name, value in data.items()}
    response = cdio.post(url(project), data)
    assert response.status_code == 400
    sent = CommitmentsForm(response.context["report"], response.context["form"].data)
    sent.is_valid()
    assert fields_of(response.text) == before(sent)
    assert "Yes, save 15" in response.text
    assert ('value="15" checked>' in response.text) is ticked


def test_a_hint_says_what_format_html_said(camden):
    """last_updated_hint's text, escaped as format_html escaped it, and tagged when the row needs checking."""
    project = ProjectFactory()
    participation = ParticipationFactory(project=project, borough=camden)
    report = BoroughReport(camden, participations=[participation])
    checker = UserFactory(first_name="Siobhán", last_name="O'Neill & Co")
    for days in (3, 400):
        participation.updated_at = timezone.now() - timedelta(days=days)
        participation.updated_by = checker
        when = f"Last checked {date_format(timezone.localtime(participation.updated_at), 'j F Y')}"
        when += f" by {checker.get_full_name()}."
        extra = "Your borough <leads> this & that."
        if report.is_stale(participation):
            expected = format_html("{} {} {}", extra, when, NEEDS_CHECKING)
        else:
            expected = format_html("{} {}", extra, when)
        assert last_updated_hint(report, participation, extra) == expected
        assert "O&#x27;Neill &amp; Co" in expected
    participation.updated_at = None
    never = format_html("{} {} {}", "Quite <new>", "Never checked.", NEEDS_CHECKING)
    assert last_updated_hint(report, participation, "Quite <new>") == never
