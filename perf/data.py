"""A production-scale dataset for `make bench`, inserted in bulk.

Sizes follow the performance issue: 2,000 users; 300 projects, each with all
33 boroughs taking part and up to 10 deliverables, measures and agreements;
5,000 updates; 40 quarters of 25 key results with 10 check-ins each.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from boroughs.groups import central_team_group
from boroughs.models import Borough, User
from ideas.models import Call, Idea, Vote
from jobs.models import JobDescription, Role, RoleFamily, SalaryBenchmark, Vacancy
from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_dates
from pagecache.versions import content_changed
from perf.progress import Progress
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
    TaskSummary,
    Theme,
)

PASSWORD = "bench-password-not-secret"
CENTRAL_TEAM_EMAIL = "bench-team@loti.example"
BATCH = 5000

SIZES = {
    "production": {
        "users": 2000,
        "projects": 300,
        "updates": 5000,
        "quarters": 40,
        "roles": 300,
        "descriptions": 20000,
        "vacancies": 3000,
        "calls": 20,
        "ideas": 5000,
    },
    "small": {
        "users": 40,
        "projects": 3,
        "updates": 20,
        "quarters": 2,
        "roles": 3,
        "descriptions": 30,
        "vacancies": 10,
        "calls": 2,
        "ideas": 20,
    },
}


def bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def generate(scale="production", seed=2019):
    size = SIZES[scale]
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        boroughs = list(Borough.objects.order_by("pk"))
        users = users_generate(size["users"], boroughs, rng)
        projects_generate(size["projects"], size["updates"], boroughs, users, rng, now)
        okrs_generate(size["quarters"], boroughs, rng)
        jobs_generate(size["roles"], size["descriptions"], size["vacancies"], boroughs, rng)
        ideas_generate(size["calls"], size["ideas"], boroughs, users, rng, now)
        derived_data_refresh()


def derived_data_refresh():
    """What the portal keeps from its data, rebuilt after bulk writes (which send no signals).

    perf.growth calls this too, after copying rows in SQL.
    """
    SalaryBenchmark.objects.rebuild()  # the salaries and role pages read this summary
    TaskSummary.objects.refresh()  # and My borough's task list this one
    content_changed()


def users_generate(count, boroughs, rng):
    password = make_password(PASSWORD)  # hashed once: hashing 2,000 times would take minutes
    roles = [User.Role.MEMBER, User.Role.MEMBER, User.Role.EDITOR, User.Role.CDIO]
    with Progress("Users", count) as bar:
        rows = [
            User(
                email=f"bench{n}@{boroughs[n % len(boroughs)].slug}.example",
                first_name=f"Bench{n}",
                last_name="User",
                borough=boroughs[n % len(boroughs)],
                role=roles[n % len(roles)],
                password=password,
            )
            for n in range(count)
        ]
        bulk(User, rows)
        bar.advance(count)
    central = User.objects.create(
        email="bench-central@loti.example",
        first_name="Bench",
        last_name="Central",
        is_staff=True,
        is_superuser=True,
        password=password,
    )
    # A member of the central team as the portal makes them (staff, in its group, not a superuser):
    # the benchmark's signed-in timings for the central team. `central` above is the admin's.
    team = User.objects.create(
        email=CENTRAL_TEAM_EMAIL, first_name="Bench", last_name="Team", is_staff=True, password=password
    )
    team.groups.add(central_team_group())
    return {"borough_users": list(User.objects.filter(borough__isnull=False).order_by("pk")), "central": central}


def projects_generate(count, update_count, boroughs, users, rng, now):
    themes = list(Theme.objects.all())
    editors = users["borough_users"]
    with Progress("Projects", count) as bar:
        for start in range(0, count, 50):
            chunk = [
                Project(
                    title=f"Bench project {n:04d}",
                    slug=f"bench-project-{n:04d}",
                    theme=themes[n % len(themes)],
                    summary=f"A generated project for the benchmark, number {n}.",
                    lead_borough=boroughs[n % len(boroughs)],
                    phase=["discovery", "alpha", "beta", "live", "closed"][n % 5],
                    health=["on_track", "at_risk", "off_track"][n % 3],
                    started_on=date(2020, 1, 1),
                    last_updated_at=now - timedelta(days=n % 90),
                )
                for n in range(start, min(count, start + 50))
            ]
            bulk(Project, chunk)
            chunk = list(Project.objects.filter(slug__in=[p.slug for p in chunk]))
            participations, deliverables, measures, agreements = [], [], [], []
            for i, project in enumerate(chunk):
                for b in boroughs:
                    participations.append(
                        Participation(
                            project=project,
                            borough=b,
                            role="lead" if b.pk == project.lead_borough_id else "participant",
                            status=["not_started", "in_progress", "done"][(b.pk + i) % 3],
                            version=1,
                            updated_at=now - timedelta(days=(b.pk * 7 + i) % 120),
                            updated_by=rng.choice(editors),
                        )
                    )
                kinds = rng.randint(1, 10)
                deliverables += [Deliverable(project=project, name=f"Deliverable {d}", order=d) for d in range(kinds)]
                measures += [
                    Measure(project=project, name=f"Measure {m}", target=100 + m, order=m)
                    for m in range(rng.randint(1, 10))
                ]
                agreements += [
                    Agreement(project=project, title=f"Agreement {a}", opened_on=date(2021, 1, 4), order=a)
                    for a in range(rng.randint(1, 10))
                ]
            bulk(Participation, participations)
            bulk(Deliverable, deliverables)
            bulk(Measure, measures)
            bulk(Agreement, agreements)
            statuses, contributions, signatories = [], [], []
            for d in Deliverable.objects.filter(project__in=chunk):
                statuses += [
                    DeliverableStatus(
                        deliverable=d,
                        borough=b,
                        state=["not_started", "in_progress", "done"][(b.pk + d.pk) % 3],
                        version=1,
                        updated_at=now,
                    )
                    for b in boroughs
                ]
            for m in Measure.objects.filter(project__in=chunk):
                contributions += [
                    MeasureContribution(measure=m, borough=b, value=(b.pk + m.pk) % 7, version=1, updated_at=now)
                    for b in boroughs
                ]
            for a in Agreement.objects.filter(project__in=chunk):
                for b in boroughs:
                    signed = (b.pk + a.pk) % 2 == 0
                    signatories.append(
                        Signatory(
                            agreement=a,
                            borough=b,
                            state="signed" if signed else "reviewing",
                            signed_on=date(2021, 2, 1) if signed else None,
                            version=1,
                            updated_at=now,
                        )
                    )
            bulk(DeliverableStatus, statuses)
            bulk(MeasureContribution, contributions)
            bulk(Signatory, signatories)
            bar.advance(len(chunk))
    projects = list(Project.objects.filter(slug__startswith="bench-project-"))
    with Progress("Project updates", update_count) as bar:
        rows = [
            ProjectUpdate(
                project=projects[n % len(projects)],
                title=f"Update {n}",
                body=f"Progress report **{n}**.",
                body_html=f"<p>Progress report <strong>{n}</strong>.</p>",  # as save() renders it; bulk skips save()
                phase="beta",
                health="on_track",
                published_at=now - timedelta(hours=n),
                author=users["central"],
            )
            for n in range(update_count)
        ]
        bulk(ProjectUpdate, rows)
        bar.advance(update_count)


def okrs_generate(count, boroughs, rng):
    themes = list(Theme.objects.all())[:8]
    with Progress("OKR quarters", count) as bar:
        for q in range(count):
            year, number = 1 + q // 4, q % 4 + 1  # from Year 1 (2019): some past, some to come
            starts_on, ends_on = quarter_dates(year, number)
            quarter = Quarter.objects.create(
                year=year, number=number, starts_on=starts_on, ends_on=ends_on, is_published=True
            )
            objectives = [Objective(quarter=quarter, theme=t, order=i) for i, t in enumerate(themes)]
            bulk(Objective, objectives)
            objectives = list(quarter.objectives.order_by("order"))
            results = [
                KeyResult(
                    quarter=quarter,
                    objective=objectives[n % len(objectives)],
                    number=n + 1,
                    order=n,
                    title=f"Key result {n + 1} of {quarter}",
                    status=["on_track", "at_risk", "done"][n % 3],
                    lead_borough=boroughs[n % len(boroughs)],
                )
                for n in range(25)
            ]
            bulk(KeyResult, results)
            results = list(quarter.key_results.all())
            through = KeyResult.supporting_boroughs.through
            bulk(
                through,
                [
                    through(keyresult=kr, borough=boroughs[(kr.pk + k) % len(boroughs)])
                    for kr in results
                    for k in range(3)
                ],
            )
            bulk(
                CheckIn,
                [
                    CheckIn(key_result=kr, checked_on=starts_on + timedelta(days=7 * c), value=c * 10)
                    for kr in results
                    for c in range(10)
                ],
            )
            bar.advance()


# Real-sounding roles: 30 professions at 10 levels of seniority make the 300
# roles. The first profession is "data analyst", so the benchmark's search for
# it finds hundreds of job descriptions at production scale (those of one role
# in thirty, about 600 published, and other analysts' whose summary mentions
# data), and the role page it times (bench-role-000, "Apprentice data
# analyst") has dozens of published versions (about 60).
PROFESSIONS = [
    ("data analyst", "data"),
    ("data engineer", "data"),
    ("data scientist", "data"),
    ("performance analyst", "data"),
    ("GIS analyst", "data"),
    ("database administrator", "data"),
    ("information governance officer", "data"),
    ("service designer", "digital"),
    ("user researcher", "digital"),
    ("content designer", "digital"),
    ("interaction designer", "digital"),
    ("product manager", "digital"),
    ("delivery manager", "digital"),
    ("business analyst", "digital"),
    ("software developer", "technology"),
    ("front-end developer", "technology"),
    ("cloud engineer", "technology"),
    ("network engineer", "technology"),
    ("security analyst", "technology"),
    ("solution architect", "technology"),
    ("enterprise architect", "technology"),
    ("platform engineer", "technology"),
    ("systems administrator", "technology"),
    ("ICT support analyst", "technology"),
    ("innovation lead", "innovation"),
    ("digital inclusion officer", "innovation"),
    ("programme manager", "innovation"),
    ("transformation manager", "innovation"),
    ("smart places officer", "innovation"),
    ("partnerships manager", "innovation"),
]
SENIORITY = [
    ("Apprentice", "entry"),
    ("Graduate", "entry"),
    ("Junior", "entry"),
    ("", "practitioner"),
    ("Experienced", "practitioner"),
    ("Senior", "senior"),
    ("Principal", "senior"),
    ("Lead", "lead"),
    ("Chief", "head"),
    ("Head", "head"),
]
# Where in a council the job sits: the second half of a job description's title.
SERVICES = [
    "",
    "children's services",
    "adult social care",
    "housing",
    "highways and transport",
    "public health",
    "revenues and benefits",
    "planning",
    "waste and recycling",
    "corporate ICT",
    "customer services",
]
TASKS = [
    "turn council data into dashboards that managers use every week",
    "redesign how residents apply for services online",
    "keep the council's networks and cloud platforms secure",
    "lead a small multidisciplinary team through discovery and alpha",
    "support colleagues with laptops, phones and line-of-business systems",
    "work with partners across London on shared digital projects",
    "run user research with residents and front-line staff",
    "replace an ageing case management system",
    "make the council's websites accessible to everyone",
    "plan and deliver a programme of service improvements",
]


def role_name(n):
    """The n-th generated role's name: "Apprentice data analyst", "Data engineer", "Head cloud engineer"."""
    profession = PROFESSIONS[n % len(PROFESSIONS)][0]
    prefix = SENIORITY[(n // len(PROFESSIONS)) % len(SENIORITY)][0]
    name = f"{prefix} {profession}" if prefix else profession
    name = name[0].upper() + name[1:]
    # Past 300 roles the names would repeat: number them.
    return name if n < len(PROFESSIONS) * len(SENIORITY) else f"{name} {n // (len(PROFESSIONS) * len(SENIORITY))}"


def role_level(n):
    return SENIORITY[(n // len(PROFESSIONS)) % len(SENIORITY)][1]


def description_fields(n, role_count):
    """The text of the n-th generated job description: title, summary and whether it is published.

    Its role is n % role_count. Published or pending goes by n // role_count,
    not n, so every role has the same mix (9 in 10 published): by n alone,
    with 300 roles, every tenth role would have none.
    """
    role = n % role_count
    service = SERVICES[(n // role_count + role) % len(SERVICES)]
    title = role_name(role) + (f", {service}" if service else "")
    summary = f"Join our {service or 'digital'} team to {TASKS[(n * 7) % len(TASKS)]}."
    return {"title": title, "summary": summary, "published": (n // role_count) % 10 != 9}


def jobs_generate(role_count, description_count, vacancy_count, boroughs, rng):
    families = {
        key: RoleFamily.objects.get_or_create(slug=f"bench-{key}", defaults={"name": f"Bench {key}"})[0]
        for key in ["data", "digital", "technology", "innovation"]
    }
    bulk(
        Role,
        [
            Role(
                family=families[PROFESSIONS[n % len(PROFESSIONS)][1]],
                name=role_name(n),
                slug=f"bench-role-{n:03d}",
                level=role_level(n),
            )
            for n in range(role_count)
        ],
    )
    roles = list(Role.objects.filter(slug__startswith="bench-role-").order_by("slug"))
    today = timezone.localdate()
    now = timezone.now()
    with Progress("Job descriptions", description_count) as bar:
        for start in range(0, description_count, BATCH):
            rows = []
            for n in range(start, min(description_count, start + BATCH)):
                low = 30000 + (n * 37) % 50000
                text = description_fields(n, len(roles))
                published = text["published"]
                rows.append(
                    JobDescription(
                        role=roles[n % len(roles)],
                        title=text["title"],
                        borough=boroughs[n % len(boroughs)],
                        council_name=boroughs[n % len(boroughs)].name,
                        grade=f"PO{n % 8}",
                        salary_min=low,
                        salary_max=low + 5000 + n % 9000,
                        london_weighting=["included", "on_top", "none"][n % 3],
                        advertised_on=today - timedelta(days=n % 700),
                        external_url=f"https://jobs.example/{n}",
                        summary=text["summary"],
                        state="published" if published else "pending",
                        published_at=now - timedelta(minutes=n) if published else None,
                        moderated_at=now - timedelta(minutes=n) if published else None,
                    )
                )
            bulk(JobDescription, rows)
            bar.advance(len(rows))
    JobDescription.objects.all().update_search_vectors()
    with Progress("Vacancies", vacancy_count) as bar:
        bulk(
            Vacancy,
            [
                Vacancy(
                    role=roles[n % len(roles)],
                    title=f"Bench vacancy {n}",
                    borough=boroughs[n % len(boroughs)],
                    council_name=boroughs[n % len(boroughs)].name,
                    salary_min=40000,
                    salary_max=52000,
                    summary="A generated vacancy.",
                    apply_url=f"https://jobs.example/apply/{n}",
                    posted_on=today - timedelta(days=n % 30),
                    closing_on=today - timedelta(days=n % 30) + timedelta(days=n % 60),
                )
                for n in range(vacancy_count)
            ],
        )
        bar.advance(vacancy_count)


def ideas_generate(call_count, idea_count, boroughs, users, rng, now):
    themes = list(Theme.objects.all())
    submitters = users["borough_users"]
    members = [b for b in boroughs if b.is_member]
    with Progress("Calls and ideas", call_count) as bar:
        per_call = max(1, idea_count // call_count)
        for c in range(call_count):
            opens = now - timedelta(days=400 - 15 * c)
            call = Call.objects.create(
                title=f"Bench call {c}",
                slug=f"bench-call-{c:02d}",
                description="A generated call.",
                opens_at=opens,
                deadline_at=opens + timedelta(days=30),
                workshop_on=(opens + timedelta(days=40)).date(),
                voting_opens_at=opens + timedelta(days=40),
                voting_closes_at=opens + timedelta(days=41),
                votes_per_borough=3,
            )
            bulk(
                Idea,
                [
                    Idea(
                        call=call,
                        title=f"Bench idea {c}-{n}",
                        problem="A problem.",
                        proposal="A proposal.",
                        beneficiaries="Residents.",
                        outcomes="Better services.",
                        theme=themes[n % len(themes)],
                        submitted_by=submitters[n % len(submitters)],
                        borough=submitters[n % len(submitters)].borough,
                        status="shortlisted" if n < 10 else "submitted",
                        shortlisted_at=now if n < 10 else None,
                    )
                    for n in range(per_call)
                ],
            )
            shortlisted = list(call.ideas.filter(status="shortlisted").order_by("pk"))
            bulk(
                Vote,
                [
                    Vote(idea=shortlisted[(b.pk + k) % len(shortlisted)], borough=b, cast_at=opens + timedelta(days=40))
                    for b in members
                    for k in range(3)
                    if shortlisted
                ],
            )
            bar.advance()
