"""The Atom feeds of project updates and the CSV export of the project list."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ParticipationFactory, ProjectFactory, ProjectUpdateFactory, UserFactory, borough, theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(response):
    """(title, summary HTML, link, author name) of each entry, in feed order."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def updates():
    """Updates of two public projects and one private one, published at different times."""
    now = timezone.now()
    wifi = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi")
    apprenticeships = ProjectFactory(title="Digital Apprenticeships", slug="digital-apprenticeships")
    secret = ProjectFactory(title="Secret Pilot", slug="secret-pilot", private=True)
    author = UserFactory(first_name="Grace", last_name="Hopper")
    made = {
        "wifi_old": ProjectUpdateFactory(
            project=wifi, title="Survey done", published_at=now - datetime.timedelta(days=20)
        ),
        "apprenticeships": ProjectUpdateFactory(
            project=apprenticeships,
            title="Cohort recruited",
            published_at=now - datetime.timedelta(days=10),
            author=author,
        ),
        "secret": ProjectUpdateFactory(project=secret, title="Hush", published_at=now - datetime.timedelta(days=5)),
        "wifi_new": ProjectUpdateFactory(
            project=wifi, title="Access points live", published_at=now - datetime.timedelta(days=1)
        ),
    }
    return made


# The feed of all updates -----------------------------------------------------


def test_feed_is_atom_of_public_updates_newest_first(client, updates):
    response = client.get("/projects/feed/")
    entries = feed_entries(response)
    assert [e["title"] for e in entries] == [
        "Seamless Wi-Fi: Access points live",
        "Digital Apprenticeships: Cohort recruited",
        "Seamless Wi-Fi: Survey done",
    ]
    assert entries[0]["link"] == f"http://testserver/projects/seamless-wi-fi/#update-{updates['wifi_new'].pk}"
    assert entries[1]["author"] == "Grace Hopper"
    assert entries[0]["author"] == "LOTI"  # no author recorded
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "LOTI Portal: project updates"


def test_feed_never_includes_private_projects_updates(any_role_client, updates):
    # Not even for the central team: a feed is public by nature.
    response = any_role_client.get("/projects/feed/")
    titles = [e["title"] for e in feed_entries(response)]
    assert len(titles) == 3
    assert not any("Secret Pilot" in title or "Hush" in title for title in titles)
    assert b"Secret Pilot" not in response.content
    assert b"secret-pilot" not in response.content


def test_feed_holds_at_most_30_updates(client):
    project = ProjectFactory()
    now = timezone.now()
    for n in range(32):
        ProjectUpdateFactory(project=project, title=f"Week {n:02d}", published_at=now - datetime.timedelta(days=n))
    entries = feed_entries(client.get("/projects/feed/"))
    assert [e["title"].split(": ")[1] for e in entries] == [f"Week {n:02d}" for n in range(30)]


HOSTILE_BODY = """Progress: **bold** and [the plan](https://loti.london/plan).

<script>alert(1)</script>

[x](javascript:alert(1)) <a href="javascript:alert(3)">z</a> <img src=x onerror="alert(4)">
"""


def test_feed_item_content_is_rendered_markdown_with_anything_unsafe_removed(client):
    ProjectUpdateFactory(title="Hostile", body=HOSTILE_BODY)
    response = client.get("/projects/feed/")
    (entry,) = feed_entries(response)
    summary = entry["summary"]
    assert "<strong>bold</strong>" in summary
    assert '<a href="https://loti.london/plan" rel="noopener noreferrer nofollow">the plan</a>' in summary
    assert "<script" not in summary.lower()
    assert "alert(1)" not in summary
    assert "javascript:" not in summary.lower()
    assert "onerror" not in summary and "<img" not in summary
    assert b"<script" not in response.content.lower()
    assert b"javascript:" not in response.content.lower()


# One project's feed ----------------------------------------------------------


def test_project_feed_lists_only_that_projects_updates(client, updates):
    response = client.get("/projects/seamless-wi-fi/feed/")
    entries = feed_entries(response)
    assert [e["title"] for e in entries] == ["Seamless Wi-Fi: Access points live", "Seamless Wi-Fi: Survey done"]
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "LOTI Portal: Seamless Wi-Fi updates"
    assert root.findtext(f"{ATOM}subtitle") == "A project boroughs run together."


def test_project_feed_of_a_project_without_updates_is_empty(client):
    ProjectFactory(slug="quiet")
    assert feed_entries(client.get("/projects/quiet/feed/")) == []


@pytest.mark.parametrize("role", ["anonymous", "member", "central_team"])
def test_project_feed_of_a_private_project_is_404(client_for, updates, role):
    response = client_for(role).get("/projects/secret-pilot/feed/")
    assert response.status_code == 404
    assert b"Hush" not in response.content


def test_project_feed_of_an_unknown_project_is_404(client):
    assert client.get("/projects/no-such-project/feed/").status_code == 404


# CSV export ------------------------------------------------------------------

