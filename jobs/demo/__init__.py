"""Demo job descriptions, salaries and vacancies for the jobs app.

The library starts as LOTI's did in January 2022: 45 published job
descriptions, one for each role in `jobs.demo.roles`, based on versions
developed and shared by the Royal Borough of Greenwich and saying so, plus a
few other councils' versions of some of the same roles. Titles, summaries,
salaries and links are our own inventions; every summary starts with "Demo"
and links go to example.org.

Running it again deletes the demo job descriptions (and their files),
suggestions and vacancies, and makes them afresh.
"""

import random
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from boroughs.models import Borough
from jobs.demo import files
from jobs.demo.roles import FAMILIES, GREENWICH_BASED_ON, OTHER_VERSIONS, ROLES
from jobs.models import JobDescription, Role, RoleFamily, SalaryBenchmark, Suggestion, Vacancy

DEMO_EMAIL = "demo-contributor@loti.example"
DEMO_LINK = "https://www.example.org/demo-job-descriptions/"
DEMO_APPLY = "https://www.example.org/demo-vacancies/"

AREA_FACTOR = {"inner": 1.0, "outer": 0.95, "elsewhere": 0.85}
# Greenwich's versions were shared in the months before the library launched on 17 January 2022.
LIBRARY_LAUNCHED = timezone.make_aware(datetime(2022, 1, 17, 9, 30))


def load_jobs():
    """Create the role families and roles, and reset the demo job descriptions, suggestions and vacancies."""
    families = {
        slug: RoleFamily.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )[0]
        for order, (slug, name, description) in enumerate(FAMILIES, start=1)
    }
    roles = {}
    for slug, family, name, level, ddat, _, summary, _ in ROLES:
        roles[slug] = Role.objects.update_or_create(
            slug=slug,
            defaults={"family": families[family], "name": name, "level": level, "summary": summary, "ddat_role": ddat},
        )[0]
    _clear_demo()
    boroughs = {borough.slug: borough for borough in Borough.objects.all()}
    descriptions = _job_descriptions(roles, boroughs)
    _suggestions(descriptions)
    vacancies = _vacancies(roles, boroughs, descriptions)
    JobDescription.objects.filter(pk__in=[jd.pk for jd in descriptions]).update_search_vectors()
    SalaryBenchmark.objects.rebuild()  # bulk_create calls nothing
    return descriptions, vacancies


def _clear_demo():
    Vacancy.objects.filter(apply_url__startswith=DEMO_APPLY).delete()
    for jd in JobDescription.objects.filter(contributor_email=DEMO_EMAIL).exclude(file=""):
        jd.file.delete(save=False)
    JobDescription.objects.filter(contributor_email=DEMO_EMAIL).delete()


def _job_descriptions(roles, boroughs):
    rng = random.Random(2022)  # the same demo every time
    greenwich = boroughs["greenwich"]
    made = []
    for slug, _, name, _, _, band, _, title in ROLES:
        published_at = LIBRARY_LAUNCHED - timedelta(minutes=len(made))  # the library's order: as shared
        made.append(
            _version(
                rng,
                roles[slug],
                band,
                title,
                greenwich,
                "",
                published_at,
                based_on=GREENWICH_BASED_ON,
                summary=(
                    f"Demo: the library's job description for a {name.lower()}, based on the version "
                    f"developed and shared by the Royal Borough of Greenwich. {_duties(slug, rng)}"
                ),
            )
        )
    now = timezone.now()
    bands = {role[0]: role[5] for role in ROLES}
    for slug, council, title, grade in OTHER_VERSIONS:
        borough = boroughs.get(council)
        council_name = borough.name if borough else council
        published_at = now - timedelta(days=rng.randint(20, 900))
        made.append(
            _version(
                rng,
                roles[slug],
                bands[slug],
                title,
                borough,
                council_name,
                published_at,
                grade=grade,
                summary=(
                    f"Demo: {council_name}'s own version of the role, shared with the library. "
                    f"The team has {rng.randint(3, 12)} people. {_duties(slug, rng)}"
                ),
            )
        )
    # Two waiting for moderation, so the admin's queue has something in it.
    for jd in made[-2:]:
        jd.state, jd.published_at = "pending", None
    JobDescription.objects.bulk_create(made)
    # A few carry a small generated file instead of a link.
    for jd, (kind, maker) in zip(
        made[::9], [("pdf", files.pdf), ("docx", files.docx), ("odt", files.odt)] * 3, strict=False
    ):
        jd.external_url = ""
        jd.file_type = kind
        content = maker(jd)
        jd.file_size = len(content)
        jd.file.save(f"demo.{kind}", ContentFile(content), save=False)
        jd.save(update_fields=["external_url", "file_type", "file_size", "file"])
    return made


