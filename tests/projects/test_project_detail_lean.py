"""The project page's long tables: drawn from plain values, with the markup the template gave them."""

import datetime

import pytest
from django.db.models.signals import post_init

from projects.models import DeliverableStatus, MeasureContribution, Participation, Signatory
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    borough,
)
from tests.projects.test_project_detail import large_project, small_project

pytestmark = pytest.mark.django_db

CHANGED_AT = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)  # 2 March in London (GMT)


@pytest.fixture
def project():
    project = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=project, borough=borough("camden"), role="lead", note="Pilot in <two> libraries")
    ParticipationFactory(project=project, borough=borough("hackney"), role="participant")
    govwifi = DeliverableFactory(project=project, name="GovWifi & eduroam", order=1)
    DeliverableFactory(project=project, name="Survey", order=2)
    DeliverableStatusFactory(deliverable=govwifi, borough=borough("camden"), state="done", updated_at=CHANGED_AT)
    for name in ["Access points", "Libraries"]:
        measure = MeasureFactory(project=project, name=name, unit="sites", target=50)
        MeasureContributionFactory(measure=measure, borough=borough("camden"), value=12)
    agreement = AgreementFactory(project=project, title="Data sharing")
    SignatoryFactory(
        agreement=agreement, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 2, 1)
    )
    SignatoryFactory(agreement=agreement, body=True, state="reviewing")
    return project


def page(client, project):
    return client.get(project.get_absolute_url()).text


def test_a_borough_row_has_the_templates_markup_cell_for_cell(client, project):
    html = page(client, project)
    camden = (
        '<tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/boroughs/camden/">Camden</a></th>'
        '<td class="govuk-table__cell">Lead</td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">In progress</strong></td>'
        '<td class="govuk-table__cell"><ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">'
        '<li>GovWifi &amp; eduroam <strong class="govuk-tag govuk-tag--green">Done</strong></li>'
        '<li>Survey <strong class="govuk-tag govuk-tag--grey">Not started</strong></li>'
        "<li>12 sites pledged (access points)</li><li>12 sites pledged (libraries)</li>"
        '<li>Data sharing <strong class="govuk-tag govuk-tag--green">Signed</strong></li></ul>'
        '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">Pilot in &lt;two&gt; libraries</p></td>'
    )
    assert f'{camden}<td class="govuk-table__cell">2 Mar 2026</td></tr>' in html


def test_a_borough_with_nothing_recorded_says_so_and_never_changed(client, project):
    html = page(client, project)
    assert (
        '<td class="govuk-table__cell"><ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">'
        '<li>GovWifi &amp; eduroam <strong class="govuk-tag govuk-tag--grey">Not started</strong></li>'
        '<li>Survey <strong class="govuk-tag govuk-tag--grey">Not started</strong></li></ul></td>'
        '<td class="govuk-table__cell">Never</td></tr>'
    ) in html


def test_a_row_of_a_project_without_commitments_shows_no_commitments_cell_text(client):
    project = ProjectFactory()
    ParticipationFactory(project=project, borough=borough("camden"), status="blocked")
    html = page(client, project)
    assert (
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Blocked</strong></td>'
        '<td class="govuk-table__cell"></td><td class="govuk-table__cell">Never</td></tr>'
    ) in html


def test_the_measure_and_signatory_tables_have_the_templates_markup(client, project):
    html = page(client, project)
    assert (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Camden</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">12</td></tr>'
    ) in html
    assert (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Camden</th>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">Signed</strong></td>'
        '<td class="govuk-table__cell">1 February 2025</td></tr>\n'
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Metropolitan Police Service</th>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">Reviewing</strong></td>'
        '<td class="govuk-table__cell"></td></tr>'
    ) in html


def test_a_measure_nobody_pledged_to_says_so(client):
    project = ProjectFactory()
    ParticipationFactory(project=project, borough=borough("camden"))
    MeasureFactory(project=project, name="Places", unit="places")
    assert (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">'
        "No borough has committed any yet.</td></tr>"
    ) in page(client, project)


def instances_built(client, project):
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        assert client.get(project.get_absolute_url()).status_code == 200
    finally:
        post_init.disconnect(count)
    return built


@pytest.mark.parametrize("make", [small_project, large_project], ids=["small", "large"])
def test_the_page_builds_no_model_instance_for_a_commitment_row(client, no_page_cache, make):
    built = instances_built(client, make())
    assert not {DeliverableStatus, MeasureContribution, Signatory} & set(built)


def test_the_page_builds_a_model_instance_for_each_borough_taking_part_not_each_commitment(client, no_page_cache):
    project = large_project()
    built = instances_built(client, project)
    # 33 participations and their 33 boroughs; 20 updates and their authors; the project's
    # own deliverables, measures and agreements: not its 330 states, 40 pledges and 44 signatures.
    assert built.count(Participation) == 33
    assert len(built) < 150, f"{len(built)} model instances"
