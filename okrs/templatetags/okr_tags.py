"""GOV.UK tags for key results' statuses: their colours, said once."""

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from govuk.tags import tag_filter
from govuk.widgets import escape
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


# One key result on My borough, drawn in Python: thirty-odd rows through the
# template engine were a quarter of the page's time at production scale.
CHECK_IN_ROW = """
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">
            <a class="govuk-link" href="{url}">{number}. {title}</a>
            <span class="govuk-caption-s">Year {year} Q{quarter}</span>
          </dt>
          <dd class="govuk-summary-list__value">{checked}</dd>
          <dd class="govuk-summary-list__actions">
            <a class="govuk-link" href="{check_in_url}">Record a check-in<span class="govuk-visually-hidden">"""
CHECK_IN_ROW += """ on key result {number} of Year {year} Q{quarter}</span></a>
          </dd>
        </div>
      """


def check_in_row(kr):
    checked = f"Last check-in {date_format(kr.last_checked_on, 'j F Y')}" if kr.last_checked_on else "No check-ins yet"
    return CHECK_IN_ROW.format(
        url=escape(kr.get_absolute_url()),
        check_in_url=escape(kr.get_check_in_url()),
        number=kr.number,
        title=escape(kr.title),
        year=kr.quarter.year,
        quarter=kr.quarter.number,
        checked=checked,
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
    return {"rows": SafeString("".join(check_in_row(kr) for kr in key_results))}
