"""Demo projects: the three 2019 summer projects and some later ones from the Year 3 OKRs.

Names, dates and figures come from LOTI's weeknotes; descriptions are our own.
Running it again resets every demo project to this state.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from boroughs.models import Borough
from projects.models import (
    Agreement,
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


PROJECTS = [
    {
        "slug": "seamless-wi-fi",
        "title": "Seamless Wi-Fi",
        "theme": "future-workplace",
        "lead": "camden",
        "phase": "live",
        "health": "on_track",
        "started_on": date(2019, 7, 22),
        "summary": "Staff and councillors get online in any member borough's buildings, through GovWifi, Govroam and Eduroam.",
        "description": (
            "Public servants who visit another borough often face a different guest wi-fi login at every site, "
            "which slows down joint work and can matter in an emergency.\n\n"
            "Member boroughs agreed to enable the same roaming networks, so that a device set up once "
            "connects everywhere. Camden's network team and LOTI wrote guidance for network managers, "
            "and each borough records here which networks it has switched on."
        ),
    },
    {
        "slug": "digital-apprenticeships",
        "title": "Digital Apprenticeships",
        "theme": "skills-and-capability",
        "lead": "hackney",
        "phase": "beta",
        "health": "at_risk",
        "started_on": date(2019, 7, 22),
        "ends_on": date(2020, 9, 30),
        "summary": "At least 100 digital apprenticeships in member boroughs by September 2020, with a playbook for the managers who host them.",
        "description": (
            "Finding staff with digital skills is hard for councils. Member boroughs pledged apprenticeship places, "
            "and Hackney led a discovery into what line managers, apprentices and boroughs need to make them succeed.\n\n"
            "Each borough records its pledged places here, so everyone can see the distance to the target."
        ),
    },
    {
        "slug": "information-governance",
        "title": "Information Governance",
        "theme": "information-governance",
        "lead": "camden",
        "phase": "beta",
        "health": "at_risk",
        "started_on": date(2019, 7, 22),
        "summary": "A common way to write and sign information sharing agreements, so sharing data between boroughs takes weeks, not months.",
        "description": (
            "Each information sharing agreement between boroughs used to be written from scratch, and getting every "
            "party to sign took months: the 2017 London Office of Data Analytics pilot needed about six.\n\n"
            "Camden and LOTI are testing a shared template and process. The agreements below show who has signed and how long signing takes."
        ),
    },
    {
        "slug": "digital-exclusion-story-map",
        "title": "Digital Exclusion Story Map",
        "theme": "digital-inclusion",
        "lead": "brent",
        "phase": "beta",
        "health": "on_track",
        "started_on": date(2021, 4, 1),
        "summary": "A map that brings together data on who is likely to be digitally excluded, neighbourhood by neighbourhood.",
        "description": "Five boroughs are building and testing a story map so that inclusion teams can target devices, data and skills support where it is needed most.",
    },
    {
        "slug": "pan-london-dsa-resource",
        "title": "Pan-London data sharing agreement resource",
        "theme": "information-governance",
        "lead": None,
        "phase": "alpha",
        "health": "on_track",
        "started_on": date(2021, 10, 16),
        "summary": "A shared resource, piloted with information governance leads, to make data sharing agreements quicker to complete.",
        "description": "Information governance leads from across London are piloting a common resource and signing process for data sharing agreements.",
    },
    {
        "slug": "cyber-security-pilot",
        "title": "Cyber security pilot",
        "theme": "cyber-security",
        "lead": None,
        "phase": "alpha",
        "health": "on_track",
        "started_on": date(2021, 7, 16),
        "summary": "A pilot, designed after a discovery in 2021, to help boroughs detect and respond to cyber attacks together.",
        "description": "Following a discovery, LOTI is finalising the design of a shared cyber security pilot with interested boroughs.",
    },
    {
        "slug": "air-quality-collaboration",
        "title": "Air quality collaboration pilot",
        "theme": "digital-districts",
        "lead": None,
        "phase": "discovery",
        "health": "on_track",
        "started_on": date(2021, 10, 16),
        "summary": "Making boroughs' smart air quality sensors interoperable, so their readings can be used across borough lines.",
        "description": "Boroughs that run air quality sensors are agreeing common data formats so that the readings can be combined.",
    },
    {
        "slug": "temporary-accommodation-discovery",
        "title": "Temporary accommodation discovery",
        "theme": "digital-inclusion",
        "lead": None,
        "phase": "closed",
        "health": "on_track",
        "started_on": date(2021, 10, 16),
        "ends_on": date(2021, 12, 17),
        "summary": "An eight-week discovery into digital exclusion among residents of temporary accommodation.",
        "description": "An eight-week discovery with a design partner into how people living in temporary accommodation hostels get online, and what stops them.",
    },
    {
        "slug": "data-ethics-process",
        "title": "Pan-London data ethics process",
        "theme": "data-collaboration",
        "lead": None,
        "phase": "discovery",
        "health": "at_risk",
        "started_on": date(2021, 10, 16),
        "is_public": False,
        "summary": "A discovery into a shared process for reviewing the ethics of data projects. Not yet public.",
        "description": "Interviews with organisations that already run data ethics processes, to decide whether London should have one.",
    },
]

APPRENTICESHIP_PLEDGES = {
    "hackney": 12,
    "camden": 8,
    "brent": 6,
    "islington": 6,
    "southwark": 6,
    "barnet": 5,
    "enfield": 5,
    "lambeth": 5,
    "tower-hamlets": 4,
    "waltham-forest": 3,
    "westminster": 3,
}  # 63 places, as pledged in the summer of 2019

LODA_SIGNATORIES = [  # all signed: about six months from opening to the last signature
    ("camden", "", date(2017, 3, 20)),
    ("hackney", "", date(2017, 4, 18)),
    ("islington", "", date(2017, 5, 30)),
    ("westminster", "", date(2017, 7, 12)),
    ("", "Greater London Authority", date(2017, 8, 29)),
]
ISA_SIGNATORIES = [
    ("camden", "", "signed", date(2019, 10, 1)),
    ("hackney", "", "signed", date(2019, 10, 14)),
    ("islington", "", "signed", date(2019, 11, 4)),
    ("southwark", "", "signed", date(2019, 12, 2)),
    ("westminster", "", "reviewing", None),
    ("brent", "", "invited", None),
    ("", "Metropolitan Police Service", "reviewing", None),
    ("", "Greater London Authority", "signed", date(2019, 11, 20)),
    ("", "London Councils", "signed", date(2019, 10, 21)),
]

UPDATES = {
    "seamless-wi-fi": [
        (
            date(2019, 8, 2),
            "Planning with network managers",
            "Camden is leading. Member boroughs have agreed to enable **GovWifi** and **Govroam**; LOTI is drafting guidance for network managers and a plan to tell staff about it.",
            "discovery",
            "on_track",
        ),
        (
            date(2019, 8, 23),
            "Network managers join the project space",
            "Network managers from member boroughs, a JISC representative and Camden's Fabio Negro now share one project space to support each other through the roll-out.",
            "beta",
            "on_track",
        ),
    ],
    "digital-apprenticeships": [
        (
            date(2019, 8, 2),
            "63 places pledged",
            "With Hackney's help, member boroughs have pledged **63** new digital apprenticeship places towards the target of 100 by September 2020.",
            "discovery",
            "on_track",
        ),
        (
            date(2019, 8, 23),
            "Discovery plan",
            "We will research the needs of four groups:\n\n- line managers hosting apprentices\n- LOTI member boroughs\n- people thinking of applying\n- current apprentices",
            "discovery",
            "on_track",
        ),
    ],
    "information-governance": [
        (
            date(2019, 8, 2),
            "Kick-off with Camden",
            "Camden and LOTI are planning a discovery workshop for September, reviewing existing approaches to information sharing from London and other cities first.",
            "discovery",
            "on_track",
        ),
    ],
}


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
        participate(wifi, borough, "lead" if borough.slug == "camden" else "participant", i)
        pattern = [
            ("done", "done", "done"),
            ("done", "in_progress", "not_started"),
            ("done", "not_started", "not_started"),
            None,
        ][i % 4]
        if pattern:
            for deliverable, state in zip(deliverables, pattern, strict=True):
                DeliverableStatus.objects.create(
                    deliverable=deliverable,
                    borough=borough,
                    state=state,
                    version=1,
                    updated_by=editor if borough.slug == "camden" else None,
                    updated_at=days_ago(5 + 40 * (i % 3)),
                )

    apprenticeships = projects["digital-apprenticeships"]
    measure = Measure.objects.create(
        project=apprenticeships,
        name="Digital apprenticeship places",
        unit="places",
        target=100,
        due_on=date(2020, 9, 30),
    )
    for i, (slug, places) in enumerate(APPRENTICESHIP_PLEDGES.items()):
        participate(apprenticeships, boroughs[slug], "lead" if slug == "hackney" else "participant", i)
        MeasureContribution.objects.create(
            measure=measure, borough=boroughs[slug], value=places, version=1, updated_at=days_ago(10 + 30 * (i % 4))
        )

    ig = projects["information-governance"]
    for i, slug in enumerate(["camden", "hackney", "islington", "southwark", "westminster", "brent"]):
        participate(ig, boroughs[slug], "lead" if slug == "camden" else "participant", i)
    isa = Agreement.objects.create(
        project=ig,
        title="Pan-London information sharing agreement (pilot)",
        kind="isa",
        opened_on=date(2019, 9, 16),
        order=1,
    )
    for slug, body, state, signed_on in ISA_SIGNATORIES:
        Signatory.objects.create(
            agreement=isa,
            borough=boroughs.get(slug),
            organisation_name=body,
            state=state,
            signed_on=signed_on,
            version=1,
            updated_at=at(signed_on) if signed_on else days_ago(90),
        )
    loda = Agreement.objects.create(
        project=ig,
        title="London Office of Data Analytics pilot agreement",
        kind="isa",
        opened_on=date(2017, 3, 1),
        order=2,
    )
    for slug, body, signed_on in LODA_SIGNATORIES:
        Signatory.objects.create(
            agreement=loda,
            borough=boroughs.get(slug),
            organisation_name=body,
            state="signed",
            signed_on=signed_on,
            version=1,
            updated_at=at(signed_on),
        )

    story_map = projects["digital-exclusion-story-map"]
    for i, slug in enumerate(["brent", "barnet", "kensington-and-chelsea", "southwark", "westminster"]):
        participate(story_map, boroughs[slug], "lead" if slug == "brent" else "participant", i)
    for i, slug in enumerate(["camden", "hackney", "lewisham", "newham"]):
        participate(projects["pan-london-dsa-resource"], boroughs[slug], "participant", i)
    dsa = Agreement.objects.create(
        project=projects["pan-london-dsa-resource"],
        title="Data sharing agreement template",
        kind="dsa",
        opened_on=date(2021, 11, 1),
    )
    for slug, state, signed_on in [
        ("camden", "signed", date(2021, 11, 22)),
        ("hackney", "reviewing", None),
        ("lewisham", "invited", None),
        ("newham", "signed", date(2021, 12, 6)),
    ]:
        Signatory.objects.create(
            agreement=dsa,
            borough=boroughs[slug],
            state=state,
            signed_on=signed_on,
            version=1,
            updated_at=at(signed_on) if signed_on else None,
        )
    for i, slug in enumerate(["camden", "islington", "waltham-forest"]):
        participate(projects["air-quality-collaboration"], boroughs[slug], "participant", i)

    for slug, updates in UPDATES.items():
        for day, title, body, phase, health in updates:
            ProjectUpdate.objects.create(
                project=projects[slug], title=title, body=body, phase=phase, health=health, published_at=at(day)
            )
    for project in projects.values():
        latest = project.updates.order_by("-published_at").first()
        project.touch(max(filter(None, [latest and latest.published_at, days_ago(3 + project.pk % 20)])))
    return list(projects.values())


def participate(project, borough, role, i):
    updated = i % 3 != 2  # a third of the boroughs have never updated their row
    return Participation.objects.create(
        project=project,
        borough=borough,
        role=role,
        status=["in_progress", "done", "not_started"][i % 3],
        version=1 if updated else 0,
        updated_at=days_ago(7 + 35 * (i % 3)) if updated else None,
    )
