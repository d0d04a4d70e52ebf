from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from subscriptions.models import Suppression, normalised_address


class Command(BaseCommand):
    help = (
        "Stop every email to an address that bounced or complained (the job alerts and the newsletter). "
        "For the mail service's bounce and complaint reports: run it once per address."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", choices=Suppression.Reason.values, default=Suppression.Reason.BOUNCE)
        parser.add_argument("--note", default="", help="Where the report came from.")

    def handle(self, *args, email, reason, note, **options):
        email = normalised_address(email)
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not an email address: {email}") from None
        _, created = Suppression.objects.update_or_create(email=email, defaults={"reason": reason, "note": note})
        self.stdout.write(f"{'Suppressed' if created else 'Already suppressed; updated'} {email} ({reason}).")