def _version(rng, role, band, title, borough, council_name, published_at, *, summary, based_on="", grade=None):
    low, high = band
    area = borough.area if borough else "elsewhere"
    factor = AREA_FACTOR[area] * rng.uniform(0.92, 1.08)
    salary_min = round(low * factor / 250) * 250
    salary_max = max(salary_min, round(high * factor / 250) * 250)
    return JobDescription(
        role=role,
        title=title,
        borough=borough,
        council_name=borough.name if borough else council_name,
        based_on=based_on,
        grade=_grade(salary_min) if grade is None else grade,
        salary_min=salary_min,
        salary_max=salary_max,
        london_weighting=rng.choice(["included", "included", "on_top"]) if borough else "none",
        advertised_on=(published_at - timedelta(days=rng.randint(5, 40))).date(),
        external_url=f"{DEMO_LINK}{role.slug}-{(borough.slug if borough else council_name.split()[0].lower())}",
        summary=summary,
        contributor_name="Demo contributor",
        contributor_email=DEMO_EMAIL,
        state="published",
        published_at=published_at,
        submitted_at=published_at - timedelta(days=2),
    )


def _grade(salary_min):
    """A plausible London grade for the bottom of a salary range."""
    for floor, grade in [(80_000, "SM2"), (60_000, "SM1"), (50_000, "PO6"), (42_000, "PO4"), (34_000, "PO2")]:
        if salary_min >= floor:
            return grade
    return "SO1"


DUTIES = {
    "data": [
        "You will build dashboards that managers actually use, and explain what the numbers do and do not show.",
        "You will join up data from housing, revenues and social care, with the information governance team.",
        "You will help services measure whether their changes worked.",
    ],
    "digital": [
        "You will work in the open with residents, frontline staff and suppliers.",
        "You will help teams move from projects to long-lived products that keep improving.",
        "You will share what you learn with other London boroughs through LOTI.",
    ],
    "technology": [
        "You will look after services that thousands of residents rely on every day.",
        "You will help retire old systems safely and choose better ones.",
        "You will work to the government's Technology Code of Practice.",
    ],
    "innovation": [
        "You will run small, well-evidenced experiments with services and partners.",
        "You will bring in funding and partners, and report honestly on what did not work.",
    ],
}


def _duties(slug, rng):
    family = next(role[1] for role in ROLES if role[0] == slug)
    return rng.choice(DUTIES[family])


def _suggestions(descriptions):
    published = [jd for jd in descriptions if jd.state == "published"]
    Suggestion.objects.create(
        job_description=published[0],
        body="Demo: say which data protection training the role needs in its first three months.",
        name="Demo suggester",
        email=DEMO_EMAIL,
        state="approved",
        moderated_at=timezone.now(),
    )
    Suggestion.objects.create(
        job_description=published[3],
        body="Demo: the essential criteria ask for a degree; experience would do as well and widen the field.",
        name="Demo suggester",
        email=DEMO_EMAIL,
    )


def _vacancies(roles, boroughs, descriptions):
    today = timezone.localdate()
    # role, council (borough slug or name), title, days to closing (negative: closed)
    rows = [
        ("data-analyst", "hackney", "Data Analyst (Housing)", 12),
        ("senior-data-analyst", "camden", "Senior Data Analyst", 20),
        ("data-engineer", "greenwich", "Data Engineer", 6),
        ("product-manager", "islington", "Product Manager, Resident Accounts", 25),
        ("user-researcher", "brent", "User Researcher", 9),
        ("service-designer", "croydon", "Service Designer", 30),
        ("cyber-security-analyst", "barnet", "Cyber Security Analyst", 15),
        ("software-developer", "Leeds City Council", "Software Developer", 18),
        ("digital-apprentice", "waltham-forest", "Digital Apprentice (2 posts)", 40),
        ("head-of-data", "southwark", "Head of Data and Insight", -3),
        ("content-designer", "ealing", "Content Designer", -10),
        ("delivery-manager", "Bristol City Council", "Delivery Manager", -1),
    ]
    by_role = {jd.role_id: jd for jd in descriptions if jd.state == "published"}
    vacancies = []
    for n, (slug, council, title, closes_in) in enumerate(rows, start=1):
        role = roles[slug]
        low, high = next(r[5] for r in ROLES if r[0] == slug)
        borough = boroughs.get(council)
        factor = AREA_FACTOR[borough.area if borough else "elsewhere"]
        closing_on = today + timedelta(days=closes_in)
        vacancies.append(
            Vacancy(
                role=role,
                title=title,
                borough=borough,
                council_name=borough.name if borough else council,
                salary_min=round(low * factor / 250) * 250,
                salary_max=round(high * factor / 250) * 250,
                london_weighting="included" if borough else "none",
                summary=(
                    f"Demo vacancy: invented for the LOTI Portal demo. {role.summary} "
                    "The full job description and person specification are on the council's website."
                ),
                apply_url=f"{DEMO_APPLY}{n}",
                posted_on=min(today, closing_on) - timedelta(days=21),
                closing_on=closing_on,
                job_description=by_role.get(role.pk),
            )
        )
    return Vacancy.objects.bulk_create(vacancies)
