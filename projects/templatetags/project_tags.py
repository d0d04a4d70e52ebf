"""GOV.UK tags for the states on a project page, as filters.

A 33-borough project draws hundreds of these; a dictionary lookup is much
quicker than an if/elif chain in the template for each cell.
"""

from django import template
from django.utils.html import format_html

from projects.models import DeliverableStatus, Signatory

register = template.Library()

TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'
DELIVERABLE_COLOURS = {DeliverableStatus.State.DONE: "green", DeliverableStatus.State.IN_PROGRESS: "yellow"}
SIGNATURE_COLOURS = {
    Signatory.State.SIGNED: "green",
    Signatory.State.DECLINED: "red",
    Signatory.State.REVIEWING: "yellow",
}

# Drawn once: the tag for each deliverable state, and for a borough with no status yet.
DELIVERABLE_TAGS = {
    state: format_html(TAG, DELIVERABLE_COLOURS.get(state, "grey"), label)
    for state, label in DeliverableStatus.State.choices
}
NOT_STARTED = DELIVERABLE_TAGS[DeliverableStatus.State.NOT_STARTED]


@register.filter
def deliverable_tag(state):
    return DELIVERABLE_TAGS.get(state, NOT_STARTED)


@register.filter
def signature_tag(signatory):
    return format_html(TAG, SIGNATURE_COLOURS.get(signatory.state, "grey"), signatory.get_state_display())
