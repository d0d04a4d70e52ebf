"""What the ideas bank draws on its own pages and on others': status tags, and the idea a project began as."""

from django import template

from govuk.tags import tag_filter
from ideas.models import Idea, Status

register = template.Library()

register.filter(
    "idea_status_tag",
    tag_filter(
        Status,
        {
            Status.SUBMITTED: "blue",
            Status.UNDER_REVIEW: "light-blue",
            Status.SHORTLISTED: "purple",
            Status.SELECTED: "green",
            Status.NOT_PROGRESSED: "grey",
            Status.WITHDRAWN: "grey",
        },
    ),
)


@register.inclusion_tag("ideas/includes/project_origin.html", takes_context=True)
def idea_it_came_from(context, project):
    """The summary-list row naming the idea a project was promoted from, if it was (one query).

    The projects app builds on nothing above it, so the ideas app draws this
    for the project page.
    """
    idea = Idea.objects.filter(project=project).select_related("call").order_by("pk").first()
    return {"idea": idea, "user": context.get("user")}
