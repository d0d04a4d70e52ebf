from django import template
from django.utils.safestring import mark_safe

from projects.services import markdown_to_safe_html

register = template.Library()


@register.filter
def markdown(text):
    """Render an update's markdown; nh3 has already removed anything unsafe."""
    return mark_safe(markdown_to_safe_html(text))  # noqa: S308 - sanitised by nh3
