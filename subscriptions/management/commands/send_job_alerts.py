from django.core.management.base import BaseCommand

from subscriptions.alerts import alerts_send_due


class Command(BaseCommand):
    help = "Email each confirmed job alert due today what is new since its last check (a daily job)."

    def handle(self, *args, **options):
        run = alerts_send_due()
        self.stdout.write(f"Checked {run.checked} job alerts; emailed {run.emailed}.")
