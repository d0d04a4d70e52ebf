"""Form widgets drawn with format_html instead of Django's widget templates.

The same HTML as Django's own widgets, twenty or so times faster: the
my-borough form has hundreds of fields, and the widget templates made up
most of its time. Use them on long forms; elsewhere the stock widgets are fine.
"""

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LeanInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class LeanTextInput(LeanInputMixin, forms.TextInput):
    pass


class LeanHiddenInput(LeanInputMixin, forms.HiddenInput):
    pass


class LeanTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        # The newline after the opening tag is Django's too: browsers drop it, so a
        # value that starts with a newline keeps it.
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            self.format_value(value) or "",
        )


class LeanSelect(forms.Select):
    """A select of plain choices (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) in selected else "", label) for option, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class LeanDateInput(DateInputWidget):
    """crispy-forms-gds's day, month and year boxes, drawn without its template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        items = []
        for box in widget["subwidgets"]:
            box_attrs = dict(box["attrs"])
            label = box_attrs.pop("label")
            items.append(
                (
                    box_attrs.get("id", ""),
                    label,
                    box["type"],
                    box["name"],
                    format_html(' value="{}"', box["value"]) if box["value"] is not None else "",
                    flatatt(box_attrs),
                )
            )
        boxes = format_html_join(
            "",
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
            '<input type="{}" name="{}"{}{}></div></div>',
            items,
        )
        return format_html('<div class="govuk-date-input" id="{}">{}</div>', widget["attrs"].get("id", ""), boxes)
