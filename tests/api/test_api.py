"""The open data API: conventions, filters that agree with the HTML pages, errors, caching headers, limits."""

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from api.licence import LICENCE_URL
from okrs.models import Objective
from tests.factories import (
    CheckInFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    ParticipationFactory,
    ProjectFactory,
    RoleFactory,
    VacancyFactory,
    borough,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/boroughs/",
    "/api/v1/projects/",
    "/api/v1/quarters/",
    "/api/v1/job-descriptions/",
    "/api/v1/roles/",
    "/api/v1/vacancies/",
    "/api/v1/idea-calls/",
]


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, (json.loads(response.content) if response.content else None)


def test_the_openapi_document_is_valid_openapi_3_1(client):
    response, document = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert document["info"]["license"]["url"] == LICENCE_URL
    assert {path for path in document["paths"]} >= {url.removeprefix("") for url in LISTS}
    # Errors are described as the problem details they are sent as.
    errors = document["paths"]["/api/v1/job-descriptions/"]["get"]["responses"]["400"]["content"]
    assert list(errors) == ["application/problem+json"]


def test_every_parameter_in_the_openapi_document_says_what_it_is(client):
    _, document = get(client, "/api/v1/openapi.json")
    undescribed = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description") and not parameter.get("schema", {}).get("description")
    ]
    assert undescribed == []


