"""The lean widgets draw exactly what Django's (and crispy-forms-gds's) templates draw."""

import datetime

import pytest
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.forms.utils import flatatt
from django.test import SimpleTestCase
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from govuk.widgets import LeanDateInput, LeanHiddenInput, LeanSelect, LeanTextarea, LeanTextInput, attrs_html, escape


def lazy_text():
    return gettext_lazy("A <lazy> & translated label")


ATTRS = [
    {},
    {"id": "id_x", "class": "govuk-input", "aria-describedby": "id_x_hint", "required": True, "disabled": False},
]
VALUES = [None, "", 0, 42, "plain", '<script>alert("x")</script> & "quotes"', "\nstarts with a newline"]
CHOICES = [
    ("", "Choose"),
    ("not_started", "Not started"),
    ("done", "Done & dusted"),
    (3, "<b>three</b>"),
    # A council's option, its name as value and label; and a label already safe, the same text as its value.
    ("Barking & Dagenham", "Barking & Dagenham"),
    ("<i>x</i>", SafeString("<i>x</i>")),
]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(
    ("lean", "stock"),
    [(LeanTextInput, forms.TextInput), (LeanHiddenInput, forms.HiddenInput), (LeanTextarea, forms.Textarea)],
)
def test_inputs_and_textareas(lean, stock, value, attrs):
    own = {"inputmode": "numeric"}
    SimpleTestCase().assertHTMLEqual(
        lean(attrs=own).render("x", value, attrs=attrs), stock(attrs=own).render("x", value, attrs=attrs)
    )


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", [None, "", "done", 3, "3", "unknown"])
def test_selects(value, attrs):
    SimpleTestCase().assertHTMLEqual(
        LeanSelect(choices=CHOICES).render("x", value, attrs=attrs),
        forms.Select(choices=CHOICES).render("x", value, attrs=attrs),
    )


@pytest.mark.parametrize("value", [None, datetime.date(2026, 3, 27), ["27", "3", "<b>2026</b>"], ["", "", ""]])
def test_date_boxes(value):
    SimpleTestCase().assertHTMLEqual(
        LeanDateInput().render("signed_on", value, attrs={"id": "id_signed_on"}),
        DateInputWidget().render("signed_on", value, attrs={"id": "id_signed_on"}),
    )


def test_a_textarea_keeps_a_value_that_starts_with_a_newline():
    # Browsers drop one newline after <textarea>: both put one there, so the value's own survives.
    value = "\nsecond line"
    assert LeanTextarea().render("x", value) == forms.Textarea().render("x", value)


def test_a_select_marks_only_the_first_option_with_the_value_as_django_does():
    choices = [("a", "First"), ("a", "Again"), ("b", "Other")]
    lean = LeanSelect(choices=choices).render("x", "a")
    assert lean.count(" selected") == 1
    SimpleTestCase().assertHTMLEqual(lean, forms.Select(choices=choices).render("x", "a"))


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "data", "nope"])
def test_a_select_of_a_model_choice_field_draws_what_djangos_does(value):
    from jobs.models import RoleFamily

    RoleFamily.objects.create(name="Data & insight", slug="data")
    RoleFamily.objects.create(name="Digital", slug="digital")

    def drawn(widget):
        field = forms.ModelChoiceField(RoleFamily.objects.all(), to_field_name="slug", widget=widget)
        return field.widget.render("family", value, attrs={"id": "id_family"})

    SimpleTestCase().assertHTMLEqual(drawn(LeanSelect), drawn(forms.Select))


def test_filters_draw_their_selects_lean():
    from govuk.filters import govuk_select

    widget = govuk_select()
    assert isinstance(widget, LeanSelect)
    assert widget.attrs == {"class": "govuk-select"}


class Number(int):
    """An int subclass (as IntegerChoices are): not taken for a plain int."""

    def __str__(self):
        return "<number>"


@pytest.mark.parametrize(
    "value",
    [
        *["plain", "<b>\"x\" & 'y'</b>", "", 0, -12, 3.5, True, None, Number(4), SafeString("<i>kept</i>")],
        lazy_text(),
        # Each character html.escape replaces, alone and at either end: the no-escaping shortcut must see each.
        *["&", "<", ">", '"', "'", "a&", "<a", 'say "hi"', "it's", "&amp;"],
    ],
)
def test_escape_gives_what_conditional_escape_gives(value):
    assert escape(value) == conditional_escape(value)


def test_attribute_names_are_escaped_too():
    assert attrs_html({'x"y': "1", "<flag>": True}) == flatatt({'x"y': "1", "<flag>": True})
