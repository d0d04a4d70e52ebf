"""Demo job descriptions, salaries and vacancies: invented, and labelled as demo in the data.

LOTI's library launched with links to dozens of job descriptions for digital,
data and technology roles, and salary benchmarking started with data roles.
These stand in for them: the roles are real kinds of role, every title,
summary, salary and link is made up, and every job description's summary and
every vacancy's summary starts with "Demo". Links go to example.org.

Running it again deletes the demo job descriptions (and their files),
suggestions and vacancies, and makes them afresh.
"""

import io
import random
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from boroughs.models import Borough
from jobs.models import JobDescription, Role, RoleFamily, Suggestion, Vacancy

DEMO_EMAIL = "demo-contributor@loti.example"
DEMO_LINK = "https://www.example.org/demo-job-descriptions/"
DEMO_APPLY = "https://www.example.org/demo-vacancies/"

FAMILIES = [
    ("digital", "Digital", "Designing and running services that work for residents and staff."),
    ("data", "Data", "Finding, joining up and using data to make better decisions."),
    ("technology", "Technology", "The software, infrastructure and security councils run on."),
    ("innovation", "Innovation", "Trying new ways of working, with evidence of what works."),
]

# slug, family, name, level, DDaT role, typical inner London range, summary, title variants
ROLES = [
    ("delivery-manager", "digital", "Delivery manager", "practitioner", "Delivery manager", (48_000, 58_000),
     "Keeps a multidisciplinary team delivering: removes blockers, plans with the team and reports progress honestly.",
     ["Delivery Manager", "Agile Delivery Manager", "Digital Delivery Manager"]),
    ("product-manager", "digital", "Product manager", "practitioner", "Product manager", (52_000, 64_000),
     "Owns a service's outcomes: decides what the team builds next, from evidence of what residents need.",
     ["Product Manager", "Product Manager (Resident Services)", "Digital Product Manager"]),
    ("user-researcher", "digital", "User researcher", "practitioner", "User researcher", (44_000, 56_000),
     "Finds out what residents and staff need, and helps the team act on it.",
     ["User Researcher", "User Researcher (Housing)", "Research Lead"]),
    ("service-designer", "digital", "Service designer", "practitioner", "Service designer", (48_000, 60_000),
     "Designs whole services, from the first contact to the last, across channels and teams.",
     ["Service Designer", "Service Designer (Adult Social Care)", "Senior Service Designer"]),
    ("content-designer", "digital", "Content designer", "practitioner", "Content designer", (40_000, 50_000),
     "Writes and structures content so that people can find, understand and act on it the first time.",
     ["Content Designer", "Content Designer (Web)", "Digital Content Designer"]),
    ("head-of-digital", "digital", "Head of digital", "head", "Head of product", (85_000, 105_000),
     "Leads the council's digital teams and strategy, and the culture change that goes with them.",
     ["Head of Digital", "Head of Digital Services", "Head of Digital and Customer Experience"]),
    ("digital-apprentice", "digital", "Digital apprentice", "entry", "", (22_000, 26_000),
     "Learns on the job in a digital team while studying for a recognised apprenticeship qualification.",
     ["Digital Apprentice", "Apprentice (Digital Services)", "IT and Digital Apprentice"]),
    ("data-analyst", "data", "Data analyst", "practitioner", "Data analyst", (36_000, 48_000),
     "Turns council data into clear analysis that services use to plan and improve.",
     ["Data Analyst", "Performance and Data Analyst", "Insight Analyst", "Business Intelligence Analyst"]),
    ("senior-data-analyst", "data", "Senior data analyst", "senior", "Data analyst", (47_000, 58_000),
     "Leads analysis on complex questions and helps other analysts grow.",
     ["Senior Data Analyst", "Senior Insight Analyst", "Senior Business Intelligence Analyst"]),
    ("data-engineer", "data", "Data engineer", "practitioner", "Data engineer", (48_000, 62_000),
     "Builds and runs the pipelines that bring data together safely and reliably.",
     ["Data Engineer", "Data Platform Engineer", "Data Engineer (Cloud)"]),
    ("data-scientist", "data", "Data scientist", "practitioner", "Data scientist", (50_000, 65_000),
     "Uses statistics and machine learning, carefully and transparently, to answer service questions.",
     ["Data Scientist", "Data Scientist (Children's Services)", "Applied Data Scientist"]),
    ("head-of-data", "data", "Head of data", "head", "Chief data officer", (80_000, 100_000),
     "Sets the council's data strategy and governance, and leads its data teams.",
     ["Head of Data", "Head of Data and Insight", "Head of Data and Analytics"]),
    ("software-developer", "technology", "Software developer", "practitioner", "Software developer", (45_000, 60_000),
     "Builds and maintains the council's own software, in the open where it can.",
     ["Software Developer", "Full Stack Developer", "Software Engineer"]),
    ("cyber-security-analyst", "technology", "Cyber security analyst", "practitioner", "Security analyst", (46_000, 58_000),
     "Watches for threats, responds to incidents and helps teams build securely.",
     ["Cyber Security Analyst", "Information Security Analyst", "Security Operations Analyst"]),
    ("technical-architect", "technology", "Technical architect", "lead", "Technical architect", (65_000, 80_000),
     "Shapes how the council's systems fit together, and the standards they follow.",
     ["Technical Architect", "Enterprise Architect", "Solution Architect"]),
    ("innovation-lead", "innovation", "Innovation lead", "lead", "", (55_000, 70_000),
     "Runs experiments with services and partners, and turns what works into the way things are done.",
     ["Innovation Lead", "Innovation and Partnerships Lead", "Smart Places Lead"]),
]  # fmt: skip

