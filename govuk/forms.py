"""The form helper every GOV.UK form in the portal is laid out with, and its bound fields."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size, Submit
from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


def gds_helper(*fields, submit):
    """A crispy-forms-gds helper: GOV.UK fields in order and one submit button."""
    helper = FormHelper()
    # The browser's own validation would pre-empt the GOV.UK error summary.
    helper.attrs = {"novalidate": ""}
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class GovukBoundField(BoundField):
    """Every form field in the portal, bound: where its error summary links go, and its error styling.

    The GOV.UK error summary links each error to the input to correct: the
    first radio or checkbox of a group, and for a date the first box in error
    (a whole-date error, such as a date that does not exist, goes to the day).
    """

    @property
    def input_id(self):
        """The id of the field's first input: what a link to the field should focus."""
        if isinstance(self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            # crispy-forms-gds numbers the options from 1, whatever auto_id says.
            return f"id_{self.html_name}_1"
        if hasattr(self.field, "fields"):
            return f"{self.auto_id}_0"
        return self.auto_id

    def error_links(self):
        """(id, message) for each of this field's errors, in order."""
        parts = getattr(self.field, "fields", None)
        if parts is None:
            return [(self.input_id, error) for error in self.errors]
        box_errors = [getattr(part.widget, "errors", None) or [] for part in parts]
        first_in_error = next((i for i, errors in enumerate(box_errors) if errors), 0)
        return [
            (f"{self.auto_id}_{next((i for i, e in enumerate(box_errors) if error in e), first_in_error)}", error)
            for error in self.errors
        ]

    def boxes_in_error(self):
        """For day, month and year boxes: the index of each box to give an error border.

        GOV.UK: the boxes an error is about, or every box when the error is
        about the whole date (one that does not exist, say).
        """
        parts = getattr(self.field, "fields", None)
        if not (parts and self.errors):
            return []
        in_error = [i for i, part in enumerate(parts) if getattr(part.widget, "errors", None)]
        return in_error or list(range(len(parts)))

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        boxes = getattr(widget, "widgets", None)
        if boxes:
            # A MultiWidget's extra attrs would replace each box's own class: style the boxes themselves.
            in_error = set(self.boxes_in_error())
            for i, box in enumerate(boxes):
                css_class = box.attrs.get("class", "")
                styled = error_classes(css_class) if i in in_error else without_error_classes(css_class)
                if styled is not None:
                    box.attrs = {**box.attrs, "class": styled}
        return super().as_widget(widget, attrs, only_initial)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and not hasattr(self.field, "fields"):
            widget = widget or self.field.widget
            # Extra attrs replace the widget's own when drawn: start from both.
            css_class = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}"
            if error_class := error_classes(css_class):
                attrs["class"] = error_class
        return attrs


# The GOV.UK error modifier for each input class. crispy-forms-gds gives a
# select or textarea the input's, and an email, URL or password input none.
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def without_error_classes(css_class):
    return " ".join(c for c in css_class.split() if not c.endswith("--error")) or None


def error_classes(css_class):
    classes = [c for c in css_class.split() if not c.endswith("--error")]
    base = next((c for c in classes if c in ERROR_CLASSES), None)
    if base is None:
        return None  # not a GOV.UK input (the admin's, say): left alone
    return " ".join([*classes, ERROR_CLASSES[base]])


class GovukFormRenderer(DjangoTemplates):
    """The site's form renderer: every form's fields are GovukBoundFields (settings.FORM_RENDERER)."""

    bound_field_class = GovukBoundField
