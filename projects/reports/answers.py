"""What the read models say of a borough's answers: when one goes stale, what a row is about, the newest date."""

from datetime import timedelta

from django.conf import settings

from projects.models import (
    DeliverableStatus,
    MeasureContribution,
    Participation,
)


def stale_after():
    return timedelta(days=settings.COMMITMENT_STALE_AFTER_DAYS)


def row_label(row):
    """What a commitment row is about, in a few words, without a query."""
    if isinstance(row, Participation):
        return "your borough's status and note"
    if isinstance(row, DeliverableStatus):
        return row.deliverable.name
    if isinstance(row, MeasureContribution):
        return row.measure.name
    return f"signature of {row.agreement.title}"


def newest(*dates):
    return max(filter(None, dates), default=None)
