"""/jobs/: the library's search, filters, sorting, pagination, CSV export and query budget."""

import csv
import datetime
import io
import re
from html import unescape

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobDescription
from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory, borough

pytestmark = pytest.mark.django_db

URL = "/jobs/"
needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def listed(response):
    """Titles of the job descriptions in the results, in page order."""
    results = response.text.split('id="results"')[1].split("</ul>")[0] if 'id="results"' in response.text else ""
    return [
        unescape(t) for t in re.findall(r'<a class="govuk-link" href="/jobs/descriptions/\d+/">([^<]+)</a>', results)
    ]


def hrefs(response, rel):
    return [unescape(h) for h in re.findall(rf'<a [^>]*href="([^"]*)" rel="{rel}"', response.text)]


@pytest.fixture
def library():
    """Job descriptions that differ in role, family, level, council, area, weighting, salary and date."""
    data = RoleFamilyFactory(name="Data", slug="data")
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    analyst = RoleFactory(family=data, name="Data analyst", slug="data-analyst", level="practitioner")
    head = RoleFactory(family=data, name="Head of data", slug="head-of-data", level="head")
    designer = RoleFactory(family=digital, name="Service designer", slug="service-designer", level="practitioner")
    made = {
        "camden_analyst": JobDescriptionFactory(
            role=analyst,
            title="Performance Analyst",
            borough=borough("camden"),
            salary_min=38_000,
            salary_max=44_000,
            advertised_on=datetime.date(2025, 1, 10),
            summary="Housing repairs dashboards.",
        ),
        "barnet_analyst": JobDescriptionFactory(
            role=analyst,
            title="Insight Analyst",
            borough=borough("barnet"),
            salary_min=36_000,
            salary_max=41_000,
            london_weighting="on_top",
            advertised_on=datetime.date(2025, 2, 10),
        ),
        "leeds_head": JobDescriptionFactory(
            role=head,
            title="Head of Data and Insight",
            elsewhere=True,
            salary_min=70_000,
            salary_max=82_000,
            london_weighting="none",
            advertised_on=datetime.date(2024, 11, 1),
            summary="Leads the data strategy.",
        ),
        "hackney_designer": JobDescriptionFactory(
            role=designer,
            title="Service Designer (Adult Social Care)",
            borough=borough("hackney"),
            salary_min=50_000,
            salary_max=58_000,
            advertised_on=datetime.date(2025, 3, 1),
        ),
        "pending": JobDescriptionFactory(role=analyst, title="Secret Pending Analyst", pending=True),
        "rejected": JobDescriptionFactory(role=analyst, title="Rejected Analyst", rejected=True),
        "withdrawn": JobDescriptionFactory(role=analyst, title="Withdrawn Analyst", withdrawn=True),
    }
    return made


NEWEST_FIRST = [
    "Service Designer (Adult Social Care)",
    "Insight Analyst",
    "Performance Analyst",
    "Head of Data and Insight",
]


# Who sees what -------------------------------------------------------------------


def test_library_lists_only_published_job_descriptions_to_everyone(any_role_client, library):
    # The library is the public record: not even the central team sees unmoderated ones here (the admin has them).
    response = any_role_client.get(URL)
    assert response.status_code == 200
    assert listed(response) == NEWEST_FIRST
    assert "4 job descriptions." in response.text
    for hidden in ("Secret Pending Analyst", "Rejected Analyst", "Withdrawn Analyst"):
        assert hidden not in response.text


def test_library_never_shows_contributor_names_or_emails(client, library):
    response = client.get(URL)
    assert "@council.example" not in response.text
    assert "Casey Contributor" not in response.text


def test_library_links_each_job_description_to_its_role_and_shows_salary_and_weighting(client, library):
    response = client.get(URL)
    row = response.text.split("Insight Analyst</a>")[1].split("</li>")[0]
    assert "Barnet" in row
    assert '<a class="govuk-link" href="/jobs/roles/data-analyst/">Data analyst</a>' in row
    assert "£36,000 to £41,000" in row
    assert "paid on top of the salary" in row


