import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertHTMLEqual

from okrs.models import Quarter, quarter_containing, quarter_dates
from okrs.reports import percent
from okrs.templatetags.okr_tags import figure
from tests.conftest import ONLY_CENTRAL_TEAM
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
    theme,
)

pytestmark = pytest.mark.django_db
URL = "/okrs/year-3/q2/"


@pytest.fixture
def quarter():
    quarter = QuarterFactory(year=3, number=2, introduction="Twenty-five things for the quarter.")
    skills = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"), order=1)
    inclusion = ObjectiveFactory(quarter=quarter, theme=theme("digital-inclusion"), order=2)
    women = KeyResultFactory(
        objective=skills,
        number=1,
        title="Launch LOTI Women Digital Leaders' Network",
        status="on_track",
        target=50,
        unit="women enrolled",
        lead_borough=borough("camden"),
    )
    women.supporting_boroughs.set([borough("hackney")])
    CheckInFactory(key_result=women, value=31, checked_on=date(2021, 12, 3), comment="Second cohort booked")
    CheckInFactory(key_result=women, value=12, checked_on=date(2021, 11, 5))
    KeyResultFactory(
        objective=skills, number=2, title="Publish a guide to recruiting for hard-to-fill roles", status="done"
    )
    story = KeyResultFactory(
        objective=inclusion,
        number=3,
        title="Complete Digital Exclusion Story Map build and testing",
        status="at_risk",
        lead_borough=borough("brent"),
        project=ProjectFactory(title="Digital Exclusion Story Map"),
    )
    CheckInFactory(key_result=story, value=45)
    return quarter


def test_quarter_page_shows_summary_objectives_numbered_items_and_progress(client, quarter):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.text
    assert "What to expect from LOTI in Q2" in html
    assert "16 October 2021 to 15 January 2022" in html
    assert "Twenty-five things for the quarter." in html
    assert "1 of 3</span> key results done" in html
    assert html.index("Skills &amp; Capability") < html.index("Digital Inclusion")
    assert '<span class="loti-key-result__number">1</span> Launch LOTI Women' in html
    assert "31 of 50 women enrolled" in html  # the latest check-in, not the last entered
    assert 'value="62"' in html  # 31 of 50 as a percentage
    assert "Camden (lead), Hackney" in html
    assert "Digital Exclusion Story Map" in html


