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

from boroughs.models import Borough, User
from ideas.models import Call, Idea, Vote
from jobs.models import JobDescription, Role, RoleFamily, SalaryBenchmark, Vacancy
from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_dates
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
    Theme,
)

PASSWORD = "bench-password-not-secret"
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


WORDS = [
    "data",
    "digital",
    "analyst",
    "engineer",
    "product",
    "service",
    "designer",
    "architect",
    "security",
    "delivery",
    "manager",
    "lead",
    "developer",
    "research",
    "performance",
    "cloud",
    "network",
    "platform",
]


def jobs_generate(role_count, description_count, vacancy_count, boroughs, rng):
    families = [
        RoleFamily.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("bench-data", "Bench data"),
            ("bench-digital", "Bench digital"),
            ("bench-technology", "Bench technology"),
            ("bench-innovation", "Bench innovation"),
        ]
    ]
    levels = [value for value, _ in Role._meta.get_field("level").choices]
    bulk(
        Role,
        [
            Role(
                family=families[n % len(families)],
                name=f"Bench {WORDS[n % len(WORDS)]} role {n:03d}",
                slug=f"bench-role-{n:03d}",
                level=levels[n % len(levels)],
            )
            for n in range(role_count)
        ],
    )
    roles = list(Role.objects.filter(slug__startswith="bench-role-").order_by("slug"))
    today = timezone.localdate()
    with Progress("Job descriptions", description_count) as bar:
        for start in range(0, description_count, BATCH):
            rows = []
            for n in range(start, min(description_count, start + BATCH)):
                low = 30000 + (n * 37) % 50000
                rows.append(
                    JobDescription(
                        role=roles[n % len(roles)],
                        title=f"{WORDS[n % len(WORDS)].title()} {WORDS[(n * 7) % len(WORDS)]} {n}",
                        borough=boroughs[n % len(boroughs)],
                        council_name=boroughs[n % len(boroughs)].name,
                        grade=f"PO{n % 8}",
                        salary_min=low,
                        salary_max=low + 5000 + n % 9000,
                        london_weighting=["included", "on_top", "none"][n % 3],
                        advertised_on=today - timedelta(days=n % 700),
                        external_url=f"https://jobs.example/{n}",
                        summary=f"A {WORDS[(n * 3) % len(WORDS)]} {WORDS[(n * 5) % len(WORDS)]} job for benchmarking.",
                        state="published" if n % 10 else "pending",
                        published_at=timezone.now() if n % 10 else None,
                        moderated_at=timezone.now() if n % 10 else None,
                    )
                )
            bulk(JobDescription, rows)
            bar.advance(len(rows))
    JobDescription.objects.all().update_search_vectors()
    SalaryBenchmark.objects.rebuild()
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
