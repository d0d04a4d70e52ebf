"""GOV.UK tags for key results' statuses (their colours, said once), and key results drawn in Python."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS_3
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


@register.filter("progress_text")
def progress_text_filter(row):
    """{{ detail|progress_text }}: a key result's progress in words (okrs.reports.KeyResultDetail, KeyResultRow)."""
    return SafeString(progress_text(row))


def day_month(day):
    """The template's |date:"j M": 5 Nov."""
    return f"{day.day} {MONTHS_3[day.month].title()}"


# The key result page's check-in history, drawn in Python: a chart's bar and
# label and a table row per check-in, through the template engine, were most
# of the page's time drawn afresh. The same markup as its template drew.
CHART = (
    '<svg class="loti-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
    'focusable="false">\n'
    '          <title id="chart-title">Progress at each check-in, as a share of the target. '
    "The table below has the numbers.</title>\n"
    '          <line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" class="loti-chart__axis"></line>\n'
    "          {bars}\n"
    "        </svg>\n"
)
BAR = (
    '\n            <rect x="{x}" y="{y}" width="{width}" height="{height}" class="loti-chart__bar"></rect>\n'
    '            <text x="{x}" y="{label_y}" class="loti-chart__label">{day}</text>\n'
    "          "
)
TABLE = """        <div class="loti-table-wrapper loti-scroll" role="region" aria-label="Check-ins" tabindex="0">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">Check-ins, oldest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Date</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Progress</th>
                <th scope="col" class="govuk-table__header">Confidence</th>
                <th scope="col" class="govuk-table__header">Comment</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {rows}
            </tbody>
          </table>
        </div>"""
ROW = """
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{day}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>
                  <td class="govuk-table__cell">{confidence}</td>
                  <td class="govuk-table__cell">{comment}</td>
                </tr>
              """


@register.simple_tag
def check_in_history(check_ins, chart):
    """The chart of okrs.reports.check_in_chart and the table of the check-ins (okrs.reports.CheckInRow)."""
    label_y, long_date = chart["height"] - 4, long_dates()
    bars = "".join(
        BAR.format(
            x=bar["x"],
            y=bar["y"],
            width=bar["width"],
            height=bar["height"],
            label_y=label_y,
            day=day_month(bar["check_in"].checked_on),
        )
        for bar in chart["bars"]
    )
    rows = "".join(
        ROW.format(
            day=long_date(c.checked_on),
            value=figure(c.value),
            confidence=escape(c.confidence_label),
            comment=escape(c.comment),
        )
        for c in check_ins
    )
    svg = CHART.format(width=chart["width"], height=chart["height"], baseline=chart["baseline"], bars=bars)
    return SafeString(svg + TABLE.format(rows=rows))


@register.simple_tag
def other_quarter_items(quarters, shown):
    """The quarter page's list of quarters: (pk, year, number) each, the one `shown` in bold, the others linked."""
    year_mark, number_mark = "987654321", "123456789"
    pattern = reverse("okrs:quarter", kwargs={"year": int(year_mark), "number": int(number_mark)})
    items = []
    for pk, year, number in quarters:
        name = f"Year {year} Q{number}"
        if pk == shown.pk:
            item = f"<strong>{name}</strong>"
        else:
            url = pattern.replace(year_mark, str(year)).replace(number_mark, str(number))
            item = f'<a class="govuk-link" href="{url}">{name}</a>'
        items.append(f"\n          <li>{item}</li>\n        ")
    return SafeString("".join(items))
