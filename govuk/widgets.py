"""Form widgets drawn in Python instead of Django's widget templates.

The same HTML as Django's own widgets, many times faster: the widget
templates, and then format_html's escaping (about 4,000 calls a question
page), made up most of the my-borough pages' time. Use them on long forms;
elsewhere the stock widgets are fine.
"""

import html
import re

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeString

# What html.escape (with quote=True) replaces: most text has none of them, and one search finds that.
_NEEDS_ESCAPING = re.compile("[&<>\"']").search


def escape(value):
    """django.utils.html.conditional_escape, without its lazy-string wrapper: a tenth of the cost, the same text."""
    kind = type(value)
    if kind is str:  # the usual case first (a SafeString is a subclass, so never here)
        return html.escape(value) if _NEEDS_ESCAPING(value) else value
    if kind is int:  # digits and a sign: nothing to escape
        return str(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# Attribute names are few and fixed (class, id, aria-describedby...): each escaped once.
_ESCAPED_NAMES = {}


def _name(key):
    escaped = _ESCAPED_NAMES.get(key)
    if escaped is None:
        escaped = escape(key)
        if len(_ESCAPED_NAMES) < 1000:  # names come from code, not people; the bound keeps it so
            _ESCAPED_NAMES[key] = escaped
    return escaped


def attrs_html(attrs):
    """django.forms.utils.flatatt's text: ` key="value"` pairs sorted by key, then the true booleans, sorted."""
    pairs = sorted((key, value) for key, value in attrs.items() if value is not None and not isinstance(value, bool))
    flags = sorted(key for key, value in attrs.items() if value is True)
    return "".join(f' {_name(key)}="{escape(value)}"' for key, value in pairs) + "".join(
        f" {_name(key)}" for key in flags
    )


def value_html(value):
    return "" if value is None else f' value="{escape(value)}"'


class LeanInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs_html(self.build_attrs(self.attrs, attrs))
        value = value_html(self.format_value(value))
        return SafeString(f'<input type="{escape(self.input_type)}" name="{escape(name)}"{value}{attrs}>')


class LeanTextInput(LeanInputMixin, forms.TextInput):
    pass


class LeanHiddenInput(LeanInputMixin, forms.HiddenInput):
    pass


class LeanTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        # The newline after the opening tag is Django's too: browsers drop it, so a
        # value that starts with a newline keeps it.
        attrs = attrs_html(self.build_attrs(self.attrs, attrs))
        text = escape(self.format_value(value) or "")
        return SafeString(f'<textarea name="{escape(name)}"{attrs}>\n{text}</textarea>')


class LeanSelect(forms.Select):
    """A select of plain choices (no option groups), or of a model choice field's rows.

    As Django's, only the first option with the value is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        options = []
        for option, label in self.choices:
            # A model choice field's values are ModelChoiceIteratorValue, which str() gives as the key.
            option = str(option)
            selected = option in wanted
            if selected:
                wanted.clear()
            value_text = escape(option)
            # A council's option is its name twice: escaped once.
            label_text = value_text if type(label) is str and label == option else escape(label)
            options.append(f'<option value="{value_text}"{" selected" if selected else ""}>{label_text}</option>')
        attrs = attrs_html(self.build_attrs(self.attrs, attrs))
        return SafeString(f'<select name="{escape(name)}"{attrs}>{"".join(options)}</select>')


class LeanDateInput(DateInputWidget):
    """crispy-forms-gds's day, month and year boxes, drawn without its template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        boxes = []
        for box in widget["subwidgets"]:
            box_attrs = dict(box["attrs"])
            label = box_attrs.pop("label")
            boxes.append(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                f'<label class="govuk-label govuk-date-input__label" for="{escape(box_attrs.get("id", ""))}">'
                f"{escape(label)}</label>"
                f'<input type="{escape(box["type"])}" name="{escape(box["name"])}"{value_html(box["value"])}'
                f"{attrs_html(box_attrs)}></div></div>"
            )
        box_id = escape(widget["attrs"].get("id", ""))
        return SafeString(f'<div class="govuk-date-input" id="{box_id}">{"".join(boxes)}</div>')
