"""Money, dates and addresses written the GOV.UK way: "£42,000", "5pm on 6 September 2019"."""

from functools import cache
from types import MappingProxyType
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import date_format


def gbp(value):
    """£42,000: pounds to the nearest pound, with thousands separated."""
    if value is None or value == "":
        return ""
    return f"£{round(float(value)):,}"


def gbp_range(minimum, maximum):
    """£38,000 to £44,000, or £40,000 for a fixed amount."""
    if minimum == maximum:
        return gbp(minimum)
    return f"{gbp(minimum)} to {gbp(maximum)}"


def day_month_year(value):
    """6 September 2019: a date as the date filter's "j F Y" gives it, without building a DateFormat for each.

    The lists write one a row; Django's formatter was a tenth of drawing their twenty rows.
    """
    return f"{value.day} {month_names()[value.month]} {value.year:04d}"


def clock(value):
    """The time of day in London: 5pm, 10:30am, midday."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def moment(value):
    """A date and time in London: 11:59pm on 6 September 2019."""
    if value is None:
        return ""
    return f"{clock(value)} on {date_format(timezone.localtime(value), 'j F Y')}"


def until(start, end):
    """A span of time: "10am to midday on 20 September 2019", or two moments when it spans days."""
    if timezone.localdate(start) == timezone.localdate(end):
        return f"{clock(start)} to {clock(end)} on {date_format(timezone.localtime(start), 'j F Y')}"
    return f"{moment(start)} to {moment(end)}"


def long_dates():
    """A formatter giving what date_format(value, "j F Y") gives a date: 6 September 2019 (day_month_year).

    For code that makes its formatter once before many rows; the month
    names are looked up once per language either way (month_names).
    """
    return day_month_year


def month_names(*, abbreviated=False):
    """{1: "January", ...} (read-only: shared) as date formats "F" (abbreviated, "M": "Jan") write them.

    In the active language.

    Looked up once per language and process: through the translation
    machinery, twelve names cost a page drawing many tables about 0.1 ms a table.
    """
    return _month_names(translation.get_language(), abbreviated)


@cache
def _month_names(language, abbreviated):
    with translation.override(language):
        if abbreviated:
            return MappingProxyType({number: str(name).title() for number, name in MONTHS_3.items()})
        return MappingProxyType({number: str(name) for number, name in MONTHS.items()})


def host(url):
    """www.camden.gov.uk, for 'Read it on www.camden.gov.uk'."""
    return urlsplit(url).hostname or url
