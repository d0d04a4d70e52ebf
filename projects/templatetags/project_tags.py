"""GOV.UK tags for a project's phase and health and for each borough's commitments, and its London map.

The colours of each state are said once here; `govuk.tags` draws them.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from boroughs.gridmap import MapState, london_map
from govuk.tags import tag_filter
from govuk.widgets import escape
from projects.models import DeliverableStatus, Health, Participation, Phase, Signatory
from projects.reports import TaskState

register = template.Library()

register.filter(
    "phase_tag",
    tag_filter(
        Phase,
        {
            Phase.DISCOVERY: "light-blue",
            Phase.ALPHA: "purple",
            Phase.BETA: "turquoise",
            Phase.LIVE: "green",
            Phase.CLOSED: "grey",
        },
    ),
)
register.filter(
    "health_tag",
    tag_filter(Health, {Health.ON_TRACK: "green", Health.AT_RISK: "yellow", Health.OFF_TRACK: "red"}),
)
_deliverable_tag = tag_filter(
    DeliverableStatus.State,
    {DeliverableStatus.State.DONE: "green", DeliverableStatus.State.IN_PROGRESS: "yellow"},
)
register.filter(
    "participation_status_tag",
    tag_filter(
        Participation.Status,
        {
            Participation.Status.DONE: "green",
            Participation.Status.IN_PROGRESS: "yellow",
            Participation.Status.BLOCKED: "red",
        },
    ),
)
_signature_tag = tag_filter(
    Signatory.State,
    {Signatory.State.SIGNED: "green", Signatory.State.DECLINED: "red", Signatory.State.REVIEWING: "yellow"},
)


@register.filter
def deliverable_tag(state):
    """A borough with no status for a deliverable yet has not started it."""
    return _deliverable_tag(state or DeliverableStatus.State.NOT_STARTED)


@register.filter
def signature_tag(signatory):
    return _signature_tag(signatory.state)


# The London map on a project page: each borough's status, as the table under it says.
# A text marker for each status as well as a colour, so the map reads in greyscale.
STATUS_KEY = [
    MapState(status.value, status.label, css, marker)
    for status, css, marker in [
        (Participation.Status.DONE, "done", "✓"),
        (Participation.Status.IN_PROGRESS, "in-progress", "◐"),
        (Participation.Status.BLOCKED, "blocked", "✕"),
        (Participation.Status.NOT_STARTED, "not-started", "○"),
    ]
]
NOT_TAKING_PART = MapState("not-taking-part", "Not taking part", "none", "")


@register.simple_tag
def participation_map(participations, table_id):
    """`participations`: the project's rows the page already has, with their boroughs (no query)."""
    states = {p.borough.slug: p.shown_status for p in participations}
    return london_map(
        states,
        key=STATUS_KEY,
        empty=NOT_TAKING_PART,
        label=f"the status of each of the {len(states)} boroughs taking part",
        table_id=table_id,
    )


TASK_STATE_COLOURS = {TaskState.NEEDS_CHECKING: "orange", TaskState.NOT_STARTED: "blue"}  # "Up to date" is plain text


@register.simple_tag
def borough_task_list_items(participations):
    """The items of My borough's GOV.UK task list, one per participation (as BoroughTasks.annotate_states gives them).

    Drawn in Python: 25 items through the template engine were most of the
    page's time at production scale.
    """
    items = []
    for participation in participations:
        project = participation.project
        pk = project.pk
        url = escape(reverse("projects:my_borough_project", args=[project.slug]))
        role = escape(participation.get_role_display()) + ("" if project.is_public else ", not public yet")
        if participation.last_checked_at:
            checked = f"Last checked {date_format(timezone.localtime(participation.last_checked_at), 'j F Y')}."
        else:
            checked = "Never checked."
        state = escape(participation.task_state)
        colour = TASK_STATE_COLOURS.get(participation.task_state)
        status = f'<strong class="govuk-tag govuk-tag--{colour}">{state}</strong>' if colour else state
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
    return SafeString("\n".join(items))
