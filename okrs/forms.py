"""The check-in form a key result's lead borough, or the central team, records progress with."""

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from govuk.forms import gds_helper
from okrs.models import CheckIn

COMMENT_LIMIT = 2000


def say_date(day, today):
    return "today" if day == today else f"{day:%-d %B %Y}"


class CheckInDateField(DateInputField):
    """Day, month and year boxes, with errors people can act on.

    An error about the whole date (missing, not a real date, out of bounds)
    links to the day box and borders every box, as GOV.UK asks; an error
    about one box links to and borders that box (govuk.forms.GovukBoundField).
    """

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages.update(required="Enter the date of the check-in")
        for name, part in zip(["day", "month", "year"], self.fields, strict=True):
            part.error_messages["incomplete"] = f"The date of the check-in must include a {name}"
            part.validators[0].message = f"The {name} must be a number"
        self.earliest = self.latest = None

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            # OverflowError: a year too long for a date, such as 20 digits.
            raise ValidationError("The date of the check-in must be a real date", code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.earliest <= value <= self.latest:
            today = timezone.localdate()
            raise ValidationError(
                f"The date of the check-in must be between {say_date(self.earliest, today)} "
                f"and {say_date(self.latest, today)}",
                code="out_of_bounds",
            )


class ProgressField(forms.DecimalField):
    """Progress toward the target. "12", "12.5", "40%" and "1,200" are all fine."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").replace(",", "").strip()
        return super().to_python(value)


def number_text(value):
    return f"{Decimal(value).normalize():f}"


class CheckInForm(forms.Form):
    value = ProgressField(
        label="Progress so far",
        decimal_places=2,
        error_messages={
            "required": "Enter the progress so far",
            "invalid": "Progress must be a number, like 12",
            "max_decimal_places": "Progress must have 2 decimal places or fewer",
        },
    )
    confidence = forms.ChoiceField(
        label="How confident are you that the key result will be met?",
        choices=CheckIn.Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how confident you are that the key result will be met",
            "invalid_choice": "Select low, medium or high confidence",
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. What has changed since the last check-in, and anything in the way. "
        "It is shown on the public key result page.",
        error_messages={"max_length": f"The comment must be {COMMENT_LIMIT:,} characters or fewer"},
    )
    checked_on = CheckInDateField(label="Date of the check-in")

    def __init__(self, key_result, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_result = key_result
        self.target = Decimal(key_result.target)
        today = timezone.localdate()
        earliest, latest = key_result.check_in_window(today)
        date_field = self.fields["checked_on"]
        date_field.earliest, date_field.latest = earliest, latest
        date_field.help_text = (
            f"Between {say_date(earliest, today)} and {say_date(latest, today)}. For example, {latest:%-d %-m %Y}"
        )
        self.initial.setdefault("checked_on", latest)
        if key_result.unit == "%":
            self.fields["value"].help_text = f"A percentage, from 0 to {number_text(self.target)}."
        else:
            self.fields["value"].help_text = f"The number of {key_result.unit}, from 0 to {number_text(self.target)}."
        self.helper = gds_helper(
            Field.text("value", field_width=5),
            Field.radios("confidence", legend_size=Size.SMALL),
            Field.textarea("comment", rows=4, max_characters=COMMENT_LIMIT),
            Field("checked_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            submit="Record check-in",
        )

    def clean_value(self):
        value = self.cleaned_data["value"]
        try:
            in_range = 0 <= value <= self.target
        except InvalidOperation:
            in_range = False
        if not in_range:
            if self.key_result.unit == "%":
                raise ValidationError(
                    f"Progress must be between 0% and {number_text(self.target)}%", code="out_of_range"
                )
            raise ValidationError(
                f"Progress must be between 0 and {number_text(self.target)} {self.key_result.unit}",
                code="out_of_range",
            )
        return value
