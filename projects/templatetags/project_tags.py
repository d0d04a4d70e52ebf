"""GOV.UK tags for a project's phase and health and for each borough's commitments, and its London map.

The colours of each state are said once here; `govuk.tags` draws them.
"""

from django import template

from boroughs.gridmap import MapState, london_map
from govuk.tags import tag_filter
from projects.models import DeliverableStatus, Health, Participation, Phase, Signatory

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
