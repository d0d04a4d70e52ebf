"""The form helper every GOV.UK form in the portal is laid out with."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size, Submit


def gds_helper(*fields, submit):
    """A crispy-forms-gds helper: GOV.UK fields in order and one submit button."""
    helper = FormHelper()
    # The browser's own validation would pre-empt the GOV.UK error summary.
    helper.attrs = {"novalidate": ""}
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper
