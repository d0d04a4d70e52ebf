"""ProjectDashboard reads each kind of commitment with its rows in one query: the same figures, four queries."""

import datetime

import pytest

from projects.models import Participation
from projects.reports import ProjectDashboard
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

pytestmark = pytest.mark.django_db


def project_with(boroughs):
    project = ProjectFactory()
    for i, slug in enumerate(boroughs):
        ParticipationFactory(project=project, borough=borough(slug), role="lead" if i == 0 else "participant")
    return project


def test_definitions_without_rows_still_count_and_draw(django_assert_num_queries):
    project = project_with(["camden", "hackney"])
    second = DeliverableFactory(project=project, name="Survey", order=2)
    first = DeliverableFactory(project=project, name="GovWifi", order=1, description="Enabled")
    MeasureFactory(project=project, name="Places", target=10)  # no contribution yet
    AgreementFactory(project=project, title="ISA")  # no signatory yet
    DeliverableStatusFactory(deliverable=first, borough=borough("camden"), state="done")
    with django_assert_num_queries(4):
        dashboard = ProjectDashboard(project)
    assert [c.deliverable.name for c in dashboard.columns] == ["GovWifi", "Survey"]
    assert [c.done for c in dashboard.columns] == [1, 0]
    assert dashboard.columns[0].deliverable.description == "Enabled"
    assert dashboard.columns[1].deliverable.pk == second.pk
    assert [(m.measure.name, m.measure.target, m.total, m.contributions) for m in dashboard.measures] == [
        ("Places", 10, 0, [])
    ]
    assert [(a.agreement.title, a.signatories, a.signed) for a in dashboard.agreements] == [("ISA", [], 0)]
    camden, hackney = dashboard.rows
    assert camden.deliverables == [
        (dashboard.columns[0].deliverable, "done"),
        (dashboard.columns[1].deliverable, "not_started"),
    ]
    assert camden.status == Participation.Status.IN_PROGRESS
    assert hackney.status == Participation.Status.NOT_STARTED and hackney.last_changed_at is None


def test_each_boroughs_rows_are_its_own(django_assert_num_queries):
    project = project_with(["camden", "hackney", "islington"])
    wifi = DeliverableFactory(project=project, name="GovWifi")
    places = MeasureFactory(project=project, name="Places", unit="places", target=20)
    isa = AgreementFactory(project=project, title="ISA", opened_on=datetime.date(2025, 1, 1))
    DeliverableStatusFactory(deliverable=wifi, borough=borough("camden"), state="done")
    DeliverableStatusFactory(deliverable=wifi, borough=borough("hackney"), state="in_progress")
    MeasureContributionFactory(measure=places, borough=borough("camden"), value=3)
    MeasureContributionFactory(measure=places, borough=borough("hackney"), value=7)
    MeasureContributionFactory(measure=places, borough=borough("islington"), value=0)
    SignatoryFactory(agreement=isa, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 1, 5))
    SignatoryFactory(agreement=isa, borough=borough("hackney"), state="invited")
    SignatoryFactory(agreement=isa, body=True, state="signed", signed_on=datetime.date(2025, 1, 3))
    with django_assert_num_queries(4):
        dashboard = ProjectDashboard(project, today=datetime.date(2025, 2, 1))
    by_slug = {row.borough.slug: row for row in dashboard.rows}
    assert [row.borough.slug for row in dashboard.rows] == ["camden", "hackney", "islington"]
    assert by_slug["camden"].status == Participation.Status.DONE
    assert by_slug["hackney"].status == Participation.Status.IN_PROGRESS
    assert by_slug["islington"].status == Participation.Status.NOT_STARTED
    assert [(m.name, v) for m, v in by_slug["hackney"].pledges] == [("Places", 7)]
    assert by_slug["islington"].pledges == []  # a zero pledge draws nothing
    assert [(s.agreement.title, s.state) for s in by_slug["hackney"].signatures] == [("ISA", "invited")]
    (measure,) = dashboard.measures
    assert (measure.total, [(c.borough.slug, c.value) for c in measure.contributions]) == (
        10,
        [("hackney", 7), ("camden", 3)],
    )
    (agreement,) = dashboard.agreements
    assert (agreement.signed, len(agreement.signatories), agreement.days_open) == (2, 3, 31)


def test_the_dashboards_query_count_does_not_grow(django_assert_num_queries):
    small = project_with(["camden"])
    large = project_with([b for b in ("camden", "hackney", "islington", "lambeth", "southwark", "newham")])
    for project, size in ((small, 1), (large, 6)):
        for d in range(size):
            deliverable = DeliverableFactory(project=project)
            agreement = AgreementFactory(project=project)
            measure = MeasureFactory(project=project)
            for part in project.participations.select_related("borough"):
                DeliverableStatusFactory(deliverable=deliverable, borough=part.borough, state="done")
                SignatoryFactory(agreement=agreement, borough=part.borough)
                MeasureContributionFactory(measure=measure, borough=part.borough, value=d + 1)
    for project in (small, large):
        with django_assert_num_queries(4):
            ProjectDashboard(project)
