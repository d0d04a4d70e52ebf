"""The quarter page reads every key result of the quarter once: its counts come from the same rows."""

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from okrs.models import Quarter
from tests.factories import CheckInFactory, KeyResultFactory, ObjectiveFactory, QuarterFactory, borough, theme
from tests.okrs.test_okr_pages import build_quarter

pytestmark = pytest.mark.django_db
URL = "/okrs/year-3/q2/"


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return response, [query["sql"] for query in ctx.captured_queries]


@pytest.mark.parametrize("size", [3, 25])
def test_drawn_afresh_the_quarter_page_reads_its_key_results_once(client, no_page_cache, size):
    build_quarter(size)
    response, sql = queries(client, URL)
    # The quarter; its key results (whose statuses give the counts); their supporting boroughs; the projects
    # they name; the other quarters; the themes and boroughs to filter by. No query of the statuses alone.
    assert len(sql) == 7, sql
    assert sum('FROM "okrs_keyresult"' in query for query in sql) == 1, sql
    assert response.text.count('class="loti-key-result"') == size


@pytest.mark.parametrize("size", [3, 25])
def test_a_filtered_quarter_page_asks_the_filter_which_match_and_counts_them_all(client, no_page_cache, size):
    build_quarter(size)
    KeyResultFactory(objective=Quarter.objects.get().objectives.first(), number=size + 1, status="done")
    response, sql = queries(client, f"{URL}?status=done")
    # As unfiltered, and which match; no projects: the one shown names none.
    assert len(sql) == 7, sql
    assert sum('FROM "okrs_keyresult"' in query for query in sql) == 2, sql
    assert response.text.count('class="loti-key-result"') == 1
    assert f"1 of {size + 1}</span> key results done" in response.text


def test_counts_on_the_quarter_page_are_the_quarters_own(client, no_page_cache):
    quarter = QuarterFactory(year=3, number=2, starts_on=date(2021, 10, 16), ends_on=date(2022, 1, 15))
    skills = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"))
    for number, status in enumerate(["done", "done", "at_risk", "dropped"], start=1):
        KeyResultFactory(objective=skills, number=number, status=status, lead_borough=borough("camden"))
    other = QuarterFactory(year=3, number=3, starts_on=date(2022, 1, 16), ends_on=date(2022, 4, 15))
    KeyResultFactory(objective=ObjectiveFactory(quarter=other), number=1, status="done")
    response = client.get(URL)
    assert response.context["summary"] == quarter.status_summary()
    assert "2 of 4</span> key results done" in response.text


def test_progress_on_the_quarter_page_is_the_latest_check_in(client, no_page_cache):
    quarter = QuarterFactory(year=3, number=2, starts_on=date(2021, 10, 16), ends_on=date(2022, 1, 15))
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), number=1, target=50, unit="women")
    CheckInFactory(key_result=kr, value=31, checked_on=date(2021, 12, 3))
    CheckInFactory(key_result=kr, value=12, checked_on=date(2021, 11, 5))  # entered later, dated earlier
    assert "31 of 50 women" in client.get(URL).text


@pytest.mark.parametrize("role", ["anonymous", "member", "cdio", "other_cdio"])
def test_a_draft_quarter_and_its_key_results_are_never_shown_but_to_the_central_team(client_for, role):
    build_quarter(2)
    Quarter.objects.update(is_published=False)
    client = client_for(role)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}1/").status_code == 404
    assert client.get("/okrs/").status_code == 404  # no published quarter at all
    assert client_for("central_team").get(URL).status_code == 200


OTHER_QUARTERS_BEFORE = """{% for q in quarters %}
          <li>{% if q.pk == quarter.pk %}<strong>Year {{ q.year }} Q{{ q.number }}</strong>{% else %}<a class="govuk-link" href="{{ q.get_absolute_url }}">Year {{ q.year }} Q{{ q.number }}</a>{% endif %}</li>
        {% endfor %}"""  # noqa: E501 (the template's line)


def test_other_quarters_are_listed_as_the_template_listed_them(client_for):
    for year, number in [(3, 1), (3, 2), (10, 4)]:
        QuarterFactory(year=year, number=number, is_published=(year, number) != (10, 4))
    shown = Quarter.objects.get(year=3, number=2)
    for role, drafts in [("anonymous", False), ("central_team", True)]:
        html = client_for(role).get(URL).text
        quarters = Quarter.objects.order_by("-starts_on").filter(**({} if drafts else {"is_published": True}))
        before = Template(OTHER_QUARTERS_BEFORE).render(Context({"quarters": quarters, "quarter": shown}))
        assert f'<ul class="govuk-list">\n        {before}\n      </ul>' in html, role
        assert ("Year 10 Q4" in html) is drafts
