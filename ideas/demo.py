"""Demo ideas bank: the 2019 call that LOTI's weeknotes mention, and a call open now.

The 2019 call's deadline (6 September) and workshop (20 September) come from
LOTI's weeknotes; the ideas and their wording are our own. Its selected ideas
are linked to the demo projects they resemble, and one is turned into a new
project through the same service the admin action uses. The open call's dates
are set from today, so that it is always open when the demo is loaded.
Running it again resets both calls to this state.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from boroughs.models import Borough
from ideas.models import Call, Idea, Status, Vote
from ideas.services import idea_promote_to_project
from projects.models import Project, Theme


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# title, theme, submitter's email, interested boroughs, status, problem, proposal, who benefits, outcomes,
# and for reviewed ideas the public response (and sometimes a staff-only note).
IDEAS_2019 = [
    {
        "title": "Map where residents are likely to be digitally excluded",
        "theme": "digital-inclusion",
        "by": "member@hackney.example",
        "interested": ["hackney", "brent", "barnet", "southwark", "westminster"],
        "status": Status.SELECTED,
        "project": "digital-exclusion-story-map",
        "problem": "Inclusion teams know digital exclusion is concentrated in some neighbourhoods, but the evidence is spread across many data sets, so support is targeted by instinct.",
        "proposal": "Bring the open data that predicts exclusion (age, income, broadband coverage, library use) together on one map that every borough can use and add to.",
        "beneficiaries": "Residents who cannot get online, and the council and voluntary sector teams trying to reach them.",
        "outcomes": "Devices, data and skills support go where they are needed most, and boroughs can show why.",
        "response": "Boroughs ranked this first. Brent has offered to lead, and it is now a LOTI project.",
    },
    {
        "title": "Shared defences against cyber attacks",
        "theme": "cyber-security",
        "by": "cdio@camden.example",
        "interested": ["camden", "hackney", "islington", "tower-hamlets", "lambeth"],
        "status": Status.SELECTED,
        "project": "cyber-security-pilot",
        "problem": "Every borough buys and runs its own security monitoring, and small teams cannot watch their networks around the clock.",
        "proposal": "Explore what boroughs could share: threat intelligence, incident response, and perhaps a jointly procured monitoring service.",
        "beneficiaries": "Residents whose data boroughs hold, and the IT teams who are on call when something goes wrong.",
        "outcomes": "Attacks are spotted sooner, and a borough under attack gets help from its neighbours.",
        "response": "Selected at the workshop. LOTI will start with a discovery before designing a pilot.",
    },
    {
        "title": "Make air quality sensors work across borough lines",
        "theme": "digital-districts",
        "by": "editor@camden.example",
        "interested": ["camden", "islington", "waltham-forest"],
        "status": Status.SELECTED,
        "project": "air-quality-collaboration",
        "problem": "Boroughs run air quality sensors from different suppliers, whose readings cannot be compared or combined.",
        "proposal": "Agree common data formats and an open way to publish readings, and ask suppliers to meet them.",
        "beneficiaries": "Residents with breathing conditions, schools near main roads, and public health teams.",
        "outcomes": "A London-wide picture of air quality that boroughs can act on together.",
        "response": "Selected. Camden, Islington and Waltham Forest will start by comparing their sensor data.",
    },
    {
        "title": "Guidance on the responsible use of artificial intelligence",
        "theme": "data-collaboration",
        "by": "member@hackney.example",
        "interested": ["hackney", "camden", "enfield"],
        "status": Status.SELECTED,
        "project": None,  # becomes a new project through the promotion service
        "problem": "Suppliers offer boroughs AI tools, and officers have no shared guidance for judging whether a tool is fair, lawful and explainable.",
        "proposal": "Write practical guidance with borough officers, data protection leads and residents, and test it on two real procurements.",
        "beneficiaries": "Residents affected by automated decisions, and the officers who buy and run the tools.",
        "outcomes": "Boroughs ask suppliers the same questions, and can explain to residents how a tool reached its answer.",
        "response": "Selected. The central team will set this up as a project with Hackney.",
    },
    {
        "title": "Buy case management systems together",
        "theme": "innovation-in-procurement",
        "by": "editor@hackney.example",
        "interested": ["hackney", "haringey", "redbridge"],
        "status": Status.NOT_PROGRESSED,
        "shortlisted": True,
        "problem": "Each borough negotiates alone with the same few suppliers of social care case management systems.",
        "proposal": "Line up contract end dates and run one joint procurement for the boroughs that are ready.",
        "beneficiaries": "Social workers who use the systems every day, and council budgets.",
        "outcomes": "Better prices and terms, and systems that can share data.",
        "response": "Boroughs liked this, but too few contracts end within the next two years. We will look at it again when they do.",
        "note": "Revisit in 2021 with the contracts register.",
    },
    {
        "title": "Digital skills sessions for councillors",
        "theme": "skills-and-capability",
        "by": "member@camden.example",
        "interested": ["camden", "kingston-upon-thames"],
        "status": Status.NOT_PROGRESSED,
        "shortlisted": True,
        "problem": "Councillors approve digital projects without always having the background to question them.",
        "proposal": "A short series of sessions, run once for all member boroughs, on what good digital services look like.",
        "beneficiaries": "Councillors, and the officers who brief them.",
        "outcomes": "Better questions at committee, and faster decisions on digital projects.",
        "response": "Not taken forward as a project: London Councils already runs similar sessions, and we will point members to them.",
    },
    {
        "title": "Open data on temporary accommodation",
        "theme": "new-service-models",
        "by": "cdio@hackney.example",
        "interested": ["hackney"],
        "status": Status.NOT_PROGRESSED,
        "problem": "Boroughs compete for the same temporary accommodation without seeing what the others are paying.",
        "proposal": "Publish anonymised placement and price data in a common format.",
        "beneficiaries": "Families in temporary accommodation, and housing teams.",
        "outcomes": "Less bidding against each other, and better placements.",
        "response": "An important problem, but the data raised questions that need an information governance agreement first.",
        "note": "Point them to the Information Governance project.",
    },
    {
        "title": "A chatbot for council tax questions",
        "theme": "new-service-models",
        "by": "member@hackney.example",
        "interested": ["hackney"],
        "status": Status.WITHDRAWN,
        "problem": "Council tax questions fill the contact centre's phone lines in March.",
        "proposal": "A shared chatbot that answers the most common questions.",
        "beneficiaries": "Residents, and contact centre staff.",
        "outcomes": "Shorter queues in March.",
    },
]

# Each founding borough's three votes at the 2019 workshop, by idea number in IDEAS_2019.
VOTES_2019 = {
    "barnet": [0, 1, 4],
    "brent": [0, 2, 3],
    "camden": [1, 2, 3],
    "enfield": [0, 1, 3],
    "hackney": [0, 3, 4],
    "haringey": [0, 1, 4],
    "islington": [1, 2, 5],
    "kingston-upon-thames": [0, 1, 5],
    "lambeth": [0, 1, 2],
    "redbridge": [1, 3, 4],
    "southwark": [0, 2, 3],
    "tower-hamlets": [0, 1, 3],
    "waltham-forest": [0, 2, 5],
    "westminster": [0, 1, 2],
}

IDEAS_NOW = [
    (
        "Shared accessibility testing",
        "skills-and-capability",
        "member@camden.example",
        ["camden", "islington"],
        Status.SUBMITTED,
        "Most boroughs cannot afford regular accessibility audits of their websites and forms.",
        "A small shared team that tests borough services with disabled residents and assistive technology.",
        "Disabled residents, and the teams who build council services.",
        "Services that meet the accessibility regulations, and fewer complaints.",
        "",
    ),
    (
        "One way to report a pothole",
        "new-service-models",
        "member@hackney.example",
        ["hackney", "tower-hamlets", "newham"],
        Status.SUBMITTED,
        "Residents near a borough boundary do not know which council to tell about a pothole or fly-tipping.",
        "A shared reporting front door that sends each report to the right borough.",
        "Residents, and street services teams.",
        "Reports reach the right team first time.",
        "",
    ),
    (
        "Reuse old laptops for residents",
        "digital-inclusion",
        "editor@hackney.example",
        ["hackney", "lambeth", "southwark", "brent"],
        Status.SUBMITTED,
        "Boroughs dispose of working laptops while residents wait for devices.",
        "A common process to wipe, refurbish and give away retired council devices through local charities.",
        "Residents without a device, and council IT teams.",
        "Hundreds more residents online each year, and less waste.",
        "",
    ),
    (
        "Cloud contracts that can be shared",
        "innovation-in-procurement",
        "cdio@camden.example",
        ["camden", "westminster", "city-of-london"],
        Status.SUBMITTED,
        "Cloud hosting contracts are negotiated borough by borough, on different terms.",
        "Agree model terms and a call-off route that any member borough can use.",
        "IT and procurement teams.",
        "Lower prices and faster procurement.",
        "",
    ),
    (
        "A register of the algorithms boroughs use",
        "data-collaboration",
        "central@loti.example",
        [],
        Status.SUBMITTED,
        "Residents cannot find out where councils use algorithms in decisions about them.",
        "A shared, public register in a common format, based on the national algorithmic transparency standard.",
        "Residents, and the data protection officers who answer their questions.",
        "More trust in how boroughs use data.",
        "",
    ),
    (
        "Smart sensors in council housing",
        "digital-districts",
        "editor@camden.example",
        ["camden", "hackney", "enfield"],
        Status.UNDER_REVIEW,
        "Damp and mould in council homes are found late, often after a resident becomes ill.",
        "Pilot low-cost humidity and temperature sensors in a few hundred homes across three boroughs.",
        "Tenants, and repairs teams.",
        "Problems fixed before they harm anyone's health.",
        "The central team is checking how this overlaps with pilots already running in two boroughs.",
    ),
    (
        "Common cyber incident playbook",
        "cyber-security",
        "cdio@hackney.example",
        ["hackney", "camden", "islington", "lewisham"],
        Status.UNDER_REVIEW,
        "When a borough is attacked, it works out who to call and what to do in the moment.",
        "Write one incident playbook with the National Cyber Security Centre, and rehearse it together once a year.",
        "Residents who rely on council systems, and IT teams.",
        "Faster, calmer recovery from attacks.",
        "We are talking to the cyber security pilot team about whether this belongs there.",
    ),
    (
        "Data sharing for children's services",
        "information-governance",
        "member@camden.example",
        ["camden", "hackney"],
        Status.UNDER_REVIEW,
        "Social workers cannot easily see what a neighbouring borough knows about a family who has moved.",
        "Extend the pan-London data sharing agreement to cover children's services, with a simple request process.",
        "Children at risk, and the social workers who protect them.",
        "Safer decisions when families move between boroughs.",
        "",
    ),
    (
        "Apprenticeships in data roles",
        "skills-and-capability",
        "member@hackney.example",
        ["hackney", "brent", "barnet", "camden"],
        Status.SHORTLISTED,
        "Boroughs struggle to hire data analysts, while local young people cannot find a way into the work.",
        "A shared data apprenticeship scheme, building on the digital apprenticeships playbook.",
        "Young Londoners, and borough data teams.",
        "A pipeline of analysts who know local government.",
        "Shortlisted. Hackney and Brent have both offered to host apprentices.",
    ),
    (
        "Shared front door for housing repairs",
        "new-service-models",
        "cdio@camden.example",
        ["camden", "islington", "westminster", "lambeth"],
        Status.SHORTLISTED,
        "Tenants report repairs by phone, email and web forms that all work differently.",
        "Design one repairs reporting service with tenants, which boroughs can adopt with their own contractors.",
        "Council tenants, and repairs teams.",
        "Repairs reported once, tracked clearly, and fixed sooner.",
        "Shortlisted for the workshop vote.",
    ),
    (
        "Drones for building surveys",
        "digital-districts",
        "editor@hackney.example",
        ["hackney"],
        Status.NOT_PROGRESSED,
        "Surveying roofs on tall council blocks needs scaffolding.",
        "Buy and share drones for roof surveys.",
        "Surveyors.",
        "Cheaper, safer surveys.",
        "Thank you. Several boroughs already contract drone surveys cheaply, so we do not think a LOTI project would add much.",
    ),
    (
        "Translate council letters automatically",
        "new-service-models",
        "member@camden.example",
        ["camden"],
        Status.WITHDRAWN,
        "Residents who do not read English well struggle with council letters.",
        "Offer machine translation of letters on request.",
        "Residents whose first language is not English.",
        "Fewer missed appointments and payments.",
        "",
    ),
]


def load_ideas(users_by_email):
    boroughs = {b.slug: b for b in Borough.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    central = users_by_email["central@loti.example"]
    calls = [
        load_2019_call(users_by_email, boroughs, themes, central),
        load_open_call(users_by_email, boroughs, themes),
    ]
    return [idea for call in calls for idea in call.ideas.all()]


def reset_call(slug, **fields):
    call, _ = Call.objects.update_or_create(slug=slug, defaults=fields)
    Vote.objects.filter(idea__call=call).delete()
    return call


def demo_idea(call, spec, users_by_email, boroughs, themes, submitted_at):
    user = users_by_email[spec["by"]]
    status = spec["status"]
    shortlisted = status in (Status.SHORTLISTED, Status.SELECTED) or spec.get("shortlisted")
    defaults = {
        "theme": themes[spec["theme"]],
        "submitted_by": user,
        "borough": user.borough,
        "problem": spec["problem"],
        "proposal": spec["proposal"],
        "beneficiaries": spec["beneficiaries"],
        "outcomes": spec["outcomes"],
        "status": status,
        "response": spec.get("response", ""),
        "review_note": spec.get("note", ""),
        "submitted_at": submitted_at,
        "updated_at": submitted_at,
        "status_changed_at": None if status == Status.SUBMITTED else submitted_at + timedelta(days=5),
        "shortlisted_at": submitted_at + timedelta(days=4) if shortlisted else None,
    }
    idea, _ = Idea.objects.update_or_create(call=call, title=spec["title"], defaults=defaults)
    idea.interested_boroughs.set([boroughs[slug] for slug in spec["interested"]])
    return idea


def load_2019_call(users_by_email, boroughs, themes, central):
    call = reset_call(
        "autumn-2019",
        title="Future Project Ideas Bank: autumn 2019",
        description=(
            "LOTI's first call for ideas. We are looking for problems that many member boroughs share, "
            "where working together on technology, data or digital could make a real difference to residents "
            "or to how councils work.\n\n"
            "Ideas do not need to be worked out in detail. Boroughs will vote for the shortlisted ideas at "
            "the all-member workshop, and the chosen ones will become LOTI's next projects."
        ),
        opens_at=at(date(2019, 7, 22), 9),
        deadline_at=at(date(2019, 9, 6), 23, 59),
        workshop_on=date(2019, 9, 20),
        voting_opens_at=at(date(2019, 9, 20), 10),
        voting_closes_at=at(date(2019, 9, 20), 12),
        votes_per_borough=3,
    )
    ideas = []
    for n, spec in enumerate(IDEAS_2019):
        idea = demo_idea(
            call, spec, users_by_email, boroughs, themes, at(date(2019, 7, 25) + timedelta(days=4 * n), 11)
        )
        if spec.get("project"):
            idea.project = Project.objects.get(slug=spec["project"])
            idea.save(update_fields=["project"])
        elif spec["status"] == Status.SELECTED:
            idea_promote_to_project(idea=idea, by=central)  # once: running it again finds the project
        ideas.append(idea)
    Idea.objects.filter(call=call).exclude(pk__in=[i.pk for i in ideas]).delete()
    for slug, numbers in VOTES_2019.items():
        for minute, n in enumerate(numbers):
            Vote.objects.create(
                idea=ideas[n], borough=boroughs[slug], cast_by=central, cast_at=at(date(2019, 9, 20), 10, 20 + minute)
            )
    return call


def load_open_call(users_by_email, boroughs, themes):
    today = timezone.localdate()
    deadline = today + timedelta(days=18)
    workshop = deadline + timedelta(days=7)
    while workshop.weekday() >= 5:  # a weekday, when boroughs can come
        workshop += timedelta(days=1)
    call = reset_call(
        "next-projects",
        title=f"Call for ideas: LOTI projects for {deadline.year + 1}",
        description=(
            "Tell us about a problem your borough cannot solve alone. This call is especially interested in "
            "ideas that help residents get online and stay safe online, make better use of the data boroughs "
            "already hold, or save money by buying technology together.\n\n"
            "Say what the problem is, what you would do about it, and who would benefit. The central team "
            "reviews every idea and shortlists some for the vote at the all-member workshop."
        ),
        opens_at=at(today - timedelta(days=21), 9),
        deadline_at=at(deadline, 23, 59),
        workshop_on=workshop,
        voting_opens_at=at(workshop, 10),
        voting_closes_at=at(workshop, 12, 30),
        votes_per_borough=3,
    )
    ideas = []
    for n, row in enumerate(IDEAS_NOW):
        title, theme, by, interested, status, problem, proposal, beneficiaries, outcomes, response = row
        spec = {
            "title": title,
            "theme": theme,
            "by": by,
            "interested": interested,
            "status": status,
            "problem": problem,
            "proposal": proposal,
            "beneficiaries": beneficiaries,
            "outcomes": outcomes,
            "response": response,
        }
        submitted_at = timezone.now() - timedelta(days=20 - n, hours=n)
        ideas.append(demo_idea(call, spec, users_by_email, boroughs, themes, submitted_at))
    Idea.objects.filter(call=call).exclude(pk__in=[i.pk for i in ideas]).delete()
    return call
