"""Form fields for GOV.UK patterns that Django and crispy-forms-gds do not quite cover."""

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from django.core.exceptions import ValidationError


class DateInputField(GdsDateInputField):
    """crispy-forms-gds's day, month and year date input, which never crashes on a number too big for a date.

    Its compress() turns `date()`'s ValueError into a form error, but a
    twenty-digit year raises OverflowError instead, which was a server
    error. Use this class wherever a form asks for a date.
    """

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except OverflowError:
            raise ValidationError("Enter a real date", code="invalid") from None
