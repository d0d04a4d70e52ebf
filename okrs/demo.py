"""Demo OKRs: Year 3 Q2 (16 October 2021 to 15 January 2022) with its 25 items under 8 themes,
and Year 1 Q2, whose apprenticeship key result follows the Digital Apprenticeships measure.

Titles come from LOTI's published Q2 plan; descriptions, statuses and check-ins are invented.
"""

from datetime import date

from boroughs.models import Borough
from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_dates
from projects.models import Measure, Project, Theme

DONE, ON_TRACK, AT_RISK, NOT_STARTED, DROPPED = "done", "on_track", "at_risk", "not_started", "dropped"

# theme slug -> [(title, description, status, lead, supporting, project slug, target, unit, progress values)]
YEAR_3_Q2 = {
    "skills-and-capability": [
        (
            "Launch LOTI Women Digital Leaders' Network",
            "Form a cohort of women from each member borough to take a confidence course together, and keep them meeting as a network afterwards.",
            ON_TRACK,
            None,
            ["camden", "hackney", "brent"],
            None,
            50,
            "women enrolled",
            [12, 31],
        ),
        (
            "Publish a guide to recruiting for hard-to-fill roles",
            "Simple changes boroughs can make to their recruitment to attract data and digital specialists, drawn from our data skills discovery.",
            DONE,
            None,
            [],
            None,
            100,
            "%",
            [40, 80, 100],
        ),
        (
            "Design and set date for LocalGov Data Careers Day",
            "A day to show people what working in local government data is really like.",
            ON_TRACK,
            "barnet",
            ["brent", "camden", "lewisham"],
            None,
            100,
            "%",
            [25, 60],
        ),
        (
            "Finalise design of LOTI Data Academy",
            "A data academy for senior leaders, council staff and data teams.",
            AT_RISK,
            None,
            ["barnet", "camden"],
            None,
            100,
            "%",
            [20, 35],
        ),
        (
            "Launch Senior Leaders ONS Data Programme",
            "A LOTI cohort on the Office for National Statistics' data training for senior leaders.",
            DONE,
            None,
            [],
            None,
            20,
            "senior leaders",
            [8, 20],
        ),
        (
            "Publish full MVP of Digital, Data & Innovation Capability Model",
            "An eight-week sprint with a build partner to finish the capability model.",
            AT_RISK,
            None,
            [],
            None,
            100,
            "%",
            [10, 30],
        ),
        (
            "Identify and salary benchmark set of priority list of roles",
            "Starting with data roles, compare salaries across member boroughs.",
            ON_TRACK,
            None,
            ["hackney", "islington"],
            None,
            12,
            "roles benchmarked",
            [3, 7],
        ),
        (
            "Publish first set of videos for LOTI Leadership Series",
            "Short videos on key digital and data ideas for senior leaders.",
            NOT_STARTED,
            None,
            [],
            None,
            6,
            "videos",
            [],
        ),
    ],
    "future-workplace": [
        (
            "Publish Future Workplace report",
            "Trends, challenges and opportunities from interviews with boroughs about how they will work.",
            DONE,
            None,
            [],
            None,
            100,
            "%",
            [50, 90, 100],
        ),
        (
            "Hold webinars on Future Workplace with corporate partners",
            "Partners share their research to help boroughs decide how to work in future.",
            ON_TRACK,
            None,
            [],
            None,
            4,
            "webinars",
            [1, 2],
        ),
    ],
    "innovation-in-procurement": [
        (
            "Publish deep-dive factsheet on technology and contracts in Social Care",
            "What boroughs use today, new suppliers, low code and innovations in social care, in one place.",
            AT_RISK,
            None,
            ["waltham-forest"],
            None,
            100,
            "%",
            [15, 30],
        ),
    ],
    "cyber-security": [
        (
            "Complete design of cyber security pilot",
            "Finish the design after the Q1 discovery, with the National Cyber Security Centre and boroughs.",
            ON_TRACK,
            None,
            [],
            "cyber-security-pilot",
            100,
            "%",
            [40, 70],
        ),
    ],
    "data-collaboration": [
        (
            "Confirm data collaboration project aimed at interesting senior leaders",
            "Agree with London Councils where data could make the most difference.",
            ON_TRACK,
            None,
            [],
            None,
            100,
            "%",
            [30, 60],
        ),
        (
            "Pilot pan-London IG resource to aid completion of Data Sharing Agreements",
            "Shared information governance capacity to finalise urgent data sharing agreements, with the Met, the GLA and London Councils.",
            ON_TRACK,
            "camden",
            ["barnet", "brent"],
            "pan-london-dsa-resource",
            100,
            "%",
            [20, 55],
        ),
        (
            "Complete discovery into establishing a pan-London Data Ethics Process",
            "Learn from organisations that already review the ethics of data projects.",
            AT_RISK,
            None,
            [],
            None,
            100,
            "%",
            [20, 40],
        ),
    ],
    "new-service-models": [
        (
            "Launch LOTI Government Innovators Series",
            "Online conversations with government innovators from around the world.",
            DONE,
            None,
            [],
            None,
            3,
            "talks",
            [1, 3],
        ),
    ],
    "digital-inclusion": [
        (
            "Complete Discovery into Temporary Accommodation in London Boroughs",
            "An eight-week discovery into digital exclusion among people living in temporary accommodation.",
            DONE,
            "kensington-and-chelsea",
            ["westminster"],
            "temporary-accommodation-discovery",
            100,
            "%",
            [50, 100],
        ),
        (
            "Complete co-design phase of Dementia Care project",
            "Designing with people living with dementia and their carers.",
            ON_TRACK,
            "hammersmith-and-fulham",
            ["westminster", "newham", "lewisham", "ealing"],
            None,
            100,
            "%",
            [30, 65],
        ),
        (
            "Complete Digital Exclusion Story Map build and testing",
            "A map of where people are likely to be digitally excluded, built by five boroughs.",
            ON_TRACK,
            "brent",
            ["barnet", "kensington-and-chelsea", "southwark", "westminster"],
            "digital-exclusion-story-map",
            100,
            "%",
            [45, 75],
        ),
        (
            "Complete discovery into improving use of Social Value",
            "How boroughs can get more from the social value commitments of their suppliers.",
            NOT_STARTED,
            None,
            [],
            None,
            100,
            "%",
            [],
        ),
        (
            "Complete discovery into making better use of Social Tariffs",
            "Helping residents on low incomes find cheaper broadband and phone deals.",
            DROPPED,
            None,
            [],
            None,
            100,
            "%",
            [10],
        ),
        (
            "Produce a guide for sourcing devices",
            "Where and how boroughs can get devices for residents who need them.",
            ON_TRACK,
            None,
            [],
            None,
            100,
            "%",
            [20, 50],
        ),
        (
            "Design digital inclusion triage questions",
            "A few questions staff can ask to find out what help a resident needs to get online.",
            NOT_STARTED,
            None,
            [],
            None,
            100,
            "%",
            [],
        ),
    ],
    "digital-districts": [
        (
            "Finalise design and set date for Net Zero design sprint with LEDNet",
            "Work with the London Environment Directors' Network on the outcomes a sprint should tackle.",
            ON_TRACK,
            None,
            [],
            None,
            100,
            "%",
            [35, 70],
        ),
        (
            "Launch air quality collaboration pilot",
            "Make boroughs' air quality sensors work together so readings can be shared across London.",
            AT_RISK,
            None,
            ["camden", "islington", "waltham-forest"],
            "air-quality-collaboration",
            100,
            "%",
            [10, 25],
        ),
    ],
}

