"""Delete personal data the portal no longer needs (loti.retention). Meant for a daily timer; safe to rerun."""

from django.conf import settings
from django.core.management.base import BaseCommand

from loti.retention import personal_data_purge


class Command(BaseCommand):
    help = (
        "Empty contributors' and suggesters' names and emails PERSONAL_DATA_RETENTION_DAYS after moderation, "
        "deactivated accounts' DEACTIVATED_ACCOUNT_RETENTION_DAYS after deactivation, "
        "and subscriptions not confirmed within SUBSCRIPTION_CONFIRM_DAYS."
    )

    def handle(self, *args, **options):
        purged = personal_data_purge()
        self.stdout.write(
            f"Removed the personal details of {purged.contributors} contributors and {purged.suggesters} suggesters "
            f"(decided over {settings.PERSONAL_DATA_RETENTION_DAYS} days ago), and of {purged.accounts} accounts "
            f"(deactivated over {settings.DEACTIVATED_ACCOUNT_RETENTION_DAYS} days ago); deleted "
            f"{purged.unconfirmed_subscriptions} job alerts and newsletter sign-ups never confirmed "
            f"(asked for over {settings.SUBSCRIPTION_CONFIRM_DAYS} days ago)."
        )
