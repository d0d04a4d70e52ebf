from django.core.management.base import BaseCommand, CommandError

from boroughs.models import User
from perf.data import SIZES, generate


class Command(BaseCommand):
    help = "Fill an empty database with generated data for the benchmark (make bench). Never on real data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SIZES), default="production")

    def handle(self, *args, scale, **options):
        if User.objects.exists():
            raise CommandError("The database already has users: the benchmark fills an empty database only.")
        generate(scale)
        self.stdout.write(self.style.SUCCESS(f"Generated the {scale} dataset."))