# London boroughs (by slug) and other councils (by name), with a pay factor against inner London.
LONDON = [
    "camden", "hackney", "greenwich", "islington", "lambeth", "southwark", "tower-hamlets", "westminster",
    "barnet", "brent", "croydon", "ealing", "enfield", "haringey", "hounslow", "redbridge", "waltham-forest",
]  # fmt: skip
ELSEWHERE = ["Manchester City Council", "Leeds City Council", "Bristol City Council", "Kent County Council"]
AREA_FACTOR = {"inner": 1.0, "outer": 0.95, "elsewhere": 0.85}


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
    boroughs = {borough.slug: borough for borough in Borough.objects.filter(slug__in=LONDON)}
    descriptions = _job_descriptions(roles, boroughs)
    _suggestions(descriptions)
    vacancies = _vacancies(roles, boroughs, descriptions)
    JobDescription.objects.filter(pk__in=[jd.pk for jd in descriptions]).update_search_vectors()
    return descriptions, vacancies


def _clear_demo():
    Vacancy.objects.filter(apply_url__startswith=DEMO_APPLY).delete()
    for jd in JobDescription.objects.filter(contributor_email=DEMO_EMAIL).exclude(file=""):
        jd.file.delete(save=False)
    JobDescription.objects.filter(contributor_email=DEMO_EMAIL).delete()


def _job_descriptions(roles, boroughs):
    rng = random.Random(2022)  # the same demo every time
    now = timezone.now()
    councils = [("borough", slug) for slug in LONDON] + [("other", name) for name in ELSEWHERE]
    made = []
    for index, (slug, _, name, _, _, (low, high), _, titles) in enumerate(ROLES):
        count = 4 if slug in ("data-analyst", "senior-data-analyst", "data-engineer") else 3
        for n in range(count):
            kind, council = councils[(index * 5 + n * 7) % len(councils)]
            borough = boroughs.get(council) if kind == "borough" else None
            area = borough.area if borough else "elsewhere"
            factor = AREA_FACTOR[area] * rng.uniform(0.88, 1.12)
            salary_min = round(low * factor * rng.uniform(0.95, 1.05) / 250) * 250
            salary_max = max(salary_min, round(high * factor * rng.uniform(0.95, 1.05) / 250) * 250)
            published_at = now - timedelta(days=rng.randint(3, 400))
            title = titles[n % len(titles)]
            council_name = borough.name if borough else council
            made.append(
                JobDescription(
                    role=roles[slug],
                    title=title,
                    borough=borough,
                    council_name=council_name,
                    grade=rng.choice(
                        ["PO3", "PO4", "PO5", "PO6", "Band 6", "Band 7", "Grade 10", "Grade 11", "SO2", ""]
                    ),
                    salary_min=salary_min,
                    salary_max=salary_max,
                    london_weighting=rng.choice(["included", "included", "on_top"]) if borough else "none",
                    advertised_on=(published_at - timedelta(days=rng.randint(5, 40))).date(),
                    external_url=f"{DEMO_LINK}{slug}-{n + 1}",
                    summary=(
                        f"Demo: an invented job description. {council_name} is looking for a "
                        f"{name.lower()} to join a team of {rng.randint(3, 12)}. " + _duties(slug, rng)
                    ),
                    contributor_name="Demo contributor",
                    contributor_email=DEMO_EMAIL,
                    state="published",
                    published_at=published_at,
                    submitted_at=published_at - timedelta(days=2),
                )
            )
    # Two waiting for moderation, so the admin's queue has something in it.
    for jd in made[-2:]:
        jd.state, jd.published_at = "pending", None
    JobDescription.objects.bulk_create(made)
    # A few carry a small generated file instead of a link.
    for jd, (kind, maker) in zip(made[::9], [("pdf", _pdf), ("docx", _docx), ("odt", _odt)] * 3, strict=False):
        jd.external_url = ""
        jd.file_type = kind
        content = maker(jd)
        jd.file_size = len(content)
        jd.file.save(f"demo.{kind}", ContentFile(content), save=False)
        jd.save(update_fields=["external_url", "file_type", "file_size", "file"])
    return made


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


# Small generated files ------------------------------------------------------------


def _pdf(jd):
    text = f"Demo job description: {jd.title}, {jd.council_name}".replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
        b"4 0 obj << /Length " + str(len(stream)).encode() + b" >> stream\n" + stream + b"\nendstream endobj\n"
        b"5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _zip(members, stored_first=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


def _docx(jd):
    text = f"Demo job description: {jd.title}, {jd.council_name}".replace("&", "and").replace("<", "")
    return _zip(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                'document.main+xml"/></Types>',
            ),
            (
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
            ),
            (
                "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>',
            ),
        ]
    )


def _odt(jd):
    text = f"Demo job description: {jd.title}, {jd.council_name}".replace("&", "and").replace("<", "")
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "META-INF/manifest.xml",
                '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            ),
            (
                "content.xml",
                '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                f'office:version="1.2"><office:body><office:text><text:p>{text}</text:p></office:text></office:body>'
                "</office:document-content>",
            ),
        ],
        stored_first=True,
    )
