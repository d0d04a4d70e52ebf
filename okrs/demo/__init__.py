"""Demo OKRs for the okrs app.

Year 3 Q2 (16 October 2021 to 15 January 2022) with its 25 items under 8
themes; Year 1 Q2, whose apprenticeship key result follows the Digital
Apprenticeships measure; and the quarter running today, worked out from
today's date, with a handful of key results, so that the home page's
"This quarter" is true whenever the demo is loaded.
"""

from datetime import timedelta

from django.utils import timezone

from boroughs.models import Borough
from okrs.demo.data import AT_RISK, CHECK_IN_DAYS, CURRENT, DONE, ON_TRACK, YEAR_3_Q2
from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_containing, quarter_dates
from projects.models import Measure, Project, Theme


def load_okrs(central_user=None, today=None):
    today = today or timezone.localdate()
    boroughs = {b.slug: b for b in Borough.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    lookups = {"boroughs": boroughs, "themes": themes, "projects": projects, "author": central_user}

    q2 = quarter(
        3,
        2,
        published=True,
        introduction=(
            "Below are the 25 things the LOTI community is working on in the second quarter of Year 3, "
            "grouped under our eight themes. Each shows how far it has got and which boroughs are involved."
        ),
    )
    key_results(q2, YEAR_3_Q2, lambda values: zip(CHECK_IN_DAYS, values, strict=False), **lookups)

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
        title="Member boroughs sign the Information Sharing Protocol for London",
        description="The protocol reviewed at September's workshop opened for signature on 1 October.",
        status=AT_RISK,
        lead_borough=boroughs["camden"],
        project=projects.get("information-governance"),
    )
    quarters = [q2, q]

    year, number = quarter_containing(today)
    if (year, number) not in {(3, 2), (1, 2)}:  # the seed quarters keep their own key results
        now = quarter(
            year,
            number,
            published=True,
            introduction=(
                "What the LOTI community is working on this quarter: the job description library, "
                "women in digital leadership, information sharing, cyber security and digital inclusion."
            ),
        )
        elapsed = (today - now.starts_on).days

        def spread(values):
            # Check-ins spread over the days so far, the last one today: none in the future.
            return [
                (now.starts_on + timedelta(days=elapsed * k // len(values)), value)
                for k, value in enumerate(values, start=1)
            ]

        key_results(now, CURRENT, spread, **lookups)
        quarters.insert(0, now)
    return quarters


def key_results(q, items_by_theme, check_ins, *, boroughs, themes, projects, author):
    """Reset a quarter's objectives and key results, numbered 1..N, with their check-ins.

    `check_ins(values)` gives (day, value) pairs for a key result's progress values.
    """
    q.key_results.all().delete()
    q.objectives.all().delete()
    number = 1
    for order, (theme_slug, items) in enumerate(items_by_theme.items(), start=1):
        objective = Objective.objects.create(quarter=q, theme=themes[theme_slug], order=order)
        for position, (title, description, status, lead, supporting, project, target, unit, values) in enumerate(items):
            kr = KeyResult.objects.create(
                quarter=q,
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
            for day, value in check_ins(values):
                CheckIn.objects.create(
                    key_result=kr,
                    checked_on=day,
                    value=value,
                    author=author,
                    confidence="high" if status in (DONE, ON_TRACK) else "low",
                    comment="On plan." if status in (DONE, ON_TRACK) else "Slower than hoped: waiting on partners.",
                )
            number += 1


def quarter(year, number, *, published, introduction):
    starts_on, ends_on = quarter_dates(year, number)
    q, _ = Quarter.objects.update_or_create(
        year=year,
        number=number,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "is_published": published, "introduction": introduction},
    )
    return q
