"""Load demo accounts and content for `make run`.

Each app keeps its own demo data beside it (`<app>/demo.py`); this command
only calls their loaders, lowest app first, in one transaction, and prints
the logins.

Idempotent: running it again resets the demo accounts' passwords and roles,
and the demo projects to their demo state, and creates nothing twice. It
refuses to run with DEBUG off unless forced, because its passwords are
printed and published in the README.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boroughs import two_factor
from boroughs.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_accounts
from ideas.demo import load_ideas
from jobs.demo import load_jobs
from okrs.demo import load_okrs
from pagecache.versions import content_changed
from projects.demo import load_projects
from subscriptions.demo import load_subscriptions
from weeknotes.demo import load_weeknotes


class Command(BaseCommand):
    help = "Create the demo accounts and content, and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never on a real deployment: the passwords are public.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: its passwords are public. "
                "Use --force on a throwaway copy only."
            )
        with transaction.atomic():
            users = load_accounts()
            projects = load_projects({user.email: user for user in users})
            ideas = load_ideas({user.email: user for user in users})
            quarters = load_okrs(central_user=users[0])
            job_descriptions, vacancies = load_jobs()
            subscriptions = load_subscriptions()
            weeknotes = load_weeknotes(central_user=users[0])
            content_changed()  # bulk inserts send no signals
        self.stdout.write(f"Loaded {len(projects)} demo projects.")
        self.stdout.write(f"Loaded {len(ideas)} demo ideas in two calls.")
        self.stdout.write(f"Loaded {len(quarters)} demo OKR quarters.")
        self.stdout.write(f"Loaded {len(job_descriptions)} demo job descriptions and {len(vacancies)} vacancies.")
        self.stdout.write(f"Loaded {len(subscriptions)} demo email subscriptions (a job alert and the newsletter).")
        self.stdout.write(f"Loaded {len(weeknotes)} demo weeknotes.")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for user in users:
            where = f"{user.get_role_display()}, {user.borough.name}" if user.borough else "LOTI central team (admin)"
            code = ", then a two-factor code" if two_factor.is_required_for(user) else ""
            self.stdout.write(f"  {user.email:<26} {where}{code}")
        self.stdout.write(
            f"Two-factor codes for the demo: add the secret {DEMO_TOTP_SECRET} to an authenticator app, or run\n"
            f"  oathtool --totp -b {DEMO_TOTP_SECRET}\n"
            f"  .venv/bin/python -c 'from base64 import b32decode as d; from django_otp.oath import totp; "
            f'print("%06d" % totp(d("{DEMO_TOTP_SECRET}")))\''
        )
