"""What every list's filters share: GOV.UK selects, and a bad value that costs only its own filter."""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django_filters.fields import ChoiceIterator, ModelChoiceField
from django_filters.filters import FilterMethod
from django_filters.filterset import FilterSetMetaclass

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


def filter_copy(base):
    """A filter set's own copy of one of its class's filters: what copy.deepcopy gave, without copying the rest.

    A deep copy also copied every widget, queryset and list of choices the
    filter refers to (about a millisecond a list page), though a filter set
    only ever changes its filters' own attributes (parent, model, the field
    it builds) and their `extra` (a list's council choices).
    """
    copied = copy.copy(base)
    copied.extra = base.extra.copy()
    if isinstance(base.__dict__.get("filter"), FilterMethod):
        copied.filter = FilterMethod(copied)  # a `method=` filter calls its own filter set, not the class's
    return copied


class LeanCopies(dict):
    """A filter set class's filters, which each new filter set copies with copy.deepcopy: filter by filter."""

    def __deepcopy__(self, memo):
        return {name: filter_copy(base) for name, base in self.items()}


class LeanCopyMetaclass(FilterSetMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_filters = LeanCopies(new_class.base_filters)
        return new_class


def field_copy(field, memo):
    """A form's own copy of one of its class's fields: copy.deepcopy's, but sharing the list of choices.

    Django deep-copies a choice field's choices, every (value, label) pair,
    for each form; they are never changed in place (a new list is assigned),
    so each copy gets its own iterator over the same pairs, bound to it.
    """
    choices = field.__dict__.get("_choices")
    if type(choices) is not ChoiceIterator or choices.field is not field:
        return copy.deepcopy(field, memo)
    copied = forms.Field.__deepcopy__(field, memo)  # the widget, error messages and validators, as Django copies them
    copied._choices = copied.widget.choices = ChoiceIterator(copied, choices.choices)
    return copied


class LeanFieldCopies(dict):
    """A filter form class's fields, which each new form copies with copy.deepcopy: field by field."""

    def __deepcopy__(self, memo):
        return {name: field_copy(field, memo) for name, field in self.items()}


class ForgivingFilterSet(django_filters.FilterSet, metaclass=LeanCopyMetaclass):
    """A mangled link (an unknown theme, say) drops only the bad filter, not the page.

    django-filter filters with the form's cleaned_data, which holds only the
    fields that validated, so every other filter stays applied. The page shows
    the error summary (`{% error_summary filter.form %}`) and the error beside
    the field; the list is never emptied for an invalid form, as django-filter's
    strict FilterView would.

    Its form class is built once per filter set class (django-filter built one,
    and a field per filter, for each request): what differs between requests
    (a list's choices) goes on the form's own fields, in `form_for_request`.
    """

    def get_form_class(self):
        cls = type(self)
        # The class's own attribute, not a parent's: each filter set has its own fields.
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            parent = super().get_form_class()
            form_class = type(parent.__name__, (ErrorStyledForm, parent), {})
            form_class.base_fields = LeanFieldCopies(form_class.base_fields)
            cls._form_class = form_class
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            Form = self.get_form_class()
            self._form = Form(self.data, prefix=self.form_prefix) if self.is_bound else Form(prefix=self.form_prefix)
            self.form_for_request(self._form)
        return self._form

    def form_for_request(self, form):
        """Sets what this filter set's form has that another request's may not (choices read from the data)."""


class OneQueryChoiceIterator(ModelChoiceIterator):
    """A model select's options from its queryset's rows as already read, not from a query of their own."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.field.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None) + (self.field.null_label is not None)

    def __bool__(self):
        return len(self) > 0


class OneQueryModelChoiceField(ModelChoiceField):
    """A select of a few rows that reads them once, for its options and to check the value given.

    Django's ModelChoiceField runs one query to find the value given and
    another to draw the options; here both come from one read of the rows.
    """

    iterator = OneQueryChoiceIterator

    @property
    def rows(self):
        # Each form has its own copy of the field, and of its queryset (Django copies it): read once a form.
        return self.queryset

    def to_python(self, value):
        if self.null_label is not None and value == self.null_value:
            return value
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        wanted = str(value)
        for row in self.rows:
            if str(getattr(row, key)) == wanted:
                return row
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class OneQueryModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter for a few rows (role families, themes): one query for the value and the options."""

    field_class = OneQueryModelChoiceField