HEADER = ["Title", "Theme", "Lead borough", "Phase", "Health", "Summary", "Last updated", "Link"]


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="loti-projects.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_export_is_a_csv_attachment_with_a_header_and_a_row_per_project(client):
    when = datetime.datetime(2025, 7, 14, 23, 30, tzinfo=datetime.UTC)  # already 15 July in London (BST)
    ProjectFactory(
        title="Digital Apprenticeships",
        slug="digital-apprenticeships",
        theme=theme("skills-and-capability"),
        lead_borough=borough("hackney"),
        phase="beta",
        health="at_risk",
        summary="Apprenticeships in borough digital teams.",
        last_updated_at=when,
    )
    ProjectFactory(title="Central Thing", slug="central-thing", lead_borough=None)
    response = client.get("/projects/export.csv")
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1][0] == "Central Thing"
    assert rows[1][2] == ""  # no lead borough
    assert rows[2] == [
        "Digital Apprenticeships",
        "Skills & Capability",
        "Hackney",
        "Beta",
        "At risk",
        "Apprenticeships in borough digital teams.",
        "2025-07-15",
        f"{settings.SITE_URL}/projects/digital-apprenticeships/",
    ]
    assert len(rows) == 3


def test_export_starts_with_a_byte_order_mark_for_excel(client):
    ProjectFactory()
    raw = b"".join(client.get("/projects/export.csv").streaming_content)
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").startswith("Title,Theme,")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Device Lending", "Digital Apprenticeships", "Seamless Wi-Fi"]),
        ("?phase=alpha", ["Device Lending"]),
        ("?health=at_risk", ["Digital Apprenticeships"]),
        ("?theme=digital-districts", ["Seamless Wi-Fi"]),
        ("?borough=hackney", ["Digital Apprenticeships", "Seamless Wi-Fi"]),
        ("?borough=hackney&phase=live", ["Seamless Wi-Fi"]),
        ("?phase=closed", []),
        ("?theme=nope", ["Device Lending", "Digital Apprenticeships", "Seamless Wi-Fi"]),  # as the list does
        ("?phase=alpha&page=2", ["Device Lending"]),  # the page of the list does not matter
    ],
)
def test_export_respects_the_list_filters(client, query, expected):
    wifi = ProjectFactory(title="Seamless Wi-Fi", theme=theme("digital-districts"), phase="live")
    apprenticeships = ProjectFactory(title="Digital Apprenticeships", phase="beta", health="at_risk")
    ProjectFactory(title="Device Lending", phase="alpha")
    for b in ("camden", "hackney", "islington"):
        ParticipationFactory(project=wifi, borough=borough(b))
    ParticipationFactory(project=apprenticeships, borough=borough("hackney"))
    rows = read_csv(client.get("/projects/export.csv" + query))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == expected


SEES_PRIVATE = {"anonymous": False, "member": False, "cdio": False, "other_editor": False, "central_team": True}


@pytest.mark.parametrize("role", list(SEES_PRIVATE))
def test_export_includes_private_projects_only_for_the_central_team(client_for, role):
    ProjectFactory(title="Shared Wi-Fi", phase="alpha")
    ProjectFactory(title="Secret Pilot", phase="alpha", private=True)
    for query in ("", "?phase=alpha"):
        titles = [row[0] for row in read_csv(client_for(role).get("/projects/export.csv" + query))[1:]]
        assert titles == (["Secret Pilot", "Shared Wi-Fi"] if SEES_PRIVATE[role] else ["Shared Wi-Fi"])


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ('=HYPERLINK("http://evil.example")', "+1+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"),
        ("Plain title", "@SUM(A1:A2)"),
        ("\t=1+1", "\r=1+1"),
    ],
)
def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(client, title, summary):
    ProjectFactory(title=title, summary=summary)
    (row,) = read_csv(client.get("/projects/export.csv"))[1:]
    expected_title = title if title == "Plain title" else "'" + title
    assert row[0] == expected_title
    assert row[5] == "'" + summary


def test_export_leaves_ordinary_text_alone(client):
    ProjectFactory(title="Wi-Fi = good", summary="Boroughs +1, rates -2%, email a@b.example")
    (row,) = read_csv(client.get("/projects/export.csv"))[1:]
    assert row[0] == "Wi-Fi = good"
    assert row[5] == "Boroughs +1, rates -2%, email a@b.example"


def exported_queries(client, count):
    for n in range(count):
        project = ProjectFactory(lead_borough=borough(("camden", "hackney")[n % 2]))
        ParticipationFactory(project=project, borough=borough("hackney"))
    with CaptureQueriesContext(connection) as ctx:
        rows = read_csv(client.get("/projects/export.csv?borough=hackney"))
    return len(ctx.captured_queries), len(rows) - 1


def test_export_query_count_does_not_grow_with_the_number_of_projects(client):
    small, small_rows = exported_queries(client, 3)
    large, large_rows = exported_queries(client, 37)
    assert (small_rows, large_rows) == (3, 40)
    assert small == large, f"{small} queries for 3 projects, {large} for 40"
