"""Who may record a key result's check-ins, shared by views and templates."""

import rules
from django.utils import timezone

from boroughs.rules import is_borough_editor, is_central_team


@rules.predicate
def is_lead_borough_editor(user, key_result):
    """An editor or the CDIO of the borough that leads the key result."""
    return (
        key_result is not None
        and key_result.lead_borough_id is not None
        and is_borough_editor(user)
        and user.borough_id == key_result.lead_borough_id
    )


@rules.predicate
def in_published_quarter(user, key_result):
    return key_result is not None and key_result.quarter.is_published


@rules.predicate
def takes_check_ins(user, key_result):
    """Not fed by a project measure (those update themselves), and its quarter has begun.

    A check-in is dated within its quarter and not after today, so a quarter
    still to come has no date a check-in could have.
    """
    return (
        key_result is not None and not key_result.is_automatic and key_result.quarter.starts_on <= timezone.localdate()
    )


# Drafts are the central team's alone, as they are to see.
rules.add_perm(
    "okrs.record_check_in",
    takes_check_ins & (is_central_team | (is_lead_borough_editor & in_published_quarter)),
)
