from django.core.management.base import BaseCommand

from jobs.models import SalaryBenchmark


class Command(BaseCommand):
    help = (
        "Recompute the salary benchmark summary from the published job descriptions. Every change through the "
        "site does this itself; run it after loading rows in bulk, or after changing a borough's area."
    )

    def handle(self, *args, **options):
        made = SalaryBenchmark.objects.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the salary benchmarks: {made} rows."))
