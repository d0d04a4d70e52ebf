import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from jobs.models import JobDescription
from perf.growth import copies_present, grow
from projects.models import Project


class Command(BaseCommand):
    help = "Grow a bench_data database to N times its job descriptions and projects (make bench's growth scales)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, help="Times the original rows: 3 or 10.")
        parser.add_argument("--count", action="store_true", help="Print the job descriptions and projects, as JSON.")

    def handle(self, *args, factor, count, **options):
        if factor:
            if factor < copies_present():
                raise CommandError(f"The database already has {copies_present()}x the original rows.")
            grow(factor)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # fresh statistics, as production's autovacuum would keep
            self.stdout.write(f"Grown to {factor}x the job descriptions and projects.")
        if count:
            sizes = {"descriptions": JobDescription.objects.count(), "projects": Project.objects.count()}
            self.stdout.write(json.dumps(sizes))
