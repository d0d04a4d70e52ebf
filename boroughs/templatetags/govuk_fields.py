"""{% govuk_field field %}: one form field in the GOV.UK pattern, drawn in Python.

Label (a legend for day/month/year boxes), hint, errors and input, the same
markup as crispy-forms-gds, for long forms where an included template per
field was most of the page's time (the my-borough form has hundreds).
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def govuk_field(field):
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
