"""Validators for what people type, shared by models and forms."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Everything str.splitlines() breaks on: CR, LF and the rarer breaks mail clients honour too.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@deconstructible
class SingleLineValidator:
    """Refuse a line break in a one-line answer: a title or a name can end up in an email's subject.

    The message names the field; forms can word it their own way through
    error_messages["single_line"].
    """

    code = "single_line"

    def __init__(self, what="This"):
        self.what = what

    def __call__(self, value):
        if isinstance(value, str) and not LINE_BREAKS.isdisjoint(value):
            raise ValidationError(f"{self.what} must be on one line: remove the line breaks", code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator) and other.what == self.what


single_line = SingleLineValidator()