@pytest.mark.parametrize("url", LISTS)
def test_every_list_has_a_total_page_links_and_the_licence(client, url):
    response, body = get(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert {"count", "next", "previous", "results", "links"} <= body.keys()
    assert body["links"]["licence"] == LICENCE_URL
    assert LICENCE_URL in response["Link"] and 'rel="license"' in response["Link"]
    assert get(client, url, Origin="https://x.example")[0]["Access-Control-Allow-Origin"] == "*"


def test_job_descriptions_match_the_library_page_and_next_follows_on(client):
    role = RoleFactory(name="Data analyst", slug="data-analyst")
    inner, outer = borough("camden"), borough("barnet")
    for n in range(25):
        JobDescriptionFactory(
            role=role, title=f"Data analyst {n}", borough=inner, salary_min=30_000 + n * 1000, salary_max=60_000
        )
    JobDescriptionFactory(role=role, title="Data analyst far out", borough=outer)
    JobDescriptionFactory(role=role, title="Data analyst pending", pending=True)
    query = "q=data+analyst&area=inner"

    html = client.get(f"{reverse('jobs:list')}?{query}")
    html_ids = [jd["pk"] for jd in html.context["page"].object_list]  # the page draws from dicts
    html_page_2 = [jd["pk"] for jd in client.get(f"{reverse('jobs:list')}?{query}&page=2").context["page"].object_list]

    response, first = get(client, f"/api/v1/job-descriptions/?{query}")
    assert first["count"] == 25
    assert [jd["id"] for jd in first["results"]] == html_ids
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/job-descriptions/?") and "page=2" in first["next"]
    _, second = get(client, first["next"])
    assert [jd["id"] for jd in second["results"]] == html_page_2
    assert second["next"] is None and "page=1" in second["previous"]

    jd = first["results"][0]
    assert jd["salary"]["currency"] == "GBP" and isinstance(jd["salary"]["minimum"], int)
    assert jd["area"] == "inner" and jd["borough"] == {"slug": "camden", "name": "Camden"}
    assert jd["advertised_on"] == "2025-03-03"
    assert "contributor_name" not in json.dumps(first) and "Casey Contributor" not in json.dumps(first)


def test_a_bad_parameter_is_a_400_problem_naming_it(client):
    response, body = get(client, "/api/v1/job-descriptions/?salary_from=lots&q=analyst")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 400 and body["title"] == "Invalid query parameters"
    assert [e["parameter"] for e in body["errors"]] == ["salary_from"]
    assert get(client, "/api/v1/job-descriptions/?q=%00")[0].status_code == 400
    assert get(client, "/api/v1/projects/?borough=%00")[0].status_code == 400
    assert get(client, "/api/v1/boroughs/%00/")[0].status_code in (400, 404)


def test_a_filter_naming_nothing_matches_nothing(client):
    JobDescriptionFactory()
    response, body = get(client, "/api/v1/job-descriptions/?family=no-such-family")
    assert response.status_code == 200 and body["count"] == 0
    assert get(client, "/api/v1/job-descriptions/")[1]["count"] == 1


def test_a_role_is_named_by_its_slug_its_name_or_words_as_on_the_pages(client):
    JobDescriptionFactory(role=RoleFactory(name="Data analyst", slug="data-analyst"))
    JobDescriptionFactory(role=RoleFactory(name="Lead data analyst", slug="lead-data-analyst"))
    JobDescriptionFactory(role=RoleFactory(name="Service designer", slug="service-designer"))
    count = {
        query: get(client, f"/api/v1/job-descriptions/?role={query}")[1]["count"]
        for query in ["data-analyst", "Data+analyst", "analyst", "designer", "astronaut"]
    }
    assert count == {"data-analyst": 1, "Data+analyst": 1, "analyst": 2, "designer": 1, "astronaut": 0}


def test_a_page_past_the_end_and_an_unknown_record_are_404_problems(client):
    response, body = get(client, "/api/v1/job-descriptions/?page=9")
    assert response.status_code == 404 and body["type"].endswith("page-not-found")
    for url in ["/api/v1/job-descriptions/999999/", "/api/v1/projects/nope/", "/api/v1/nothing-here/"]:
        response, body = get(client, url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        assert body["instance"] == url


def test_an_address_without_its_last_slash_redirects(client):
    response = client.get("/api/v1/boroughs?page=1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/boroughs/?page=1"


def test_writing_is_refused_as_a_problem(client):
    response = client.post("/api/v1/boroughs/", {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_etag_and_last_modified_give_304s(client):
    response = client.get("/api/v1/boroughs/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/boroughs/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/boroughs/", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/api/v1/boroughs/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_change_moves_last_modified_on(client):
    modified = client.get("/api/v1/projects/")["Last-Modified"]
    time.sleep(1.1)  # HTTP dates have whole seconds
    ProjectFactory()
    response = client.get("/api/v1/projects/", headers={"If-Modified-Since": modified})
    assert response.status_code == 200 and response["Last-Modified"] != modified


def test_cors_lets_any_website_read_and_preflight_is_answered(client):
    response = client.get("/api/v1/boroughs/", headers={"Origin": "https://research.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/boroughs/",
        headers={"Origin": "https://research.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # Pages that are not the API stay same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://x.example"})


def test_too_many_requests_get_429_with_retry_after(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [client.get("/api/v1/boroughs/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/boroughs/")
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another client has its own allowance.
    assert client.get("/api/v1/boroughs/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_private_projects_are_never_named(client):
    public = ProjectFactory(title="Shared Wi-Fi", slug="shared-wifi")
    hidden = ProjectFactory(title="Secret pilot", slug="secret-pilot", private=True)
    ParticipationFactory(project=public, borough=borough("camden"))
    pilot = KeyResultFactory(title="Pilot in three boroughs", project=hidden)
    KeyResultFactory(title="Wi-Fi everywhere", project=public, objective=pilot.objective)
    _, projects = get(client, "/api/v1/projects/")
    assert [p["slug"] for p in projects["results"]] == ["shared-wifi"]
    assert get(client, "/api/v1/projects/secret-pilot/")[0].status_code == 404
    _, quarter = get(client, "/api/v1/quarters/3/2/")
    by_title = {kr["title"]: kr for o in quarter["objectives"] for kr in o["key_results"]}
    assert by_title["Pilot in three boroughs"]["project"] is None
    assert by_title["Wi-Fi everywhere"]["project"] == "shared-wifi"
    assert "secret" not in json.dumps(quarter).lower()


def test_signed_in_people_get_public_data_only(client_for):
    ProjectFactory(title="Secret pilot", slug="secret-pilot", private=True)
    JobDescriptionFactory(title="Waiting for moderation", pending=True)
    for role in ["central_team", "cdio"]:
        client = client_for(role)
        _, projects = get(client, "/api/v1/projects/")
        assert projects["count"] == 0
        _, jds = get(client, "/api/v1/job-descriptions/")
        assert jds["count"] == 0


def test_a_project_shows_each_boroughs_part_and_commitments(client):
    project = ProjectFactory(slug="wifi")
    ParticipationFactory(project=project, borough=borough("camden"), role="lead")
    ParticipationFactory(project=project, borough=borough("hackney"))
    deliverable = DeliverableFactory(project=project, name="GovWifi")
    DeliverableStatusFactory(deliverable=deliverable, borough=borough("camden"), state="done")
    _, body = get(client, "/api/v1/projects/wifi/")
    rows = {row["borough"]["slug"]: row for row in body["boroughs"]}
    assert rows["camden"]["role"] == "lead"
    assert rows["camden"]["status"] == "done"
    assert rows["camden"]["deliverables"] == [{"deliverable": "GovWifi", "state": "done"}]
    assert rows["hackney"]["status"] == "not_started"
    assert body["links"]["csv"].endswith("/projects/wifi/boroughs.csv")


def test_key_results_carry_their_check_ins(client):
    kr = KeyResultFactory(title="Boroughs on Govroam", target=25, unit="boroughs")
    CheckInFactory(key_result=kr, value=12, comment="Twelve so far.")
    _, body = get(client, "/api/v1/quarters/3/2/")
    result = body["objectives"][0]["key_results"][0]
    assert result["progress"] == 12.0 and result["target"] == 25.0
    assert result["check_ins"] == [
        {"checked_on": "2021-11-05", "value": 12.0, "confidence": "medium", "comment": "Twelve so far."}
    ]


def test_roles_carry_salary_benchmarks(client):
    role = RoleFactory(slug="analyst")
    for low in (30_000, 40_000, 50_000):
        JobDescriptionFactory(role=role, salary_min=low, salary_max=low + 2_000)
    _, body = get(client, "/api/v1/roles/analyst/")
    benchmarks = body["benchmarks"]
    assert benchmarks["all"]["count"] == 3 and benchmarks["all"]["median"] == 41_000
    assert benchmarks["inner"]["currency"] == "GBP"
    assert benchmarks["outer"] is None


def test_closed_vacancies_are_not_listed(client):
    VacancyFactory(title="Open one")
    VacancyFactory(title="Closed one", closing_on="2020-01-01", posted_on="2019-12-01")
    _, body = get(client, "/api/v1/vacancies/")
    assert [v["title"] for v in body["results"]] == ["Open one"]


def _grow(n):
    role = RoleFactory()
    objective = Objective.objects.first() or KeyResultFactory().objective
    for _ in range(n):
        project = ProjectFactory()
        ParticipationFactory(project=project, borough=borough("camden"))
        ParticipationFactory(project=project, borough=borough("hackney"))
        JobDescriptionFactory(role=role)
        VacancyFactory(role=role)
        CheckInFactory(key_result=KeyResultFactory(objective=objective))
        RoleFactory()


@pytest.mark.parametrize("url", LISTS)
def test_query_counts_do_not_grow_with_the_data(client, url, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _grow(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(30)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 8, url


def test_the_documentation_page_lists_every_endpoint(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    text = response.content.decode()
    for url in LISTS:
        assert f"GET {url}" in text
    assert "/api/v1/job-descriptions/?q=data+analyst&amp;area=inner" in text
    assert "Open Government Licence v3.0" in text


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/openapi.json", "/api/"])
def test_every_role_gets_the_same_public_answer(any_role_client, url, settings):
    """Permission matrix: the API is public and the same for everyone; a session widens nothing."""
    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory(title="Secret pilot", slug="secret-pilot", private=True)
    JobDescriptionFactory(title="Waiting for moderation", pending=True)
    response = any_role_client.get(url)
    assert response.status_code == 200
    anonymous = type(any_role_client)().get(url)
    if url.startswith("/api/v1/"):
        assert response.json() == anonymous.json()
    assert b"Secret pilot" not in response.content and b"Waiting for moderation" not in response.content


def test_the_root_links_to_the_documentation_and_every_list(client):
    response, body = get(client, "/api/v1/")
    assert response.status_code == 200
    assert body["links"]["openapi"] == "http://testserver/api/v1/openapi.json"
    assert body["links"]["job_descriptions"] == "http://testserver/api/v1/job-descriptions/"
    assert body["links"]["licence"] == LICENCE_URL
