"""Dates and times the GOV.UK way: "5pm on 6 September 2019", "11:59pm", "midday"."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def clock(value):
    """The time of day in London: 5pm, 10:30am, midday."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def moment(value):
    """A date and time in London: 11:59pm on 6 September 2019."""
    if value is None:
        return ""
    return f"{clock(value)} on {date_format(timezone.localtime(value), 'j F Y')}"


@register.filter
def until(start, end):
    """A span of time: "10am to midday on 20 September 2019", or two moments when it spans days."""
    if timezone.localdate(start) == timezone.localdate(end):
        return f"{clock(start)} to {clock(end)} on {date_format(timezone.localtime(start), 'j F Y')}"
    return f"{moment(start)} to {moment(end)}"
