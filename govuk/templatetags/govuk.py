"""{% load govuk %}: the GOV.UK field tag, pagination items, and filters for money, dates, addresses and markdown."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from govuk import formats
from govuk.markup import markdown_to_safe_html
from govuk.pagination import page_items

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
    field was most of the page's time (the my-borough form has hundreds).
    """
    group_class = "govuk-form-group govuk-form-group--error" if field.errors else "govuk-form-group"
    hint_id = f"{field.auto_id}_hint"
    hint = format_html('<div id="{}" class="govuk-hint">{}</div>', hint_id, field.help_text) if field.help_text else ""
    errors = format_html_join(
        "",
        '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>',
        ((field.auto_id, error) for error in field.errors),
    )
    if field.field.widget.template_name == "gds/widgets/date.html":
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset" role="group"{}>'
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>{}{}{}</fieldset></div>',
            group_class,
            format_html(' aria-describedby="{}"', hint_id) if field.help_text else "",
            field.label,
            hint,
            errors,
            field.as_widget(),
        )
    return format_html(
        '<div class="{}"><label class="govuk-label govuk-label--s" for="{}">{}</label>{}{}{}</div>',
        group_class,
        field.id_for_label,
        field.label,
        hint,
        errors,
        field.as_widget(),
    )


@register.simple_tag
def pagination_items(page, around=1):
    """{% pagination_items page as items %}: the numbers (None for an ellipsis) a Django Page's pagination shows."""
    return page_items(page.number, page.paginator.num_pages, around=around)
