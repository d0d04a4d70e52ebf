import json

from django.core.management.base import BaseCommand
from django.test import override_settings

from boroughs.models import User
from perf.measure import count_queries
from perf.pages import portal_pages


class Command(BaseCommand):
    help = "Print, as JSON, the queries one request to each benchmarked page makes on this database."

    def handle(self, *args, **options):
        counts = {}
        # What drawing each page costs: a page served from the cache makes one query.
        with override_settings(PAGE_CACHE_SECONDS=0):
            for page in portal_pages():
                user = User.objects.get(email=page.user) if page.user else None
                counts[page.name] = count_queries(page.path, user=user)
        self.stdout.write(json.dumps(counts))