# Filters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", NEWEST_FIRST),
        ("?family=data", ["Insight Analyst", "Performance Analyst", "Head of Data and Insight"]),
        ("?family=digital", ["Service Designer (Adult Social Care)"]),
        ("?role=data-analyst", ["Insight Analyst", "Performance Analyst"]),
        ("?level=head", ["Head of Data and Insight"]),
        ("?council=Camden", ["Performance Analyst"]),
        ("?council=Leeds+City+Council", ["Head of Data and Insight"]),
        ("?area=inner", ["Service Designer (Adult Social Care)", "Performance Analyst"]),
        ("?area=outer", ["Insight Analyst"]),
        ("?area=elsewhere", ["Head of Data and Insight"]),
        ("?weighting=on_top", ["Insight Analyst"]),
        ("?weighting=none", ["Head of Data and Insight"]),
        ("?salary_from=45000", ["Service Designer (Adult Social Care)", "Head of Data and Insight"]),
        ("?salary_to=40000", ["Insight Analyst", "Performance Analyst"]),
        ("?salary_from=42000&salary_to=52000", ["Service Designer (Adult Social Care)", "Performance Analyst"]),
        ("?family=data&area=inner", ["Performance Analyst"]),
        ("?family=&role=&level=&council=&area=&weighting=&salary_from=&salary_to=&sort=", NEWEST_FIRST),
    ],
)
def test_filters_narrow_the_results(client, library, query, expected):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert listed(response) == expected
    assert "govuk-error-message" not in response.text


def test_council_filter_offers_only_councils_with_published_job_descriptions(client, library):
    response = client.get(URL)
    select = response.text.split('name="council"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "Barnet", "Camden", "Hackney", "Leeds City Council"]


# The role box ------------------------------------------------------------------


def role_box(response):
    (box,) = re.findall(r'<input [^>]*name="role"[^>]*>', response.text)
    return box


@pytest.mark.parametrize(
    ("query", "expected", "sentence"),
    [
        ("?role=data-analyst", ["Insight Analyst", "Performance Analyst"], None),  # a slug, as links have it
        ("?role=Data+analyst", ["Insight Analyst", "Performance Analyst"], None),  # its name
        ("?role=DATA+ANALYST", ["Insight Analyst", "Performance Analyst"], None),  # in any case
        ("?role=head", ["Head of Data and Insight"], "Showing job descriptions for the role Head of data."),
        (
            "?role=+data+",  # words in two roles' names
            ["Insight Analyst", "Performance Analyst", "Head of Data and Insight"],
            "Showing job descriptions for the roles Data analyst and Head of data.",
        ),
        ("?role=design+service", ["Service Designer (Adult Social Care)"], "for the role Service designer."),
    ],
)
def test_the_role_box_matches_a_slug_a_name_or_words_in_role_names(client, library, query, expected, sentence):
    response = client.get(URL + query)
    assert listed(response) == expected
    assert "govuk-error-message" not in response.text
    if sentence:
        assert sentence in response.text
    else:
        assert 'id="role-match"' not in response.text


def test_a_role_named_by_its_slug_is_written_in_the_box_by_its_name(client, library):
    assert 'value="Data analyst"' in role_box(client.get(URL + "?role=data-analyst"))
    assert 'value="head"' in role_box(client.get(URL + "?role=head"))  # words are kept as typed


def test_a_role_box_matching_many_roles_says_how_many_and_names_some(client, data_analyst):
    for n in range(7):
        JobDescriptionFactory(role=RoleFactory(family=data_analyst.family, name=f"Analyst grade {n}"))
    response = client.get(URL, {"role": "analyst"})
    assert len(listed(response)) == 7
    assert (
        "Showing job descriptions for 8 roles whose names include “analyst”, "
        "such as Analyst grade 0, Analyst grade 1 and Analyst grade 2."
    ) in response.text


def test_the_role_filter_is_a_labelled_box_not_a_select_of_every_role(client, data_analyst):
    for n in range(30):
        RoleFactory(family=data_analyst.family, name=f"Role number {n}")
    response = client.get(URL)
    assert not re.search(r'<select [^>]*name="role"', response.text)
    assert "Role number" not in response.text
    box = role_box(response)
    assert 'class="govuk-input"' in box and 'id="id_role"' in box and 'type="text"' in box
    assert 'aria-describedby="id_role_helptext"' in box
    assert '<label class="govuk-label govuk-label--s" for="id_role">Role</label>' in response.text
    assert '<div class="govuk-hint" id="id_role_helptext">All or part of a role&#x27;s name' in response.text


def test_a_role_box_matching_nothing_says_so_beside_the_box(client, library):
    response = client.get(URL, {"role": "astronaut", "family": "data"})
    assert sorted(listed(response)) == ["Head of Data and Insight", "Insight Analyst", "Performance Analyst"]
    ((target, text),) = error_summary_links(response)
    assert target == "id_role"
    assert "includes “astronaut”" in text
    assert "govuk-input--error" in role_box(response)
    assert 'value="astronaut"' in role_box(response)  # kept, to correct


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?family=nope", "Select a valid choice"),
        ("?role=nope", "includes “nope”. Enter part of a role"),
        ("?level=wizard", "Select a valid choice"),
        ("?council=Atlantis", "Select a valid choice"),
        ("?salary_from=lots", "Enter a number of pounds, like 40000"),
        ("?sort=sideways", "Select a valid choice"),
    ],
)
def test_a_bad_filter_value_shows_everything_with_the_error(client, library, query, message):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert listed(response) == NEWEST_FIRST
    assert response.text.count('<p class="govuk-error-message"') == 1
    assert message in response.text


