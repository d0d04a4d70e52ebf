"""Personal data kept no longer than needed: what `manage.py purge_personal_data` and its daily task delete.

- Contributors' and suggesters' names and email addresses (jobs): needed
  until the moderation decision and its email; emptied
  PERSONAL_DATA_RETENTION_DAYS after the decision.
- Accounts the central team deactivated (boroughs): their name and email
  become a placeholder that cannot sign in, DEACTIVATED_ACCOUNT_RETENTION_DAYS
  after deactivation; pages then say "a former Camden editor".
- Job alerts and newsletter sign-ups never confirmed (subscriptions):
  deleted SUBSCRIPTION_CONFIRM_DAYS after they were asked for, when their
  confirmation link stops working. Confirmed ones last until unsubscribed.

Each step only touches rows still holding the data, so running it again,
or twice at once, removes nothing more and fails nothing. The privacy
notice (templates/loti/privacy.html) states both periods from these settings.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from boroughs.models import User
from jobs.models import JobDescription, Suggestion
from subscriptions.models import Subscription


@dataclass
class Purged:
    contributors: int
    suggesters: int
    accounts: int
    unconfirmed_subscriptions: int = 0


def personal_data_purge(*, now=None):
    """Remove the personal data whose time is up, and say how much went."""
    now = now or timezone.now()
    decided_before = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    deactivated_before = now - timedelta(days=settings.DEACTIVATED_ACCOUNT_RETENTION_DAYS)
    asked_before = now - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    with transaction.atomic():
        contributors = JobDescription.objects.personal_data_due(decided_before).remove_personal_data()
        suggesters = Suggestion.objects.personal_data_due(decided_before).remove_personal_data()
        _, deleted = Subscription.objects.unconfirmed_before(asked_before).delete()
        unconfirmed = deleted.get("subscriptions.Subscription", 0)
    accounts = 0
    for user in User.objects.deactivated_before(deactivated_before).select_related("borough"):
        user.remove_personal_data(now=now)
        accounts += 1
    return Purged(
        contributors=contributors, suggesters=suggesters, accounts=accounts, unconfirmed_subscriptions=unconfirmed
    )


@task
def purge_personal_data():
    """The daily run, for the task scheduler: the same as the management command."""
    purged = personal_data_purge()
    return {
        "contributors": purged.contributors,
        "suggesters": purged.suggesters,
        "accounts": purged.accounts,
        "unconfirmed_subscriptions": purged.unconfirmed_subscriptions,
    }
