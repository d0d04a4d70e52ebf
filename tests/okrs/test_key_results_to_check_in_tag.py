"""The My borough section `{% key_results_to_check_in user %}`: what a borough leads and may check in on."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from okrs.models import KeyResult, quarter_dates
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    MeasureFactory,
    ObjectiveFactory,
    QuarterFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db
TAG = Template("{% load okr_tags %}{% key_results_to_check_in user %}")


def render(user):
    return TAG.render(Context({"user": user}))


def quarter_after_today():
    later = timezone.localdate() + timedelta(days=200)
    for year in range(1, 100):
        for number in range(1, 5):
            starts_on, ends_on = quarter_dates(year, number)
            if starts_on <= later <= ends_on:
                return QuarterFactory(year=year, number=number)
    raise AssertionError(later)


@pytest.fixture
def key_results():
    published = ObjectiveFactory(quarter=QuarterFactory(year=3, number=2))
    earlier = ObjectiveFactory(quarter=QuarterFactory(year=3, number=1))
    draft = ObjectiveFactory(quarter=QuarterFactory(year=3, number=3, is_published=False))
    camden, hackney = borough("camden"), borough("hackney")
    network = KeyResultFactory(objective=published, number=1, title="Launch the network", lead_borough=camden)
    CheckInFactory(key_result=network, checked_on=date(2021, 12, 3))
    CheckInFactory(key_result=network, checked_on=date(2021, 11, 5))
    KeyResultFactory(objective=earlier, number=4, title="Hire the first apprentices", lead_borough=camden)
    KeyResultFactory(
        objective=published, number=2, title="Pledged places", lead_borough=camden, measure=MeasureFactory()
    )
    KeyResultFactory(objective=draft, number=1, title="A draft key result", lead_borough=camden)
    KeyResultFactory(objective=published, number=3, title="Hackney's own", lead_borough=hackney)
    supported = KeyResultFactory(objective=published, number=4, title="Camden supports this", lead_borough=hackney)
    supported.supporting_boroughs.set([camden])
    KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter_after_today()), number=1, title="Not begun", lead_borough=camden
    )
    return published


@pytest.mark.parametrize("role", ["editor", "cdio"])
def test_lists_what_the_borough_leads_newest_quarter_first_with_links(key_results, role):
    user = UserFactory(borough=borough("camden"), **{role: True})
    html = render(user)
    assert '<h2 class="govuk-heading-m" id="key-results-to-check-in">Key results your borough leads</h2>' in html
    titles = re.findall(r'<a class="govuk-link" href="/okrs/[^"]+/">\d+\. ([^<]+)</a>', html)
    assert titles == ["Launch the network", "Hire the first apprentices"]
    assert 'href="/okrs/year-3/q2/1/check-in/"' in html
    assert 'href="/okrs/year-3/q1/4/check-in/"' in html
    assert "Last check-in 3 December 2021" in html
    assert "No check-ins yet" in html
    assert "on key result 1 of Year 3 Q2</span>" in html  # each link says which key result, to screen readers


@pytest.mark.parametrize(
    "make", [lambda: UserFactory(borough=borough("camden")), lambda: UserFactory(central_team=True)]
)
def test_draws_nothing_for_members_and_the_central_team(key_results, make):
    assert render(make()).strip() == ""


def test_draws_nothing_for_a_borough_that_leads_none(key_results):
    assert render(UserFactory(borough=borough("brent"), cdio=True)).strip() == ""


def test_the_list_agrees_with_the_rule(key_results):
    for slug in ("camden", "hackney"):
        user = UserFactory(borough=borough(slug), editor=True)
        listed = set(KeyResult.objects.to_check_in_by(user))
        allowed = {
            kr for kr in KeyResult.objects.select_related("quarter") if user.has_perm("okrs.record_check_in", kr)
        }
        assert listed == allowed and listed, slug


def test_one_query_however_many_key_results(key_results):
    user = UserFactory(borough=borough("camden"), cdio=True)
    objective = key_results
    counts = []
    for extra in (0, 20):
        for n in range(extra):
            kr = KeyResultFactory(objective=objective, number=100 + n, lead_borough=borough("camden"))
            CheckInFactory(key_result=kr)
        with CaptureQueriesContext(connection) as queries:
            html = render(user)
        assert html.count("Record a check-in<span") == 2 + extra
        counts.append(len(queries))
    assert counts == [1, 1]
