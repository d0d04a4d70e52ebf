"""The API's list of projects: each borough's status from grouped counts, the same as everywhere else."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Participation
from projects.models.summaries import borough_parts
from tests.conftest import force_login_verified
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    wifi = ProjectFactory(slug="wifi", title="Seamless Wi-Fi")
    for slug, role in [
        ("hackney", "participant"),
        ("camden", "lead"),
        ("islington", "observer"),
        ("lambeth", "participant"),
    ]:
        ParticipationFactory(project=wifi, borough=borough(slug), role=role)
    govwifi, survey = DeliverableFactory(project=wifi, name="GovWifi"), DeliverableFactory(project=wifi, name="Survey")
    isa = AgreementFactory(project=wifi)
    for deliverable in (govwifi, survey):
        DeliverableStatusFactory(deliverable=deliverable, borough=borough("camden"), state="done")
    SignatoryFactory(agreement=isa, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 2, 1))
    DeliverableStatusFactory(deliverable=govwifi, borough=borough("hackney"), state="in_progress")
    SignatoryFactory(agreement=isa, borough=borough("lambeth"), state="invited")
    SignatoryFactory(agreement=isa, body=True, state="signed", signed_on=datetime.date(2025, 2, 2))

    apprentices = ProjectFactory(slug="apprentices", title="Digital apprenticeships")
    places = MeasureFactory(project=apprentices)
    for slug, value in [("camden", 12), ("hackney", 0)]:
        ParticipationFactory(project=apprentices, borough=borough(slug))
        MeasureContributionFactory(measure=places, borough=borough(slug), value=value)
    ParticipationFactory(project=apprentices, borough=borough("lambeth"))

    chosen = ProjectFactory(slug="chosen", title="Nothing to count")
    ParticipationFactory(project=chosen, borough=borough("camden"), status="blocked")
    ParticipationFactory(project=chosen, borough=borough("hackney"), status="done")
    return [wifi, apprentices, chosen]


def listed(client, query=""):
    body = json.loads(client.get("/api/v1/projects/" + query).content)
    return {p["slug"]: [(b["borough"]["slug"], b["role"], b["status"]) for b in p["boroughs"]] for p in body["results"]}


def test_each_boroughs_status_is_worked_out_from_its_commitments(client, projects):
    assert listed(client) == {
        "wifi": [
            ("camden", "lead", "done"),
            ("hackney", "participant", "in_progress"),
            ("islington", "observer", "not_started"),
            ("lambeth", "participant", "not_started"),
        ],
        "apprentices": [
            ("camden", "participant", "in_progress"),
            ("hackney", "participant", "not_started"),
            ("lambeth", "participant", "not_started"),
        ],
        "chosen": [("camden", "participant", "blocked"), ("hackney", "participant", "done")],
    }


def test_the_grouped_counts_agree_with_each_participations_own(projects):
    parts = borough_parts(p.pk for p in projects)
    for project in projects:
        one_by_one = {
            p.borough.slug: p.shown_status for p in Participation.objects.filter(project=project).with_status()
        }
        assert {part.borough_slug: part.shown_status for part in parts[project.pk]} == one_by_one


def test_a_project_with_no_boroughs_lists_none(client):
    ProjectFactory(slug="alone")
    assert listed(client) == {"alone": []}


def test_the_boroughs_of_a_page_of_projects_cost_one_query_however_many(client, settings, projects):
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as three:
        listed(client)
    for _ in range(20):
        project = ProjectFactory()
        for slug in ("camden", "hackney"):
            ParticipationFactory(project=project, borough=borough(slug))
        DeliverableStatusFactory(deliverable=DeliverableFactory(project=project), borough=borough("camden"))
    with CaptureQueriesContext(connection) as twenty:
        listed(client)
    assert len(three) == len(twenty) == 3  # the count, the page, and borough_parts's one


def test_the_list_is_the_json_ninja_would_send_after_checking_it_against_its_schema(client, projects):
    """Sent without pydantic's check (api/responses.py): the same bytes as the check and ninja's renderer give."""
    from ninja.renderers import JSONRenderer

    from api.schemas import ProjectPage

    for project in projects:
        project.started_on = datetime.date(2024, 4, 1)
        project.save()
    ParticipationFactory(project=ProjectFactory(slug="later", title="Zebra crossings"), borough=borough("camden"))
    response = client.get("/api/v1/projects/?page=1")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    checked = ProjectPage.model_validate(json.loads(response.content)).model_dump()
    assert response.content.decode() == JSONRenderer().render(None, checked, response_status=200)
    assert list(json.loads(response.content)) == list(ProjectPage.model_fields)  # the schema's order


def test_the_list_never_shows_a_project_not_public_yet(client, projects):
    hidden = ProjectFactory(slug="hidden", title="Not yet", is_public=False)
    ParticipationFactory(project=hidden, borough=borough("camden"), role="lead")
    force_login_verified(client, UserFactory(cdio=True))  # of camden, taking part: a session never widens the API
    assert "hidden" not in listed(client)
    assert "hidden" not in listed(client, "?borough=camden")


def test_each_project_in_the_list_is_as_its_own_endpoint_shows_it(client, projects):
    """The list reads values (api/endpoints/projects.py LISTED), the detail endpoint model instances."""
    projects[0].started_on, projects[0].ends_on = datetime.date(2024, 4, 1), datetime.date(2026, 3, 31)
    projects[0].save()
    projects[1].lead_borough = None
    projects[1].save()
    listed = json.loads(client.get("/api/v1/projects/").content)["results"]
    assert {p["slug"] for p in listed} == {"wifi", "apprentices", "chosen"}
    for entry in listed:
        detail = json.loads(client.get(f"/api/v1/projects/{entry['slug']}/").content)
        shared = [name for name in entry if name not in ("boroughs", "links")]
        assert {name: entry[name] for name in shared} == {name: detail[name] for name in shared}
        assert entry["links"]["html"] == detail["links"]["html"]
        assert [(b["borough"], b["role"], b["status"]) for b in entry["boroughs"]] == [
            (b["borough"], b["role"], b["status"]) for b in detail["boroughs"]
        ]
    assert next(p for p in listed if p["slug"] == "apprentices")["lead_borough"] is None


def test_text_of_every_kind_is_sent_as_the_encoder_of_the_whole_would(client, projects):
    """The list is put together from JSON text (api/responses.py): quotes, backslashes, markup and
    characters outside ASCII escaped as json.dumps escapes them, dates as ninja sends them."""
    from ninja.renderers import JSONRenderer

    from api.schemas import ProjectPage
    from boroughs.models import Borough

    wifi = projects[0]
    wifi.title = 'Wi-Fi "everywhere" \\ café ✓ </script> 🚀'
    wifi.summary = "Line one\nline two\ttabbed — £5 ‘quoted’"
    wifi.started_on = datetime.date(2024, 4, 1)
    wifi.save()
    Borough.objects.filter(slug="islington").update(name="Islington “Æ” \\ borough")
    response = client.get("/api/v1/projects/")
    body = json.loads(response.content)
    assert body["results"][-1]["title"] == wifi.title  # in title order: "W" after "N" and "D"
    assert "Islington “Æ” \\ borough" in [b["borough"]["name"] for b in body["results"][-1]["boroughs"]]
    checked = ProjectPage.model_validate(body).model_dump()
    assert response.content.decode() == JSONRenderer().render(None, checked, response_status=200)
    assert response.content.isascii()


def test_each_projects_boroughs_are_lead_first_then_by_name_in_code_point_order(client, projects):
    """The query sorts them (PARTS_SQL) as Python's sorted() would, whatever the database's locale."""
    from boroughs.models import Borough

    for slug, name in [("hackney", "apple"), ("islington", "Zebra"), ("lambeth", "Émile"), ("camden", "a b")]:
        Borough.objects.filter(slug=slug).update(name=name)
    ParticipationFactory(project=projects[0], borough=borough("bexley"), role="observer")  # Bexley
    names = {
        p["slug"]: [b["borough"]["name"] for b in p["boroughs"]]
        for p in json.loads(client.get("/api/v1/projects/").content)["results"]
    }
    assert names["wifi"] == ["a b", "Bexley", "Zebra", "apple", "Émile"]  # camden leads
    assert names["apprentices"] == sorted(names["apprentices"])


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1, "b": [1, 2], "c": None},
        {},
        {"é": "ünïcode", "date": datetime.date(2025, 1, 2), "at": datetime.datetime(2025, 1, 2, 3, 4, 5, 678000)},
    ],
)
def test_json_put_together_from_pieces_is_the_json_of_the_whole(data):
    from ninja.responses import NinjaJSONEncoder

    from api.responses import encode, json_array, json_object

    extra = {"items": [{"x": "y"}, {"z": ["\u2028", '"']}], "empty": []}
    pieces = json_object(data, items=json_array([encode(i) for i in extra["items"]]), empty=json_array([]))
    assert pieces == json.dumps({**data, **extra}, cls=NinjaJSONEncoder)
    assert json_object(data) == encode(data)


def test_the_count_reads_the_projects_alone(client, settings, projects):
    """The page is read as values of the theme and lead borough too; the count joins neither (ValuesPaginator)."""
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        body = json.loads(client.get("/api/v1/projects/").content)
    count = next(q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"])
    assert "JOIN" not in count
    assert body["count"] == 3
    assert body["results"][0]["theme"]["slug"] and body["results"][0]["lead_borough"]["slug"] == "camden"


def test_each_count_the_rule_reads_is_the_one_it_is_named(client):
    """Boroughs whose statuses turn on one count each: a swapped column would give one of them another status."""
    project = ProjectFactory(slug="counts")
    first, second = DeliverableFactory(project=project), DeliverableFactory(project=project)
    agreement = AgreementFactory(project=project)
    MeasureContributionFactory(measure=MeasureFactory(project=project), borough=borough("camden"), value=0)
    cases = {
        "camden": [],  # a pledge of 0: not started
        "hackney": [SignatoryFactory.build(state="reviewing")],  # reviewing only: in progress
        "islington": [DeliverableStatusFactory.build(deliverable=first, state="in_progress")],
        "lambeth": [  # every deliverable done and its one signature signed: done
            DeliverableStatusFactory.build(deliverable=first, state="done"),
            DeliverableStatusFactory.build(deliverable=second, state="done"),
            SignatoryFactory.build(state="signed", signed_on=datetime.date(2025, 2, 1)),
        ],
        "southwark": [  # done everything but sign: in progress
            DeliverableStatusFactory.build(deliverable=first, state="done"),
            DeliverableStatusFactory.build(deliverable=second, state="done"),
            SignatoryFactory.build(state="invited"),
        ],
    }
    for slug, rows in cases.items():
        ParticipationFactory(project=project, borough=borough(slug))
        for row in rows:
            row.borough = borough(slug)
            if hasattr(row, "agreement_id"):
                row.agreement = agreement
            row.save()
    expected = {p.borough.slug: p.shown_status for p in Participation.objects.filter(project=project).with_status()}
    assert expected == {
        "camden": "not_started",
        "hackney": "in_progress",
        "islington": "in_progress",
        "lambeth": "done",
        "southwark": "in_progress",
    }
    assert {part.borough_slug: part.shown_status for part in borough_parts([project.pk])[project.pk]} == expected


def test_the_rules_counts_are_the_summarys_fields():
    from dataclasses import fields

    from projects.models.status import COUNTS, CommitmentSummary

    assert COUNTS == tuple(f.name for f in fields(CommitmentSummary) if f.name != "changed_at")
