"""The public project list, /projects/: who sees what, filters, pagination and its query budget."""

import datetime
import re
from html import unescape

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import ONLY_CENTRAL_TEAM
from tests.factories import ParticipationFactory, ProjectFactory, borough, theme

pytestmark = pytest.mark.django_db

LIST_URL = "/projects/"


def listed_titles(response):
    """Titles of the projects in the list's table, in page order."""
    return re.findall(
        r'<th scope="row" class="govuk-table__header">\s*<a class="govuk-link" href="/projects/[\w-]+/">([^<]+)</a>',
        response.text,
    )


def hrefs(response, rel=None):
    pattern = r'<a [^>]*href="([^"]*)"' if rel is None else rf'<a [^>]*href="([^"]*)" rel="{rel}"'
    return [unescape(href) for href in re.findall(pattern, response.text)]


# Permission matrix -----------------------------------------------------------

# Who sees private projects in the list: only the central team.
SEES_PRIVATE = ONLY_CENTRAL_TEAM


def test_list_shows_private_projects_only_to_the_central_team(any_role_client):
    ProjectFactory(title="Shared Wi-Fi")
    ProjectFactory(title="Secret Pilot", private=True)
    response = any_role_client.get(LIST_URL)
    assert response.status_code == 200
    titles = listed_titles(response)
    assert "Shared Wi-Fi" in titles
    assert ("Secret Pilot" in titles) is SEES_PRIVATE[any_role_client.role]
    assert ("Secret Pilot" in response.text) is SEES_PRIVATE[any_role_client.role]
    expected_count = 2 if SEES_PRIVATE[any_role_client.role] else 1
    assert f"{expected_count} project{'s' if expected_count != 1 else ''}." in response.text


def test_list_hides_private_projects_from_the_public(client):
    ProjectFactory(title="Secret Pilot", slug="secret-pilot", private=True)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Secret Pilot" not in response.text
    assert "/projects/secret-pilot/" not in response.text
    assert "0 projects." in response.text
    assert "No projects match these filters." in response.text


def test_list_shows_each_projects_theme_lead_borough_phase_and_health(client):
    ProjectFactory(
        title="Digital Apprenticeships",
        theme=theme("skills-and-capability"),
        lead_borough=borough("hackney"),
        phase="beta",
        health="at_risk",
    )
    ProjectFactory(title="Central Thing", lead_borough=None)
    response = client.get(LIST_URL)
    assert listed_titles(response) == ["Central Thing", "Digital Apprenticeships"]  # ordered by title
    row = response.text.split("Digital Apprenticeships</a>")[1].split("</tr>")[0]
    assert "Skills &amp; Capability" in row
    assert "Hackney" in row
    assert ">Beta</strong>" in row
    assert ">At risk</strong>" in row
    central_row = response.text.split("Central Thing</a>")[1].split("</tr>")[0]
    assert ">LOTI</td>" in central_row  # no lead borough: LOTI leads


def test_list_shows_when_each_project_was_last_updated(client):
    when = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC)
    ProjectFactory(title="Shared Wi-Fi", last_updated_at=when)
    response = client.get(LIST_URL)
    assert "Last updated" in response.text
    assert f'<time datetime="{timezone.localtime(when).isoformat()}">14 Mar 2025</time>' in response.text


# Filters ---------------------------------------------------------------------


@pytest.fixture
def portfolio():
    """Four public projects that differ in theme, phase, health and boroughs taking part."""
    wifi = ProjectFactory(title="Seamless Wi-Fi", theme=theme("digital-districts"), phase="live", health="on_track")
    apprenticeships = ProjectFactory(
        title="Digital Apprenticeships", theme=theme("skills-and-capability"), phase="beta", health="at_risk"
    )
    isa = ProjectFactory(
        title="Information Sharing", theme=theme("information-governance"), phase="alpha", health="off_track"
    )
    inclusion = ProjectFactory(
        title="Device Lending", theme=theme("digital-inclusion"), phase="alpha", health="on_track"
    )
    ParticipationFactory(project=wifi, borough=borough("camden"))
    ParticipationFactory(project=wifi, borough=borough("hackney"))
    ParticipationFactory(project=apprenticeships, borough=borough("hackney"))
    ParticipationFactory(project=isa, borough=borough("westminster"))
    # Lead borough is Camden for all, by the factory: the borough filter is about taking part.
    return {"wifi": wifi, "apprenticeships": apprenticeships, "isa": isa, "inclusion": inclusion}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Device Lending", "Digital Apprenticeships", "Information Sharing", "Seamless Wi-Fi"]),
        ("?theme=skills-and-capability", ["Digital Apprenticeships"]),
        ("?theme=digital-districts", ["Seamless Wi-Fi"]),
        ("?phase=alpha", ["Device Lending", "Information Sharing"]),
        ("?phase=closed", []),
        ("?health=on_track", ["Device Lending", "Seamless Wi-Fi"]),
        ("?health=off_track", ["Information Sharing"]),
        ("?borough=hackney", ["Digital Apprenticeships", "Seamless Wi-Fi"]),
        ("?borough=westminster", ["Information Sharing"]),
        ("?borough=camden", ["Seamless Wi-Fi"]),
        ("?phase=alpha&health=on_track", ["Device Lending"]),
        ("?borough=hackney&phase=live", ["Seamless Wi-Fi"]),
        (
            "?theme=&phase=&health=&borough=",
            ["Device Lending", "Digital Apprenticeships", "Information Sharing", "Seamless Wi-Fi"],
        ),
    ],
)
def test_list_filters_narrow_the_results(client, portfolio, query, expected):
    response = client.get(LIST_URL + query)
    assert response.status_code == 200
    assert listed_titles(response) == expected
    assert f"{len(expected)} project{'s' if len(expected) != 1 else ''}." in response.text
    assert "govuk-error-message" not in response.text


