from django.core.management.base import BaseCommand
from django.db import transaction

from boroughs.models import Borough, User
from projects.models import Participation


class Command(BaseCommand):
    # Editors, not CDIOs: CDIOs must sign in with a second factor, and load-test users share
    # accounts, so they would reuse one another's codes (refused). Editors report the same way.
    help = "Create the load test's accounts: an editor for each borough taking part in a project (make loadtest)."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True)

    @transaction.atomic
    def handle(self, *args, password, **options):
        boroughs = Borough.objects.filter(pk__in=Participation.objects.values("borough")).order_by("name")
        for n, borough in enumerate(boroughs):
            user, _ = User.objects.update_or_create(
                email=f"load{n}@loadtest.example",
                defaults={
                    "first_name": "Load",
                    "last_name": f"Tester {n}",
                    "borough": borough,
                    "role": User.Role.EDITOR,
                },
            )
            user.set_password(password)
            user.save()
        self.stdout.write(str(boroughs.count()))
