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
