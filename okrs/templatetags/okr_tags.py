"""GOV.UK tags for key results' statuses (their colours, said once), and key results drawn in Python."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from govuk.formats import long_dates
from govuk.tags import tag_filter
from govuk.widgets import escape
from okrs.models import KeyResult

register = template.Library()

Status = KeyResult.Status
status_tag = tag_filter(
    Status,
    {
        Status.NOT_STARTED: "light-blue",
        Status.ON_TRACK: "turquoise",
        Status.AT_RISK: "yellow",
        Status.DONE: "green",
        Status.DROPPED: "grey",
    },
)
register.filter("key_result_status_tag", status_tag)


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


# Numbers no quarter or key result has, reversed in their places: two reverse()s a list, not two a row.
YEAR, QUARTER, NUMBER = (str(n) for n in (987654321, 987654322, 987654323))


def check_in_urls():
    """A function of (year, quarter, number) giving a key result's page and its record-a-check-in addresses."""
    kwargs = {"year": YEAR, "number": QUARTER, "kr": NUMBER}
    patterns = [reverse("okrs:key_result", kwargs=kwargs), reverse("okrs:check_in_new", kwargs=kwargs)]

    def urls(year, quarter, number):
        values = ((YEAR, str(year)), (QUARTER, str(quarter)), (NUMBER, str(number)))
        drawn = []
        for pattern in patterns:
            for placeholder, value in values:
                pattern = pattern.replace(placeholder, value)
            drawn.append(pattern)
        return drawn

    return urls


def check_in_row(number, title, year, quarter, last_checked_on, urls, long_date):
    url, check_in_url = urls(year, quarter, number)
    checked = f"Last check-in {long_date(last_checked_on)}" if last_checked_on else "No check-ins yet"
    return CHECK_IN_ROW.format(
        url=escape(url),
        check_in_url=escape(check_in_url),
        number=number,
        title=escape(title),
        year=year,
        quarter=quarter,
        checked=checked,
    )


@register.inclusion_tag("okrs/includes/key_results_to_check_in.html")
def key_results_to_check_in(user):
    """My borough's section on key results: those the person's borough leads, each with a link to record a check-in.

    Empty (nothing drawn) for members, the central team and boroughs that lead none. One query,
    read as values: thirty key results and their quarters as models, each row with two reverse()s
    and a date_format(), were a third of the task list's time.
    """
    key_results = (
        KeyResult.objects.to_check_in_by(user)
        .with_last_check_in()
        .order_by("-quarter__starts_on", "number")
        .values_list("number", "title", "quarter__year", "quarter__number", "last_checked_on")
    )
    urls, long_date = check_in_urls(), long_dates()
    return {"rows": SafeString("".join(check_in_row(*row, urls, long_date) for row in key_results))}


CENT = Decimal("0.01")


def figure(value):
    """A progress figure as the template's floatformat:"-2" writes it: 31, 12.50."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return str(number.quantize(CENT, rounding=ROUND_HALF_UP))


def progress_text(row):
    """okrs/includes/progress_text.html's words: "45%", or "31 of 50 women enrolled"."""
    if row.unit == "%":
        return f"{figure(row.value)}%"
    return f"{figure(row.value)} of {figure(row.target)} {escape(row.unit)}"


def key_result_item(row):
    number, percent = row.number, row.percent
    boroughs = ""
    if row.lead_borough or row.supporting:
        names = [f"{escape(row.lead_borough)} (lead)"] if row.lead_borough else []
        names += [escape(name) for name in row.supporting]
        boroughs = f'\n<p class="govuk-body-s">Boroughs involved: {", ".join(names)}</p>'
    project = ""
    if row.project:
        title, url = row.project
        link = f'<a class="govuk-link" href="{escape(url)}">{escape(title)}</a>'
        project = f'\n<p class="govuk-body-s">Project: {link}</p>'
    return (
        f'<li class="loti-key-result" id="kr-{number}">\n'
        f'<h3 class="govuk-heading-s">\n<a class="govuk-link" href="{escape(row.url)}">'
        f'<span class="loti-key-result__number">{number}</span> {escape(row.title)}</a>\n</h3>\n'
        f'<p class="govuk-body">\n{status_tag(row.status)}\n'
        f'<span class="govuk-!-margin-left-2">Progress: {progress_text(row)}</span>\n</p>\n'
        f'<progress class="loti-progress" max="100" value="{percent}" '
        f'aria-label="Key result {number}: {percent}% of the target">{percent}%</progress>'
        f"{boroughs}{project}\n</li>"
    )


@register.simple_tag
def key_result_items(rows):
    """An objective's key results on the quarter page (okrs.reports.KeyResultRow), the template's markup."""
    return SafeString("\n".join(key_result_item(row) for row in rows))