def error_summary_links(response):
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)


@pytest.mark.parametrize(
    ("query", "field", "message", "expected"),
    [
        (
            "?salary_from=abc&area=inner",
            "salary_from",
            "Enter a number of pounds, like 40000",
            ["Service Designer (Adult Social Care)", "Performance Analyst"],
        ),
        (
            "?family=data&council=Atlantis",
            "council",
            "Select a valid choice",
            ["Insight Analyst", "Performance Analyst", "Head of Data and Insight"],
        ),
        (
            "?salary_to=-5&family=data",
            "salary_to",
            "Enter a salary of £0 or more",
            ["Insight Analyst", "Performance Analyst", "Head of Data and Insight"],
        ),
        ("?q=analyst&sort=sideways", "sort", "Select a valid choice", ["Insight Analyst", "Performance Analyst"]),
    ],
)
def test_a_bad_filter_value_costs_only_its_own_filter_and_is_summarised(
    client, library, query, field, message, expected
):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(expected)
    # The GOV.UK error summary, linking to the field in error, which is on the page and marked.
    ((target, text),) = error_summary_links(response)
    assert target == f"id_{field}"
    assert message in text
    assert re.search(
        rf'<(input|select) [^>]*class="govuk-(input|select) [^"]*--error"[^>]*id="{target}"', response.text
    )
    assert response.text.count(f'id="{target}"') == 1
    # The input is described by its error message, which is on the page.
    assert re.search(rf'aria-describedby="[^"]*{target}_error', response.text)
    assert f'id="{target}_error"' in response.text
    assert "<title>Error: Job description library" in response.text


def test_filters_without_errors_have_no_summary(client, library):
    response = client.get(URL + "?family=data")
    assert "govuk-error-summary" not in response.text
    assert "--error" not in response.text.split("<main")[1]


def test_a_salary_typed_with_a_pound_sign_and_commas_is_understood(client, library):
    response = client.get(URL + "?salary_from=%C2%A345%2C000")
    assert listed(response) == ["Service Designer (Adult Social Care)", "Head of Data and Insight"]
    assert "govuk-error-summary" not in response.text


def salary_match(response):
    match = re.search(r'<p class="govuk-body" id="salary-match">([^<]+)</p>', response.text)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("", None),
        ("?family=data", None),
        ("?salary_from=45000", "Showing job descriptions whose advertised salary range goes up to £45,000 or more."),
        ("?salary_to=40000", "Showing job descriptions whose advertised salary range starts at £40,000 or less."),
        (
            "?salary_from=42000&salary_to=52000",
            "Showing job descriptions whose advertised salary range overlaps £42,000 to £52,000.",
        ),
        ("?salary_from=lots&salary_to=52000", None),  # a salary in error is explained by its error, not here
    ],
)
def test_the_page_says_what_a_salary_filter_matches(client, library, query, sentence):
    assert salary_match(client.get(URL + query)) == sentence


def test_a_reversed_salary_range_is_swapped_and_the_page_says_so(client, library):
    response = client.get(URL + "?salary_from=52000&salary_to=42000")
    assert response.status_code == 200
    assert listed(response) == ["Service Designer (Adult Social Care)", "Performance Analyst"]
    assert salary_match(response) == (
        "The salary range was the wrong way round, so it has been swapped. "
        "Showing job descriptions whose advertised salary range overlaps £42,000 to £52,000."
    )
    # The boxes show the range as applied.
    assert re.search(r'name="salary_from" value="42000"', response.text)
    assert re.search(r'name="salary_to" value="52000"', response.text)
    assert "govuk-error-summary" not in response.text


