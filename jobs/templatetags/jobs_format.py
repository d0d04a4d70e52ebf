from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def gbp(value):
    """£42,000: pounds to the nearest pound, with thousands separated."""
    if value is None or value == "":
        return ""
    return f"£{round(float(value)):,}"


@register.filter
def gbp_range(jd):
    """£38,000 to £44,000, or £40,000 for a fixed salary."""
    if jd.salary_min == jd.salary_max:
        return gbp(jd.salary_min)
    return f"{gbp(jd.salary_min)} to {gbp(jd.salary_max)}"


@register.filter
def external_host(url):
    """www.camden.gov.uk, for 'Read it on www.camden.gov.uk'."""
    return urlsplit(url).hostname or url
