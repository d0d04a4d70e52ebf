"""My borough's task list drawn from values (no model instances): byte for byte what the model-based tags drew."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from govuk.widgets import escape
from okrs.models import KeyResult
from okrs.templatetags.okr_tags import CHECK_IN_ROW
from projects.models import Participation, TaskSummary
from projects.reports import BoroughTasks, CheckState
from projects.templatetags.project_tags import TASK_STATE_COLOURS, borough_task_list_items
from tests.factories import (
    CheckInFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    KeyResultFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def items_before(tasks):
    """borough_task_list_items as it was: over participations read as models, one reverse() and date_format() each."""
    items = []
    for summary in tasks.summaries():
        participation, project = summary.participation, summary.participation.project
        state = CheckState(summary.needs_checking(tasks.cutoff), summary.newest_check)
        pk = project.pk
        url = escape(reverse("projects:my_borough_project", args=[project.slug]))
        role = escape(participation.get_role_display()) + ("" if project.is_public else ", not public yet")
        if state.last_checked_at:
            checked = f"Last checked {date_format(timezone.localtime(state.last_checked_at), 'j F Y')}."
        else:
            checked = "Never checked."
        colour = TASK_STATE_COLOURS.get(state.task_state)
        status = (
            f'<strong class="govuk-tag govuk-tag--{colour}">{escape(state.task_state)}</strong>'
            if colour
            else escape(state.task_state)
        )
        items.append(
            '<li class="govuk-task-list__item govuk-task-list__item--with-link">'
            '<div class="govuk-task-list__name-and-hint">'
            f'<a class="govuk-link govuk-task-list__link" href="{url}" '
            f'aria-describedby="task-{pk}-hint task-{pk}-status">{escape(project.title)}</a>'
            f'<div id="task-{pk}-hint" class="govuk-task-list__hint">{role}. {checked}</div>'
            "</div>"
            f'<div class="govuk-task-list__status" id="task-{pk}-status">{status}</div>'
            "</li>"
        )
    return "\n".join(items)


def test_task_list_items_are_drawn_as_before(camden, settings):
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    now = timezone.now()
    fresh = ProjectFactory(title="Fresh & checked <today>")
    ParticipationFactory(project=fresh, borough=camden, role=Participation.Role.LEAD)
    stale = ProjectFactory(title="Long ago", private=True)
    ParticipationFactory(project=stale, borough=camden, role=Participation.Role.OBSERVER)
    DeliverableStatusFactory(deliverable=DeliverableFactory(project=stale), borough=camden)
    ParticipationFactory(project=ProjectFactory(title="Untouched"), borough=camden)
    Participation.objects.filter(project=fresh).update(updated_at=now - timedelta(days=2))
    Participation.objects.filter(project=stale).update(updated_at=now - timedelta(days=90))
    TaskSummary.objects.refresh()  # update() sends no signals
    tasks = BoroughTasks(camden)
    drawn = borough_task_list_items(tasks.tasks(tasks.lines()))
    assert drawn == items_before(tasks)
    assert "Up to date" in drawn and "Needs checking" in drawn and "Not started" in drawn
    assert "Fresh &amp; checked &lt;today&gt;" in drawn and "not public yet" in drawn


def check_in_rows_before(key_results):
    """The key results' rows as they were drawn from models: two reverse()s and a date_format() each."""
    return "".join(
        CHECK_IN_ROW.format(
            url=escape(kr.get_absolute_url()),
            check_in_url=escape(kr.get_check_in_url()),
            number=kr.number,
            title=escape(kr.title),
            year=kr.quarter.year,
            quarter=kr.quarter.number,
            checked=f"Last check-in {date_format(kr.last_checked_on, 'j F Y')}"
            if kr.last_checked_on
            else "No check-ins yet",
        )
        for kr in key_results
    )


def test_key_results_to_check_in_are_drawn_as_before(camden):
    cdio = UserFactory(borough=camden, role="cdio")
    objectives = {}
    for year, quarter, number in [(3, 2, 1), (3, 2, 12), (3, 1, 4), (2, 3, 2)]:
        if (year, quarter) not in objectives:
            objectives[year, quarter] = ObjectiveFactory(quarter=QuarterFactory(year=year, number=quarter))
        kr = KeyResultFactory(
            objective=objectives[year, quarter],
            number=number,
            title=f"Key result {number} <of> Q{quarter}",
            lead_borough=camden,
        )
        if number != 4:
            CheckInFactory(key_result=kr, checked_on=timezone.localdate() - timedelta(days=number))
    models = (
        KeyResult.objects.to_check_in_by(cdio)
        .with_last_check_in()
        .select_related("quarter")
        .order_by("-quarter__starts_on", "number")
    )
    assert len(models) == 4
    drawn = Template("{% load okr_tags %}{% key_results_to_check_in user %}").render(Context({"user": cdio}))
    before = check_in_rows_before(models)
    assert before in drawn
    assert "/okrs/year-2/q3/2/check-in/" in drawn and "No check-ins yet" in drawn
