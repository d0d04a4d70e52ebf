"""The demo projects' content: names, dates and figures from LOTI's weeknotes and its Year 3 Q2 plan,
every description in our own words."""

from datetime import date

from projects.models import Participation

NOT_STARTED, IN_PROGRESS, DONE = (
    Participation.Status.NOT_STARTED,
    Participation.Status.IN_PROGRESS,
    Participation.Status.DONE,
)

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
        "summary": "An Information Sharing Protocol for London, so that sharing data between boroughs starts from common ground instead of a blank page.",
        "description": (
            "Each information sharing agreement between boroughs used to be written from scratch, and getting every "
            "party to sign took months: the 2017 London Office of Data Analytics pilot needed about six.\n\n"
            "With Camden leading, LOTI drafted a protocol that member boroughs can sign once and then build "
            "individual agreements on. Members went through the draft together at a workshop on 6 September 2019. "
            "The agreements below show which boroughs have signed, and how long signing took."
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
        "summary": "Shared information governance capacity to get urgent pan-London data sharing agreements finalised and signed.",
        "description": (
            "The Information Governance group for London and the Met Police pointed out that several data sharing "
            "agreements needed signing by many bodies at once, every London borough among them. LOTI is piloting "
            "a shared resource with the Met, the GLA, London Councils, Barnet, Brent and Camden to get them done."
        ),
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

# Member boroughs' GovWifi, Govroam and Eduroam, in that order. Members that joined in 2021
# have not reported yet, so they have no rows and have not started.
WIFI = {
    "barnet": ("done", "not_started", "not_started"),
    "brent": ("done", "done", "done"),
    "camden": ("done", "done", "done"),
    "city-of-london": ("done", "done", "done"),
    "ealing": ("in_progress", "not_started", "not_started"),
    "enfield": ("done", "in_progress", "not_started"),
    "hackney": ("done", "done", "done"),
    "hammersmith-and-fulham": ("done", "done", "done"),
    "haringey": ("in_progress", "not_started", "not_started"),
    "hounslow": ("done", "not_started", "not_started"),
    "islington": ("done", "done", "in_progress"),
    "kensington-and-chelsea": ("done", "done", "in_progress"),
    "kingston-upon-thames": ("done", "not_started", "not_started"),
    "lambeth": ("done", "in_progress", "not_started"),
    "lewisham": ("done", "in_progress", "not_started"),
    "newham": ("done", "done", "not_started"),
    "redbridge": ("done", "done", "done"),
    "southwark": ("done", "done", "not_started"),
    "tower-hamlets": ("done", "done", "in_progress"),
    "waltham-forest": ("done", "done", "done"),
    "westminster": ("done", "done", "done"),
}

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
    "redbridge": 0,  # taking part, no places pledged yet
    "kingston-upon-thames": 0,
}  # 63 places, as pledged in the summer of 2019

# The protocol drafted in August 2019 and reviewed at the workshop on 6 September: boroughs only.
PROTOCOL_SIGNATORIES = [
    ("camden", "signed", date(2019, 10, 14)),
    ("hackney", "signed", date(2019, 10, 28)),
    ("islington", "signed", date(2019, 11, 4)),
    ("southwark", "signed", date(2019, 11, 25)),
    ("lambeth", "signed", date(2019, 12, 9)),
    ("haringey", "signed", date(2020, 1, 20)),
    ("tower-hamlets", "signed", date(2020, 1, 27)),
    ("brent", "signed", date(2020, 2, 3)),
    ("westminster", "reviewing", None),
    ("waltham-forest", "reviewing", None),
    ("barnet", "invited", None),
    ("enfield", "invited", None),
]
LODA_SIGNATORIES = [  # the 2017 pilot's boroughs, all signed: about six months from opening to the last signature
    ("camden", date(2017, 3, 20)),
    ("hackney", date(2017, 4, 18)),
    ("islington", date(2017, 5, 30)),
    ("westminster", date(2017, 8, 29)),
]
# Key result 14 of Year 3 Q2: the Met, the GLA, London Councils, Barnet, Brent and Camden.
DSA_SIGNATORIES = [
    ("", "Metropolitan Police Service", "signed", date(2021, 11, 15)),
    ("", "Greater London Authority", "signed", date(2021, 12, 1)),
    ("", "London Councils", "signed", date(2021, 12, 13)),
    ("camden", "", "signed", date(2021, 11, 22)),
    ("barnet", "", "signed", date(2022, 1, 10)),
    ("brent", "", "reviewing", None),
]

# Projects without commitments: each borough's status is typed by the borough itself.
STORY_MAP = {
    "brent": IN_PROGRESS,
    "barnet": IN_PROGRESS,
    "kensington-and-chelsea": IN_PROGRESS,
    "southwark": DONE,
    "westminster": NOT_STARTED,
}
AIR_QUALITY = {"camden": IN_PROGRESS, "islington": IN_PROGRESS, "waltham-forest": NOT_STARTED}
# The boroughs that signed up to support the temporary accommodation discovery (Year 3 Q2, key result 17).
TEMPORARY_ACCOMMODATION = [
    "kensington-and-chelsea", "westminster", "camden", "waltham-forest", "newham", "kingston-upon-thames",
    "enfield", "redbridge", "richmond-upon-thames", "wandsworth", "hounslow", "hackney",
]  # fmt: skip

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
            "Network managers from member boroughs, a JISC representative and Camden's project lead now share one project space to support each other through the roll-out.",
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
        (
            date(2019, 8, 16),
            "A draft Information Sharing Protocol for London",
            "We have published a **draft protocol** for sharing information between London boroughs, and asked information governance leads to tell us what is missing or wrong.",
            "alpha",
            "on_track",
        ),
        (
            date(2019, 8, 23),
            "Feedback in, workshop agenda out",
            "Plenty of comments on the draft have come back. With Fozlu Miah and Sudip Trivedi from Camden we have settled the workshop's content and sent members the agenda and pre-reading.",
            "alpha",
            "on_track",
        ),
        (
            date(2019, 9, 6),
            "Members review the draft at the IG workshop",
            "Information governance leads from member boroughs worked through the draft protocol clause by clause today. The changes they asked for go into the version boroughs will be invited to sign.",
            "beta",
            "on_track",
        ),
        (
            date(2019, 10, 1),
            "The protocol is open for signature",
            "Member boroughs can now sign the Information Sharing Protocol for London. Signatures are recorded below as they arrive.",
            "beta",
            "at_risk",
        ),
    ],
}