def test_list_borough_filter_lists_a_project_once_however_many_boroughs_match(client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    for slug in ("camden", "hackney", "westminster"):
        ParticipationFactory(project=project, borough=borough(slug))
    response = client.get(LIST_URL + "?borough=hackney")
    assert listed_titles(response) == ["Seamless Wi-Fi"]
    assert "1 project." in response.text


def test_list_filters_never_reveal_private_projects_to_the_public(client):
    private = ProjectFactory(title="Secret Pilot", phase="alpha", private=True)
    ParticipationFactory(project=private, borough=borough("hackney"))
    for query in ("?phase=alpha", "?borough=hackney", "?theme=digital-inclusion"):
        response = client.get(LIST_URL + query)
        assert response.status_code == 200
        assert "Secret Pilot" not in response.text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?theme=nope", "theme"),
        ("?phase=sideways", "phase"),
        ("?health=great", "health"),
        ("?borough=atlantis", "borough"),
    ],
)
def test_list_with_an_unknown_filter_value_shows_every_project_and_the_error(client, portfolio, query, field):
    response = client.get(LIST_URL + query)
    assert response.status_code == 200
    assert listed_titles(response) == [
        "Device Lending",
        "Digital Apprenticeships",
        "Information Sharing",
        "Seamless Wi-Fi",
    ]
    assert "4 projects." in response.text
    assert response.text.count('<p class="govuk-error-message"') == 1
    assert "Select a valid choice" in response.text
    group = response.text.split(f'for="id_{field}"')[0].rsplit('<div class="govuk-form-group', 1)[1]
    assert "govuk-form-group--error" in group


def test_list_with_one_bad_filter_keeps_the_others_and_summarises_the_error(client, portfolio):
    response = client.get(LIST_URL + "?theme=nope&phase=alpha")
    assert response.status_code == 200
    assert listed_titles(response) == ["Device Lending", "Information Sharing"]
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_theme"]
    (theme,) = re.findall(r'<select name="theme"[^>]*>', response.text)  # attributes in any order
    assert 'class="govuk-select govuk-select--error"' in theme and "aria-invalid" in theme
    assert "<title>Error: Projects" in response.text


# Pagination ------------------------------------------------------------------


def factory_title():
    return factory.Sequence(lambda n: f"Paged project {n:04d}")


def test_list_paginates_25_projects_a_page(client):
    ProjectFactory.create_batch(30, title=factory_title())
    first = client.get(LIST_URL)
    second = client.get(LIST_URL + "?page=2")
    assert first.status_code == second.status_code == 200
    assert len(listed_titles(first)) == 25
    assert len(listed_titles(second)) == 5
    assert set(listed_titles(first)).isdisjoint(listed_titles(second))
    assert "30 projects, page 1 of 2." in first.text
    assert "Page 1 of 2" in first.text
    assert "Page 2 of 2" in second.text
    assert hrefs(first, rel="next") == ["?page=2"]
    assert hrefs(first, rel="prev") == []
    assert hrefs(second, rel="prev") == ["?page=1"]
    assert hrefs(second, rel="next") == []


def test_list_next_page_link_keeps_the_filters(client):
    ProjectFactory.create_batch(27, phase="beta", theme=theme("cyber-security"), title=factory_title())
    ProjectFactory.create_batch(3, phase="alpha", theme=theme("cyber-security"))
    response = client.get(LIST_URL + "?theme=cyber-security&phase=beta")
    assert "27 projects, page 1 of 2." in response.text
    (next_href,) = hrefs(response, rel="next")
    assert next_href == "?theme=cyber-security&phase=beta&page=2"
    second = client.get(LIST_URL + next_href)
    assert len(listed_titles(second)) == 2
    assert all(title.startswith("Paged project") for title in listed_titles(second))
    (prev_href,) = hrefs(second, rel="prev")
    assert prev_href == "?theme=cyber-security&phase=beta&page=1"


