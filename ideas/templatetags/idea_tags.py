"""What the ideas bank draws on its own pages and on others': status tags, and the idea a project began as."""

from django import template

from govuk.tags import tag_filter
from ideas.models import Call, Idea, Status
from projects.reports.rows import columns, fetch, table

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
    return {"idea": idea_promoted_to(project), "user": context.get("user")}


# Written out: the ORM's building of this small query cost more than the
# query itself, on every project page drawn afresh (projects/reports/rows.py).
ORIGIN_SQL = """
SELECT i.id, i.title, c.slug, c.title FROM {Idea} i JOIN {Call} c ON c.id = i.call_id
WHERE i.project_id = %s ORDER BY i.id LIMIT 1
"""
ORIGIN_FIELDS = columns(Idea, "id", "title") + columns(Call, "slug", "title")


def idea_promoted_to(project):
    """The idea `project` was promoted from (an unsaved copy with its call's slug and title), or None."""
    sql = ORIGIN_SQL.format(Idea=table(Idea), Call=table(Call))
    for pk, title, call_slug, call_title in fetch(sql, [project.pk], ORIGIN_FIELDS):
        return Idea(pk=pk, title=title, call=Call(slug=call_slug, title=call_title))
    return None
