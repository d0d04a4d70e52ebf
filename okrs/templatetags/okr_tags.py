"""GOV.UK tags for key results' statuses: their colours, said once."""

from django import template

from govuk.tags import tag_filter
from okrs.models import KeyResult

register = template.Library()

Status = KeyResult.Status
register.filter(
    "key_result_status_tag",
    tag_filter(
        Status,
        {
            Status.NOT_STARTED: "light-blue",
            Status.ON_TRACK: "turquoise",
            Status.AT_RISK: "yellow",
            Status.DONE: "green",
            Status.DROPPED: "grey",
        },
    ),
)


@register.inclusion_tag("okrs/includes/key_results_to_check_in.html")
def key_results_to_check_in(user):
    """My borough's section on key results: those the person's borough leads, each with a link to record a check-in.

    Empty (nothing drawn) for members, the central team and boroughs that lead none. One query.
    """
    key_results = (
        KeyResult.objects.to_check_in_by(user)
        .with_last_check_in()
        .select_related("quarter")
        .order_by("-quarter__starts_on", "number")
    )
    return {"key_results": list(key_results)}
