"""The demo projects: true to the weeknotes, with each borough's status agreeing with its commitments."""

import datetime

import pytest
from django.db.models import Sum

from boroughs.demo import load_accounts
from projects.demo import load_projects
from projects.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
)

pytestmark = pytest.mark.django_db


def load():
    return load_projects({user.email: user for user in load_accounts()})


def commitments_of(participation):
    project, borough = participation.project, participation.borough
    recorded = dict(
        DeliverableStatus.objects.filter(deliverable__project=project, borough=borough).values_list(
            "deliverable", "state"
        )
    )
    deliverables = [recorded.get(pk, "not_started") for pk in project.deliverables.values_list("pk", flat=True)]
    signed = Signatory.objects.filter(agreement__project=project, borough=borough)
    signatures = list(signed.values_list("state", flat=True))
    pledged = MeasureContribution.objects.filter(measure__project=project, borough=borough).aggregate(n=Sum("value"))
    return deliverables, signatures, pledged["n"] or 0


def test_every_borough_status_agrees_with_its_commitments():
    load()
    with_commitments = Project.objects.filter(slug__in=["seamless-wi-fi", "digital-apprenticeships"]) | (
        Project.objects.filter(agreements__isnull=False)
    )
    participations = (
        Participation.objects.filter(project__in=with_commitments).with_status().select_related("project", "borough")
    )
    seen = set()
    for participation in participations:
        deliverables, signatures, pledged = commitments_of(participation)
        finishable = [state == "done" for state in deliverables] + [state == "signed" for state in signatures]
        anything = (
            any(state != "not_started" for state in deliverables)
            or any(state in ("reviewing", "signed") for state in signatures)
            or pledged > 0
        )
        if finishable and all(finishable):
            expected = "done"
        elif anything:
            expected = "in_progress"
        else:
            expected = "not_started"
        assert participation.shown_status == expected, (participation, deliverables, signatures, pledged)
        seen.add((participation.project.slug, participation.shown_status))
    # Each state occurs where it can: not a demo where every borough is in progress.
    every_state = {"done", "in_progress", "not_started"}
    assert {status for slug, status in seen if slug == "seamless-wi-fi"} == every_state
    assert {status for slug, status in seen if slug == "information-governance"} == every_state


def test_a_borough_shown_done_on_wi_fi_has_every_network_enabled():
    load()
    wifi = Project.objects.get(slug="seamless-wi-fi")
    networks = Deliverable.objects.filter(project=wifi).count()
    shown_done = [p for p in wifi.participations.with_status() if p.shown_status == "done"]
    assert shown_done
    for participation in shown_done:
        enabled = DeliverableStatus.objects.filter(deliverable__project=wifi, borough=participation.borough)
        assert enabled.filter(state="done").count() == networks == 3


def test_information_governance_has_the_draft_protocol_and_the_workshop_of_6_september_2019():
    load()
    ig = Project.objects.get(slug="information-governance")
    assert ig.lead_borough.slug == "camden"
    protocol = ig.agreements.get(kind=Agreement.Kind.PROTOCOL)
    assert protocol.title == "Information Sharing Protocol for London"
    signatories = protocol.signatories.all()
    assert signatories and all(s.borough_id and not s.organisation_name for s in signatories)  # boroughs only
    assert not ig.agreements.filter(signatories__borough__isnull=True).exists()
    updates = {u.published_at.date(): u for u in ProjectUpdate.objects.filter(project=ig)}
    workshop = updates[datetime.date(2019, 9, 6)]
    assert "workshop" in workshop.title.lower() and "protocol" in workshop.body
    assert any("draft" in u.title.lower() and "protocol" in u.title.lower() for u in updates.values())


def test_the_2021_pan_london_dsa_is_signed_by_the_met_gla_london_councils_barnet_brent_and_camden():
    load()
    dsa = Agreement.objects.get(project__slug="pan-london-dsa-resource", kind=Agreement.Kind.DSA)
    parties = {s.party_name() for s in dsa.signatories.select_related("borough")}
    assert parties == {
        "Metropolitan Police Service",
        "Greater London Authority",
        "London Councils",
        "Barnet",
        "Brent",
        "Camden",
    }
    boroughs = set(dsa.project.participations.values_list("borough__slug", flat=True))
    assert boroughs == {"barnet", "brent", "camden"}


def test_loading_twice_creates_nothing_twice():
    load()
    counts = [
        model.objects.count()
        for model in (Project, Participation, Agreement, Signatory, DeliverableStatus, MeasureContribution)
    ]
    load()
    assert [
        model.objects.count()
        for model in (Project, Participation, Agreement, Signatory, DeliverableStatus, MeasureContribution)
    ] == counts
