"""Email each borough's CDIO and editors the commitments nobody has checked lately.

One of the DAILY_JOBS the worker runs each morning (see the README). Safe to
run more than once a day: each borough is emailed at most once per day.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from boroughs.models import Borough, User
from outbox.mail import enqueue
from projects.models import StaleReminder
from projects.reports import BoroughReport, row_label


class Command(BaseCommand):
    help = "Email boroughs' CDIOs and editors a list of their stale commitments (once a day at most)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say who would be emailed; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        sent = 0
        for borough in Borough.objects.filter(participations__isnull=False).distinct().order_by("name"):
            report = BoroughReport(borough)
            stale = report.stale_rows()
            recipients = list(
                User.objects.filter(borough=borough, is_active=True, role__in=[User.Role.CDIO, User.Role.EDITOR])
                .order_by("email")
                .values_list("email", flat=True)
            )
            if not stale or not recipients:
                continue
            if dry_run:
                self.stdout.write(f"{borough.name}: {len(stale)} stale rows, would email {', '.join(recipients)}")
                continue
            try:
                with transaction.atomic():
                    StaleReminder.objects.create(
                        borough=borough, sent_on=today, row_count=len(stale), recipient_count=len(recipients)
                    )
                    body = render_to_string(
                        "projects/email/stale_reminder.txt",
                        {
                            "borough": borough,
                            "rows": [(s.project.title, row_label(row), row.updated_at) for s, row in stale],
                            "stale_days": report.stale_after.days,
                            "site_url": settings.SITE_URL,
                        },
                    )
                    # Queued with the day's record: both are kept or neither, and the
                    # worker retries a message the mail server refuses.
                    enqueue(f"{borough.name}: {len(stale)} LOTI commitments need checking", body, recipients)
            except IntegrityError:
                continue  # already reminded today
            sent += 1
            self.stdout.write(f"{borough.name}: emailed {len(recipients)} people about {len(stale)} rows")
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} reminder{'s' if sent != 1 else ''}."))