def test_summary_counts_by_status(client, quarter):
    summary = client.get(URL).context["summary"]
    counts = {value: count for value, _, count in summary["by_status"]}
    assert counts == {"not_started": 0, "on_track": 1, "at_risk": 1, "done": 1, "dropped": 0}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("theme=digital-inclusion", [3]),
        ("status=done", [2]),
        ("borough=hackney", [1]),  # supporting
        ("borough=brent", [3]),  # leading
        ("borough=camden&status=on_track", [1]),
        ("theme=nope", [1, 2, 3]),  # a mangled link shows everything, with the error
        ("status=<script>", [1, 2, 3]),
    ],
)
def test_filters(client, quarter, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    numbers = [kr.number for objective in response.context["objectives"] for kr in objective.rows]
    assert numbers == expected
    assert "<script>" not in response.text.split("<main", 1)[1].split("</main>")[0] or "&lt;script&gt;" in response.text


def test_a_bad_filter_keeps_the_others_and_is_summarised(client, quarter):
    response = client.get(f"{URL}?theme=nope&borough=brent")
    assert [kr.number for objective in response.context["objectives"] for kr in objective.rows] == [3]
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_theme"]
    assert 'id="id_theme"' in response.text


@pytest.mark.parametrize(
    "day, key",
    [
        (date(2019, 7, 16), (1, 1)),
        (date(2019, 10, 15), (1, 1)),
        (date(2019, 10, 16), (1, 2)),
        (date(2021, 10, 16), (3, 2)),
        (date(2022, 1, 15), (3, 2)),
        (date(2022, 1, 16), (3, 3)),
        (date(2022, 7, 15), (3, 4)),
        (date(2026, 12, 1), (8, 2)),
    ],
)
def test_quarter_containing_a_day_matches_quarter_dates(day, key):
    assert quarter_containing(day) == key
    starts_on, ends_on = quarter_dates(*key)
    assert starts_on <= day <= ends_on


def test_current_is_only_the_quarter_containing_today_and_latest_started_is_separate(quarter):
    later = date(2022, 3, 1)  # after Year 3 Q2, with no Year 3 Q3
    assert Quarter.objects.containing(date(2021, 12, 3)) == quarter
    assert Quarter.objects.current(today=later) is None
    assert Quarter.objects.latest_started(today=later) == quarter
    assert Quarter.objects.latest_started(today=date(2021, 1, 1)) is None


def test_current_quarter_page_is_the_latest_published_that_has_started(client, quarter):
    QuarterFactory(year=3, number=3, is_published=False)  # a draft is never current for the public
    response = client.get("/okrs/")
    assert response.status_code == 200
    assert response.context["quarter"] == quarter


def test_no_published_quarter_is_a_404(client):
    QuarterFactory(is_published=False)
    assert client.get("/okrs/").status_code == 404


def test_unpublished_quarter_permission_matrix(any_role_client):
    draft = QuarterFactory(year=3, number=3, is_published=False)
    KeyResultFactory(objective=ObjectiveFactory(quarter=draft), number=1)
    visible = ONLY_CENTRAL_TEAM[any_role_client.role]
    for url in ["/okrs/year-3/q3/", "/okrs/year-3/q3/1/", "/okrs/year-3/q3/export.csv"]:
        assert any_role_client.get(url).status_code == (200 if visible else 404), url
    if visible:
        assert "Year 3 Q3 is a draft" in any_role_client.get("/okrs/year-3/q3/").text


def test_published_pages_are_open_to_every_role(any_role_client, quarter):
    for url in [URL, f"{URL}1/", f"{URL}export.csv", "/okrs/"]:
        assert any_role_client.get(url).status_code == 200, url


def test_key_result_page_has_check_in_chart_and_table(client, quarter):
    response = client.get(f"{URL}1/")
    html = response.text
    assert "Launch LOTI Women Digital Leaders&#x27; Network" in html
    assert "31 of 50 women enrolled (62%)" in html
    assert len(re.findall(r'<rect [^>]*class="loti-chart__bar"', html)) == 2
    rows = re.findall(r"<td class=\"govuk-table__cell\">(\d+ \w+ 2021)</td>", html)
    assert rows == ["5 November 2021", "3 December 2021"]  # oldest first
    assert "Second cohort booked" in html


def test_unknown_key_result_is_a_404(client, quarter):
    assert client.get(f"{URL}99/").status_code == 404
    assert client.get("/okrs/year-3/q9/").status_code == 404


def test_csv_export_of_a_quarter(client, quarter):
    response = client.get(f"{URL}export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="loti-okrs-year-3-q2.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Number,Objective,Key result,Status,Progress,Target")
    assert lines[1].startswith(
        "1,Skills & Capability,Launch LOTI Women Digital Leaders' Network,On track,31,50,women enrolled,Camden,Hackney"
    )
    assert len(lines) == 4


def test_home_page_says_latest_published_quarter_with_its_dates_when_none_contains_today(client, quarter):
    html = client.get("/").text
    assert "This quarter" not in html
    assert "Latest published quarter, 16 October 2021 to 15 January 2022" in html
    assert "What to expect from LOTI in Q2" in html
    assert "1 of 3</span> key results done" in html


def test_home_page_shows_this_quarter_when_a_published_quarter_contains_today(client, quarter):
    year, number = quarter_containing(timezone.localdate())
    running = QuarterFactory(year=year, number=number, title="Our plans for now")
    KeyResultFactory(objective=ObjectiveFactory(quarter=running), number=1, status="done")
    html = client.get("/").text
    assert "This quarter:" in html and "Our plans for now" in html
    assert f"{running.starts_on:%-d %B %Y} to {running.ends_on:%-d %B %Y}" in html
    assert "Latest published quarter" not in html
    assert "1 of 1</span> key results done" in html


def test_home_page_ignores_a_draft_for_today_and_falls_back_to_the_latest_published(client, quarter):
    year, number = quarter_containing(timezone.localdate())
    QuarterFactory(year=year, number=number, is_published=False)
    assert "Latest published quarter, 16 October 2021" in client.get("/").text


@pytest.mark.parametrize("running_now", [False, True])
def test_home_page_costs_the_same_queries_with_or_without_a_quarter_running(
    client, quarter, no_page_cache, django_assert_num_queries, running_now
):
    if running_now:
        year, number = quarter_containing(timezone.localdate())
        QuarterFactory(year=year, number=number)
    # member count, the quarter to show, its key results' statuses; published job descriptions, open vacancies
    with django_assert_num_queries(5):
        client.get("/")


def build_quarter(size):
    quarter = QuarterFactory(year=3, number=2)
    themes = ["skills-and-capability", "future-workplace", "cyber-security", "digital-inclusion"]
    objectives = [ObjectiveFactory(quarter=quarter, theme=theme(slug), order=i) for i, slug in enumerate(themes)]
    for n in range(1, size + 1):
        kr = KeyResultFactory(
            objective=objectives[n % len(objectives)],
            number=n,
            lead_borough=borough("camden"),
            project=ProjectFactory() if n % 3 == 0 else None,
        )
        kr.supporting_boroughs.set([borough("hackney"), borough("brent")])
        for day in (5, 12, 19):
            CheckInFactory(key_result=kr, checked_on=date(2021, 11, day), value=day)
    return quarter


@pytest.mark.parametrize("path", [URL, "/okrs/", f"{URL}2/", "/"])
def test_query_count_is_the_same_for_3_and_25_key_results(client, path, no_page_cache):
    counts = []
    for size in (3, 25):
        from okrs.models import Quarter

        Quarter.objects.all().delete()
        build_quarter(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts


# The key results as the template drew them from model instances, before
# okr_tags.key_result_items drew them from values: the page must not change.
KEY_RESULTS_BEFORE = Path(__file__).parent / "key_results_before.html"


def key_results_before(quarter, user):
    results = (
        quarter.key_results.with_progress()
        .with_project_for(user)
        .select_related("quarter", "objective__theme", "lead_borough")
        .prefetch_related("supporting_boroughs")
        .order_by("number")
    )
    groups = {}
    for kr in results:
        kr.percent = percent(kr.progress_value, kr.progress_target)
        groups.setdefault(kr.objective, []).append(kr)
    objectives = sorted(groups.items(), key=lambda item: (item[0].order, item[0].pk))
    return Template(KEY_RESULTS_BEFORE.read_text()).render(Context({"objectives": objectives}))


@pytest.mark.parametrize("role", ["anonymous", "cdio", "other_cdio", "central_team"])
def test_the_key_results_are_drawn_as_the_template_drew_them(client_for, quarter, role):
    client = client_for(role)
    ObjectiveFactory(quarter=quarter, theme=theme("cyber-security"), order=0, title="Keep <boroughs> safe")
    cyber = quarter.objectives.get(theme=theme("cyber-security"))
    odd = KeyResultFactory(objective=cyber, number=4, title="Test & report", target=Decimal("7.5"), unit="<drills>")
    CheckInFactory(key_result=odd, value=Decimal("2.25"))
    hidden = ProjectFactory(title="Quiet pilot", private=True)
    ParticipationFactory(project=hidden, borough=borough("camden"))
    KeyResultFactory(objective=cyber, number=5, title="Pilot it", project=hidden, status="dropped")
    html = client.get(URL).text
    drawn = html[html.index('<h2 class="govuk-heading-m" id="objective-') : html.index("</main>")]
    drawn = drawn[: drawn.rindex("</ol>") + len("</ol>")]
    assertHTMLEqual(drawn, key_results_before(quarter, client.user if role != "anonymous" else AnonymousUser()))
    assert "Keep &lt;boroughs&gt; safe" in drawn and "2.25 of 7.50 &lt;drills&gt;" in drawn
    assert ("Quiet pilot" in drawn) is (role in ("cdio", "central_team"))


@pytest.mark.parametrize("value", ["0", "31", "12.50", "2.25", "0.05", "99.99", "1234.5", "100.00"])
def test_progress_figures_are_written_as_floatformat_writes_them(value):
    assert figure(Decimal(value)) == floatformat(Decimal(value), "-2")
