"""Demo projects: the three 2019 summer projects and some later ones from the Year 3 OKRs.

Names, dates and figures come from LOTI's weeknotes; descriptions are our own.
Where a project has commitments (deliverables, a measure, agreements), each
borough's status is worked out from its own commitments (`derived_status`),
so a borough shown "Done" has done everything it committed to.
Running it again resets every demo project to this state.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from boroughs.models import Borough
from projects.demo.data import (
    AIR_QUALITY,
    APPRENTICESHIP_PLEDGES,
    DONE,
    DSA_SIGNATORIES,
    LODA_SIGNATORIES,
    PROJECTS,
    PROTOCOL_SIGNATORIES,
    STORY_MAP,
    TEMPORARY_ACCOMMODATION,
    UPDATES,
    WIFI,
)
from projects.models import (
    Agreement,
    CommitmentSummary,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
    Theme,
)

NOW = timezone.now()


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


def days_ago(n):
    return NOW - timedelta(days=n)


def load_projects(users_by_email):
    boroughs = {b.slug: b for b in Borough.objects.all()}
    members = [b for b in boroughs.values() if b.is_member]
    themes = {t.slug: t for t in Theme.objects.all()}
    editor = users_by_email.get("editor@camden.example")
    projects = {}
    for spec in PROJECTS:
        spec = dict(spec)
        slug, lead = spec.pop("slug"), spec.pop("lead")
        spec["theme"] = themes[spec["theme"]]
        spec["lead_borough"] = boroughs[lead] if lead else None
        spec.setdefault("is_public", True)
        spec.setdefault("ends_on", None)
        project, _ = Project.objects.update_or_create(slug=slug, defaults=spec)
        # Reset the commitments to the demo state.
        for related in (
            project.participations,
            project.deliverables,
            project.measures,
            project.agreements,
            project.updates,
        ):
            related.all().delete()
        projects[slug] = project

    wifi = projects["seamless-wi-fi"]
    deliverables = [
        Deliverable.objects.create(project=wifi, name=name, description=text, order=i)
        for i, (name, text) in enumerate(
            [
                ("GovWifi", "The government's guest wi-fi, for staff and visitors from the public sector."),
                ("Govroam", "Roaming access for staff of public bodies that have joined."),
                ("Eduroam", "Roaming access for students and staff of universities and colleges."),
            ]
        )
    ]
    for i, borough in enumerate(sorted(members, key=lambda b: b.name)):
        states = WIFI.get(borough.slug)
        updated_at = days_ago(5 + 40 * (i % 3)) if states else None  # some rows go stale, to show the flag
        for deliverable, state in zip(deliverables, states or (), strict=False):
            DeliverableStatus.objects.create(
                deliverable=deliverable,
                borough=borough,
                state=state,
                version=1,
                updated_by=editor if borough.slug == "camden" else None,
                updated_at=updated_at,
            )
        role = "lead" if borough.slug == "camden" else "participant"
        participate(wifi, borough, role, derived_status(deliverables=states or ["not_started"] * 3), updated_at)

    apprenticeships = projects["digital-apprenticeships"]
    measure = Measure.objects.create(
        project=apprenticeships,
        name="Digital apprenticeship places",
        unit="places",
        target=100,
        due_on=date(2020, 9, 30),
    )
    for i, (slug, places) in enumerate(APPRENTICESHIP_PLEDGES.items()):
        updated_at = days_ago(10 + 30 * (i % 4))
        MeasureContribution.objects.create(
            measure=measure, borough=boroughs[slug], value=places, version=1, updated_at=updated_at
        )
        role = "lead" if slug == "hackney" else "participant"
        participate(apprenticeships, boroughs[slug], role, derived_status(pledged=places), updated_at)

    ig = projects["information-governance"]
    protocol = Agreement.objects.create(
        project=ig,
        title="Information Sharing Protocol for London",
        kind="protocol",
        opened_on=date(2019, 10, 1),
        order=1,
    )
    loda = Agreement.objects.create(
        project=ig,
        title="London Office of Data Analytics pilot agreement",
        kind="isa",
        opened_on=date(2017, 3, 1),
        order=2,
    )
    signed = sign(protocol, [(slug, "", state, day) for slug, state, day in PROTOCOL_SIGNATORIES], boroughs)
    signed += sign(loda, [(slug, "", "signed", day) for slug, day in LODA_SIGNATORIES], boroughs)
    participate_by_signatures(ig, signed, boroughs, lead="camden")

    dsa_project = projects["pan-london-dsa-resource"]
    dsa = Agreement.objects.create(
        project=dsa_project,
        title="Pan-London data sharing agreement",
        kind="dsa",
        opened_on=date(2021, 11, 1),
    )
    participate_by_signatures(dsa_project, sign(dsa, DSA_SIGNATORIES, boroughs), boroughs)

    for slug, statuses in [("digital-exclusion-story-map", STORY_MAP), ("air-quality-collaboration", AIR_QUALITY)]:
        project = projects[slug]
        for i, (borough_slug, status) in enumerate(statuses.items()):
            role = "lead" if project.lead_borough and project.lead_borough.slug == borough_slug else "participant"
            participate(project, boroughs[borough_slug], role, status, days_ago(7 + 35 * (i % 3)))
    for slug in TEMPORARY_ACCOMMODATION:
        participate(
            projects["temporary-accommodation-discovery"], boroughs[slug], "participant", DONE, at(date(2021, 12, 17))
        )

    for slug, updates in UPDATES.items():
        for day, title, body, phase, health in updates:
            ProjectUpdate.objects.create(
                project=projects[slug], title=title, body=body, phase=phase, health=health, published_at=at(day)
            )
    for project in projects.values():
        latest = project.updates.order_by("-published_at").first()
        project.touch(max(filter(None, [latest and latest.published_at, days_ago(3 + project.pk % 20)])))
    return list(projects.values())


def derived_status(*, deliverables=(), signatures=(), pledged=0):
    """The status a borough's commitments give it, by the one rule (projects.models.status).

    The pages work it out themselves; storing it too keeps the admin's history
    and any later change of the project's commitments sensible.
    """
    # Every demo call is about a project with commitments, so this is never None.
    return CommitmentSummary.of(deliverables=deliverables, signatures=signatures, pledges=[pledged]).status()


def sign(agreement, rows, boroughs):
    """Create an agreement's signatories; return (borough slug, state, updated_at) for the boroughs among them."""
    signatures = []
    for slug, body, state, signed_on in rows:
        updated_at = at(signed_on) if signed_on else (days_ago(20) if state == "reviewing" else None)
        Signatory.objects.create(
            agreement=agreement,
            borough=boroughs.get(slug),
            organisation_name=body,
            state=state,
            signed_on=signed_on,
            version=1 if updated_at else 0,
            updated_at=updated_at,
        )
        if slug:
            signatures.append((slug, state, updated_at))
    return signatures


def participate_by_signatures(project, signatures, boroughs, lead=None):
    """One row per borough that signs any of the project's agreements, its status from all its signatures."""
    for slug in sorted({slug for slug, _, _ in signatures}):
        states = [state for who, state, _ in signatures if who == slug]
        updated_at = max((when for who, _, when in signatures if who == slug and when), default=None)
        role = "lead" if slug == lead else "participant"
        participate(project, boroughs[slug], role, derived_status(signatures=states), updated_at)


def participate(project, borough, role, status, updated_at):
    """A borough's row; one that has never been updated has no date and version 0."""
    return Participation.objects.create(
        project=project,
        borough=borough,
        role=role,
        status=status,
        version=1 if updated_at else 0,
        updated_at=updated_at,
    )
