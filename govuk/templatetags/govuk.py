"""{% load govuk %}: the GOV.UK field tag, pagination items, and filters for money, dates, addresses and markdown."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

from govuk import formats
from govuk.markup import markdown_to_safe_html
from govuk.pagination import page_items, pagination_html
from govuk.widgets import escape

register = template.Library()

register.filter("gbp", formats.gbp)
register.filter("clock", formats.clock)
register.filter("moment", formats.moment)
register.filter("until", formats.until)
register.filter("host", formats.host)


@register.filter
def gbp_range(salaried):
    """The salary of anything with salary_min and salary_max (a job description, a vacancy)."""
    return formats.gbp_range(salaried.salary_min, salaried.salary_max)


@register.filter
def markdown(text):
    """Markdown as HTML; nh3 has already removed anything unsafe."""
    return mark_safe(markdown_to_safe_html(text))  # noqa: S308 - sanitised by nh3


@register.simple_tag
def govuk_field(field):
    """One form field in the GOV.UK pattern, drawn in Python.

    Label (a legend for day/month/year boxes), hint, errors and input, the same
    markup as crispy-forms-gds, for long forms where an included template per
    field was most of the page's time (the my-borough form has hundreds). Built
    with f-strings and govuk.widgets.escape: format_html's lazy-aware escaping
    was most of what was left.
    """
    errors = field.errors
    auto_id = escape(field.auto_id)
    group_class = "govuk-form-group govuk-form-group--error" if errors else "govuk-form-group"
    help_text = field.help_text
    hint = f'<div id="{auto_id}_hint" class="govuk-hint">{escape(help_text)}</div>' if help_text else ""
    messages = "".join(
        f'<p id="{auto_id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
        f"{escape(error)}</p>"
        for error in errors
    )
    label = escape(field.label)
    if field.field.widget.template_name == "gds/widgets/date.html":
        described = f' aria-describedby="{auto_id}_hint"' if help_text else ""
        return SafeString(
            f'<div class="{group_class}"><fieldset class="govuk-fieldset" role="group"{described}>'
            f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>'
            f"{hint}{messages}{field.as_widget()}</fieldset></div>"
        )
    return SafeString(
        f'<div class="{group_class}"><label class="govuk-label govuk-label--s" for="{escape(field.id_for_label)}">'
        f"{label}</label>{hint}{messages}{field.as_widget()}</div>"
    )


@register.simple_tag
def pagination_items(page, around=1):
    """{% pagination_items page as items %}: the numbers (None for an ellipsis) a Django Page's pagination shows."""
    return page_items(page.number, page.paginator.num_pages, around=around)


@register.simple_tag(takes_context=True)
def pagination(context, page):
    """{% pagination page %}: the GOV.UK pagination component for a Django Page, links keeping the filters.

    The markup includes/pagination.html drew, byte for byte, drawn in Python (govuk.pagination).
    """
    return SafeString(pagination_html(page, context.request.GET))


# (name, args, script prefix, URLconf) -> path: a process's few fixed links, each reversed once.
_PATHS = {}


@register.simple_tag
def path(name, *args):
    """{% path "jobs:list" %}: what {% url "jobs:list" %} gives, reversed once per process, not on every request.

    A list page has a dozen fixed links (the sidebar's form, the feeds, the
    section's pages); reverse() matched each against the URL patterns again
    on every request. The key holds what a reverse depends on (the script
    prefix, the URLconf in force), so a test that swaps the URLconf or a
    deployment under a path prefix gets its own paths. Only for names with
    a single instance: it takes no current_app.
    """
    key = (name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    found = _PATHS.get(key)
    if found is None:
        found = reverse(name, args=args)
        if len(_PATHS) < 500:  # names and arguments come from templates, not requests: the bound keeps it so
            _PATHS[key] = found
    return found
