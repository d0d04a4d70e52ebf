"""Load demo accounts (and, as the portal grows, demo content) for `make run`.

Idempotent: running it again resets the demo accounts' passwords and roles
and creates nothing twice. It refuses to run with DEBUG off unless forced,
because its passwords are printed and published in the README.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boroughs.groups import central_team_group
from boroughs.models import Borough, User

DEMO_PASSWORD = "loti-demo-password"

# email, first name, last name, borough slug (None: central team), role
DEMO_USERS = [
    ("central@loti.example", "Eddie", "Copeland", None, User.Role.MEMBER),
    ("cdio@camden.example", "Priya", "Shah", "camden", User.Role.CDIO),
    ("editor@camden.example", "Fabio", "Negro", "camden", User.Role.EDITOR),
    ("member@camden.example", "Sam", "Okafor", "camden", User.Role.MEMBER),
    ("cdio@hackney.example", "Rob", "Miller", "hackney", User.Role.CDIO),
    ("editor@hackney.example", "Cate", "McLaurin", "hackney", User.Role.EDITOR),
    ("member@hackney.example", "Alex", "Jacobs", "hackney", User.Role.MEMBER),
]


class Command(BaseCommand):
    help = "Create the demo accounts and print their logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never on a real deployment: the passwords are public.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off: its passwords are public. Use --force on a throwaway copy only.")
        with transaction.atomic():
            users = [self.demo_user(*row) for row in DEMO_USERS]
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins (password for all: %s):" % DEMO_PASSWORD))
        for user in users:
            where = f"{user.get_role_display()}, {user.borough.name}" if user.borough else "LOTI central team (admin)"
            self.stdout.write(f"  {user.email:<26} {where}")

    def demo_user(self, email, first_name, last_name, borough_slug, role):
        is_staff = borough_slug is None
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "borough": Borough.objects.get(slug=borough_slug) if borough_slug else None,
                "role": role,
                "is_staff": is_staff,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if is_staff:
            user.groups.add(central_team_group())
        return user