CHECK_IN_DAYS = [date(2021, 11, 5), date(2021, 12, 3), date(2022, 1, 14)]


def load_okrs(central_user=None):
    boroughs = {b.slug: b for b in Borough.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}

    q2 = quarter(
        3,
        2,
        published=True,
        introduction=(
            "Below are the 25 things the LOTI community is working on in the second quarter of Year 3, "
            "grouped under our eight themes. Each shows how far it has got and which boroughs are involved."
        ),
    )
    q2.key_results.all().delete()
    q2.objectives.all().delete()
    number = 1
    for order, (theme_slug, items) in enumerate(YEAR_3_Q2.items(), start=1):
        objective = Objective.objects.create(quarter=q2, theme=themes[theme_slug], order=order)
        for position, (title, description, status, lead, supporting, project, target, unit, values) in enumerate(items):
            kr = KeyResult.objects.create(
                quarter=q2,
                objective=objective,
                number=number,
                order=position,
                title=title,
                description=description,
                status=status,
                target=target,
                unit=unit,
                lead_borough=boroughs.get(lead),
                project=projects.get(project),
            )
            kr.supporting_boroughs.set([boroughs[slug] for slug in supporting])
            for day, value in zip(CHECK_IN_DAYS, values, strict=False):
                CheckIn.objects.create(
                    key_result=kr,
                    checked_on=day,
                    value=value,
                    author=central_user,
                    confidence="high" if status in (DONE, ON_TRACK) else "low",
                    comment="On plan." if status in (DONE, ON_TRACK) else "Slower than hoped: waiting on partners.",
                )
            number += 1

    # Year 1 Q2: the apprenticeship pledges, following the project's measure.
    q = quarter(1, 2, published=True, introduction="The first autumn of LOTI's three summer projects.")
    q.key_results.all().delete()
    q.objectives.all().delete()
    skills = Objective.objects.create(quarter=q, theme=themes["skills-and-capability"], order=1)
    measure = Measure.objects.filter(project__slug="digital-apprenticeships").first()
    pledges = KeyResult.objects.create(
        quarter=q,
        objective=skills,
        number=1,
        title="Member boroughs pledge 100 digital apprenticeships",
        description="Pledges are counted from each borough's entry on the Digital Apprenticeships project.",
        status=AT_RISK,
        measure=measure,
        target=100,
        unit="places",
        lead_borough=boroughs["hackney"],
        project=projects.get("digital-apprenticeships"),
    )
    pledges.supporting_boroughs.set([boroughs["camden"], boroughs["brent"]])
    governance = Objective.objects.create(quarter=q, theme=themes["information-governance"], order=2)
    KeyResult.objects.create(
        quarter=q,
        objective=governance,
        number=2,
        title="Hold the information sharing discovery workshop",
        status=DONE,
        lead_borough=boroughs["camden"],
        project=projects.get("information-governance"),
    )
    return [q2, q]


def quarter(year, number, *, published, introduction):
    starts_on, ends_on = quarter_dates(year, number)
    q, _ = Quarter.objects.update_or_create(
        year=year,
        number=number,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "is_published": published, "introduction": introduction},
    )
    return q