# Sorting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", NEWEST_FIRST),
        (
            "salary_high",
            [
                "Head of Data and Insight",
                "Service Designer (Adult Social Care)",
                "Performance Analyst",
                "Insight Analyst",
            ],
        ),
        (
            "salary_low",
            [
                "Insight Analyst",
                "Performance Analyst",
                "Service Designer (Adult Social Care)",
                "Head of Data and Insight",
            ],
        ),
        ("relevance", NEWEST_FIRST),  # relevance without search words falls back to newest
    ],
)
def test_sorting(client, library, sort, expected):
    response = client.get(f"{URL}?sort={sort}")
    assert listed(response) == expected


# Search --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("analyst", {"Performance Analyst", "Insight Analyst"}),
        ("data analyst", {"Performance Analyst", "Insight Analyst"}),  # "data" is only in their role's name
        ("Leeds", {"Head of Data and Insight"}),  # the council
        ("repairs", {"Performance Analyst"}),  # the summary
        ("designer", {"Service Designer (Adult Social Care)"}),
        ("Secret Pending", set()),  # never unpublished ones
        ("zebra", set()),
    ],
)
def test_search_finds_words_in_title_role_council_and_summary(client, library, words, expected):
    response = client.get(URL, {"q": words})
    assert set(listed(response)) == expected
    assert f"{len(expected)} job description" in response.text


@needs_postgresql
def test_search_stems_english_words_and_ranks_title_matches_first(client, library):
    response = client.get(URL, {"q": "designers"})  # stemmed to "design"
    assert listed(response) == ["Service Designer (Adult Social Care)"]
    JobDescriptionFactory(
        role=library["hackney_designer"].role,
        title="Transformation Officer",
        summary="Works alongside the insight team.",
        advertised_on=datetime.date(2025, 6, 1),
    )
    ranked = listed(client.get(URL, {"q": "insight"}))
    # Title matches (weight A) outrank a summary match (weight C), though that one is the newest.
    assert ranked[-1] == "Transformation Officer"
    assert set(ranked[:2]) == {"Insight Analyst", "Head of Data and Insight"}


@needs_postgresql
def test_search_understands_web_search_syntax(client, library):
    assert listed(client.get(URL, {"q": '"service designer"'})) == ["Service Designer (Adult Social Care)"]
    assert set(listed(client.get(URL, {"q": "analyst -insight"}))) == {"Performance Analyst"}
    assert set(listed(client.get(URL, {"q": "leeds or camden"}))) == {"Head of Data and Insight", "Performance Analyst"}


@needs_postgresql
def test_renaming_a_role_in_the_admin_updates_the_search(central_client, library):
    role = library["hackney_designer"].role
    assert listed(central_client.get(URL, {"q": "cartographer"})) == []
    response = central_client.post(
        f"/admin/jobs/role/{role.pk}/change/",
        {"family": role.family_id, "name": "Cartographer", "slug": role.slug, "level": role.level, "summary": ""},
    )
    assert response.status_code == 302
    assert listed(central_client.get(URL, {"q": "cartographer"})) == ["Service Designer (Adult Social Care)"]


@needs_postgresql
def test_search_uses_the_gin_index(library):
    filler = RoleFactory(name="Records officer")
    JobDescriptionFactory.create_batch(300, role=filler, title=factory.Sequence(lambda n: f"Records post {n}"))
    queryset = JobDescription.objects.published().search("analyst")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'jd_search_gin'")
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        # What autovacuum does in production: move fresh entries from GIN's pending list into the index.
        cursor.execute("SELECT gin_clean_pending_list('jd_search_gin')")
        cursor.execute("ANALYZE jobs_jobdescription")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "jd_search_gin" in plan, plan


def test_search_with_a_filter_and_sort_keeps_them_all(client, library):
    response = client.get(URL, {"q": "analyst", "area": "outer", "sort": "salary_high"})
    assert listed(response) == ["Insight Analyst"]


# Pagination ----------------------------------------------------------------------