# ("page" would clash with pytest-playwright's fixture of that name.)
@pytest.mark.parametrize(("page_number", "expected_page"), [("9999", 2), ("abc", 1), ("0", 2), ("-1", 2), ("", 1)])
def test_list_out_of_range_or_mangled_page_answers_with_the_last_or_first_page(client, page_number, expected_page):
    ProjectFactory.create_batch(30, title=factory_title())
    response = client.get(LIST_URL + f"?page={page_number}")
    assert response.status_code == 200
    assert f"Page {expected_page} of 2" in response.text
    assert len(listed_titles(response)) == (25 if expected_page == 1 else 5)


def test_list_has_no_pagination_when_everything_fits_on_one_page(client):
    ProjectFactory.create_batch(25)
    response = client.get(LIST_URL)
    assert len(listed_titles(response)) == 25
    assert "govuk-pagination" not in response.text


# Links to the CSV and the feed -----------------------------------------------


def csv_link(response):
    (href,) = [href for href in hrefs(response) if href.startswith("/projects/export.csv")]
    return href


def test_list_csv_link_carries_the_current_filters_but_not_the_page(client):
    ProjectFactory.create_batch(30, phase="beta")
    ProjectFactory.create_batch(2, phase="alpha")
    response = client.get(LIST_URL + "?phase=beta&borough=&page=2")
    assert len(listed_titles(response)) == 5
    assert csv_link(response) == "/projects/export.csv?phase=beta&borough="
    export = client.get(csv_link(response))
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 30  # every matching project, not just the page's
    assert all(",Beta," in line for line in lines[1:])


def test_list_csv_link_without_filters_exports_everything(client):
    ProjectFactory(title="Shared Wi-Fi")
    ProjectFactory(title="Device Lending")
    response = client.get(LIST_URL)
    assert csv_link(response) == "/projects/export.csv?"  # {% querystring %} always starts with "?"
    export = b"".join(client.get(csv_link(response)).streaming_content).decode("utf-8-sig")
    assert [line.split(",")[0] for line in export.splitlines()] == ["Title", "Device Lending", "Shared Wi-Fi"]


def test_list_links_its_atom_feed(client):
    response = client.get(LIST_URL)
    assert (
        '<link rel="alternate" type="application/atom+xml" title="LOTI project updates" href="/projects/feed/">'
        in response.text
    )


# Query budget ----------------------------------------------------------------

QUERY_LIMIT = 12


def make_projects(count):
    slugs = ["camden", "hackney", "westminster", "islington"]
    boroughs = [borough(slug) for slug in slugs]
    themes = [theme("digital-inclusion"), theme("cyber-security")]
    for n in range(count):
        project = ProjectFactory(theme=themes[n % 2], lead_borough=boroughs[n % 4], phase=("alpha", "beta")[n % 2])
        for b in boroughs[: 1 + n % 3]:
            ParticipationFactory(project=project, borough=b)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "query", ["", "?theme=cyber-security&phase=beta&health=on_track&borough=hackney", "?theme=nope"]
)
@pytest.mark.parametrize("role", ["anonymous", "member", "central_team"])
def test_list_query_count_does_not_grow_with_the_number_of_projects(client_for, role, query):
    client = client_for(role)
    client.get(LIST_URL)  # settles the session, so both measures start from the same state
    make_projects(3)
    small, response = count_queries(client, LIST_URL + query)
    assert len(listed_titles(response)) >= 1
    make_projects(37)
    large, response = count_queries(client, LIST_URL + query)
    assert query or len(listed_titles(response)) == 25
    assert small == large, f"{small} queries with 3 projects, {large} with 40"
    assert large <= QUERY_LIMIT


def test_list_query_count_for_anonymous_visitors_is_exact(client, no_page_cache, django_assert_num_queries):
    make_projects(40)
    # The filter form's theme and borough options, the page's count and its 25 projects.
    with django_assert_num_queries(4):
        client.get(LIST_URL)


def test_a_project_not_public_yet_is_listed_for_its_boroughs_only(client_for, client):
    from tests.factories import ParticipationFactory, ProjectFactory, borough

    project = ProjectFactory(title="Secret Pilot", private=True)
    ParticipationFactory(project=project, borough=borough("camden"))
    assert "Secret Pilot" in client_for("member").get("/projects/").text
    assert "Secret Pilot" not in client_for("other_cdio").get("/projects/").text
    assert "Secret Pilot" not in client.get("/projects/").text
