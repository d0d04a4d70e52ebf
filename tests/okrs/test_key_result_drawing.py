"""The key result page drawn from plain values (okrs.reports.KeyResultDetail): the same HTML as before."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from okrs.models import CheckIn, KeyResult
from okrs.reports import KeyResultDetail, check_in_chart, percent
from okrs.templatetags.okr_tags import check_in_history
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
)

pytestmark = pytest.mark.django_db

# The chart and table as the page's template drew them from CheckIn instances.
CHECK_INS_BEFORE = Path(__file__).parent / "check_ins_before.html"


@pytest.fixture
def key_result():
    quarter = QuarterFactory(year=3, number=2, starts_on=date(2021, 10, 16), ends_on=date(2022, 1, 15))
    kr = KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter, title="Skills <for> all"),
        number=1,
        title="Train 50 & more",
        target=Decimal("7.5"),
        unit="<people>",
        lead_borough=borough("camden"),
        description="One line\nand another <b>",
    )
    kr.supporting_boroughs.set([borough("hackney"), borough("brent")])
    for day, value, confidence, comment in [
        (date(2021, 12, 3), "2.25", "high", "A <comment> & more"),
        (date(2021, 11, 5), "1", "low", ""),
        (date(2021, 11, 5), "1.5", "medium", "same day, later"),
        (date(2021, 9, 30), "7.5", "medium", "before the quarter"),
    ]:
        CheckInFactory(key_result=kr, checked_on=day, value=Decimal(value), confidence=confidence, comment=comment)
    return kr


def old_check_in_history(kr):
    check_ins = list(CheckIn.objects.filter(key_result=kr).order_by("checked_on", "pk"))
    context = {"check_ins": check_ins, "chart": check_in_chart(check_ins, kr.target)}
    return Template(CHECK_INS_BEFORE.read_text()).render(Context(context)).strip()


def test_the_check_in_chart_and_table_are_the_html_the_template_drew(key_result):
    detail = KeyResultDetail(key_result, AnonymousUser())
    drawn = check_in_history(detail.check_ins, detail.chart)
    assert drawn == old_check_in_history(key_result)
    assert "A &lt;comment&gt; &amp; more" in drawn and "30 Sep" in drawn and "3 December 2021" in drawn


@pytest.mark.parametrize("checks", [0, 1, 4])
def test_progress_is_what_with_progress_works_out(key_result, checks):
    kept = list(key_result.check_ins.order_by("-checked_on", "-pk").values_list("pk", flat=True))
    CheckIn.objects.filter(pk__in=kept[checks:]).delete()
    expected = KeyResult.objects.with_progress().get(pk=key_result.pk)
    detail = KeyResultDetail(key_result, AnonymousUser())
    assert detail.progress == (expected.progress_value, expected.progress_target)
    assert detail.percent == percent(expected.progress_value, expected.progress_target)


def test_progress_of_a_key_result_fed_by_a_measure_is_the_measures_total(key_result):
    key_result.measure = MeasureFactory(name="Places", target=40)
    key_result.save()
    for slug, value in [("camden", 10), ("hackney", 5)]:
        MeasureContributionFactory(measure=key_result.measure, borough=borough(slug), value=value)
    expected = KeyResult.objects.with_progress().get(pk=key_result.pk)
    detail = KeyResultDetail(key_result, AnonymousUser())
    assert detail.progress == (expected.progress_value, expected.progress_target) == (15, 40)
    assert detail.facts.measure[0] == "Places"


def test_the_page_shows_its_facts_escaped(client, key_result):
    html = client.get(key_result.get_absolute_url()).text
    assert "Year 3 Q2, Skills &lt;for&gt; all: key result 1</span>" in html
    assert "2.25 of 7.50 &lt;people&gt; (30%)" in html
    assert '<a class="govuk-link" href="/boroughs/camden/">Camden</a> (lead), ' in html
    assert '<a class="govuk-link" href="/boroughs/brent/">Brent</a>, <a class="govuk-link"' in html
    assert 'value="30" aria-label="30% of the target"' in html


@pytest.mark.parametrize("role", ["anonymous", "other_member", "other_cdio"])
def test_a_project_not_public_yet_is_never_named_on_the_key_result_page(client_for, key_result, role):
    project = ProjectFactory(title="Quiet pilot", slug="quiet-pilot", private=True)
    ParticipationFactory(project=project, borough=borough("camden"))
    key_result.project = project
    key_result.save()
    html = client_for(role).get(key_result.get_absolute_url()).text
    assert "Quiet pilot" not in html and "/projects/quiet-pilot/" not in html
    assert "Quiet pilot" in client_for("cdio").get(key_result.get_absolute_url()).text  # Camden takes part


def test_a_key_result_of_a_draft_quarter_is_the_central_teams_alone(client_for, key_result):
    key_result.quarter.is_published = False
    key_result.quarter.save()
    for role in ["anonymous", "member", "cdio"]:
        assert client_for(role).get(key_result.get_absolute_url()).status_code == 404, role
    assert client_for("central_team").get(key_result.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("more_check_ins", [0, 20])
def test_drawn_afresh_it_costs_four_plain_queries_whatever_its_size(client, no_page_cache, key_result, more_check_ins):
    for n in range(more_check_ins):
        CheckInFactory(key_result=key_result, checked_on=date(2021, 12, 4), value=n % 7)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(key_result.get_absolute_url()).status_code == 200
    sql = [query["sql"] for query in ctx.captured_queries]
    # The key result with its quarter; its objective, theme and lead borough; its supporting boroughs; its check-ins.
    assert len(sql) == 4, sql
    assert max(query.count(" JOIN ") for query in sql) <= 3, sql
    assert not any("SELECT" in query.split("FROM", 1)[0][7:] for query in sql), "no subquery in a select list"
