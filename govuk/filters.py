"""What every list's filters share: GOV.UK selects, and a bad value that costs only its own filter."""

import django_filters

from govuk.widgets import LeanSelect


def govuk_select():
    # Drawn in Python: a filter sidebar's options through Django's widget templates were most of a list page's time.
    return LeanSelect(attrs={"class": "govuk-select"})


class ErrorStyledForm:
    """Gives each input in error its GOV.UK error class (govuk-select--error, govuk-input--error)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget  # a copy for this form alone
                classes = widget.attrs.get("class", "").split()
                if classes and f"{classes[0]}--error" not in classes:
                    widget.attrs["class"] = " ".join([*classes, f"{classes[0]}--error"])


class ForgivingFilterSet(django_filters.FilterSet):
    """A mangled link (an unknown theme, say) drops only the bad filter, not the page.

    django-filter filters with the form's cleaned_data, which holds only the
    fields that validated, so every other filter stays applied. The page shows
    the error summary (`{% error_summary filter.form %}`) and the error beside
    the field; the list is never emptied for an invalid form, as django-filter's
    strict FilterView would.
    """

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (ErrorStyledForm, form_class), {})
