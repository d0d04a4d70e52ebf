"""Form fields for GOV.UK patterns that Django and crispy-forms-gds do not quite cover."""

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from django.core.exceptions import ValidationError


class DateInputField(GdsDateInputField):
    """crispy-forms-gds's day, month and year date input, with GOV.UK messages, which never crashes on a big number.

    A date with a box left empty says which box ("The date signed must include
    a month") and borders that box alone, as GOV.UK asks; crispy-forms-gds's
    default (every box required as one) called it a missing date. Its
    compress() turns `date()`'s ValueError into a form error, but a
    twenty-digit year raises OverflowError instead, which was a server error.
    Use this class wherever a form asks for a date.
    """

    def __init__(self, *, subject="The date", **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        for name, part in zip(["day", "month", "year"], self.fields, strict=True):
            part.error_messages["incomplete"] = f"{subject} must include a {name}"
            part.validators[0].message = f"The {name} must be a number"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except OverflowError:
            raise ValidationError("Enter a real date", code="invalid") from None