def test_pagination_keeps_the_search_and_filters(client, data_analyst):
    JobDescriptionFactory.create_batch(
        45, role=data_analyst, title=factory.Sequence(lambda n: f"Analyst post {n:03d}"), borough=borough("hackney")
    )
    JobDescriptionFactory(role=data_analyst, title="Camden Analyst", borough=borough("camden"))
    first = client.get(URL, {"council": "Hackney", "sort": "salary_low"})
    assert len(listed(first)) == 20
    assert "45 job descriptions, page 1 of 3." in first.text
    (next_link,) = hrefs(first, "next")
    assert next_link == "?council=Hackney&sort=salary_low&page=2"
    third = client.get(URL + next_link.replace("page=2", "page=3"))
    assert len(listed(third)) == 5
    assert "Camden Analyst" not in third.text
    assert hrefs(third, "prev") == ["?council=Hackney&sort=salary_low&page=2"]


def test_a_page_past_the_end_shows_the_last_page(client, data_analyst):
    JobDescriptionFactory.create_batch(3, role=data_analyst)
    response = client.get(URL + "?page=99")
    assert response.status_code == 200
    assert len(listed(response)) == 3


# CSV export ----------------------------------------------------------------------


def export(client, query=""):
    response = client.get("/jobs/export.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="loti-job-descriptions.csv"'
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_export_has_the_filtered_published_rows_and_no_private_fields(client, library):
    rows = export(client, "?family=data&sort=salary_high")
    header, *body = rows
    assert header == [
        "Title",
        "Role",
        "Role family",
        "Level",
        "Council",
        "Area",
        "Grade",
        "Salary minimum (£)",
        "Salary maximum (£)",
        "London weighting",
        "Date advertised",
        "Page",
        "Document",
        "Based on",
    ]
    assert [row[0] for row in body] == ["Head of Data and Insight", "Performance Analyst", "Insight Analyst"]
    head = body[0]
    assert head[1:6] == ["Head of data", "Data", "Head of profession", "Leeds City Council", "Outside London"]
    assert head[7:11] == ["70000", "82000", "No London weighting", "2024-11-01"]
    assert head[11] == f"http://127.0.0.1:8000/jobs/descriptions/{library['leeds_head'].pk}/"
    text = "\n".join(",".join(row) for row in rows)
    assert "@council.example" not in text and "Casey Contributor" not in text
    assert "Pending" not in text and "Rejected" not in text


def test_export_neutralises_spreadsheet_formulas(client, data_analyst):
    JobDescriptionFactory(role=data_analyst, title='=HYPERLINK("http://evil.example")', grade="+1", summary="@x")
    (row,) = export(client)[1:]
    assert row[0] == '\'=HYPERLINK("http://evil.example")'
    assert row[6] == "'+1"


# Query budget --------------------------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def assert_no_distinct_over_the_library(queries):
    """The council list comes from indexes: no query reads the library's rows to find its distinct values."""
    assert not [sql for sql in queries if "DISTINCT" in sql.upper() and "jobs_jobdescription" in sql]


@pytest.mark.parametrize("role", ["anonymous", "central_team"])
@pytest.mark.parametrize(
    "url",
    [
        URL,
        URL + "?q=analyst&family=data&area=inner&sort=salary_high",
        URL + "?q=data+analyst",
        URL + "?role=analyst&council=Camden",
        "/jobs/export.csv",
    ],
)
def test_library_query_count_does_not_grow_with_the_data(client_for, no_page_cache, data_analyst, role, url):
    client = client_for(role)
    JobDescriptionFactory.create_batch(3, role=data_analyst)
    queries_of(client, url)  # the first request after signing in also refreshes the session
    small = queries_of(client, url)
    for n in range(60):
        family = RoleFamilyFactory(name=f"Family {n % 4}", slug=f"family-{n % 4}")
        JobDescriptionFactory(role=RoleFactory(family=family), borough=borough(["camden", "barnet"][n % 2]))
    large = queries_of(client, url)
    assert len(large) == len(small)
    assert len(large) <= 12
    assert_no_distinct_over_the_library(small + large)


def test_london_weighting_is_written_in_sentence_case_with_its_proper_noun(client, data_analyst):
    JobDescriptionFactory(role=data_analyst, london_weighting="none")
    response = client.get("/jobs/")
    assert "no London weighting" in response.text
    assert "london weighting" not in response.text.replace("London weighting", "")
