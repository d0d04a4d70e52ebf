"""Parallel votes and idea submissions against a SQLite database, as in `make run`. Run by test_sqlite_demo.py.

    python -m tests.loti.sqlite_parallel_writes DB_FILE [--without-options]

Prints one JSON line: each request's status, and any "database is locked".
--without-options drops the SQLite OPTIONS from loti/settings.py, to show
what they prevent.
"""

import json
import os
import sys
import threading
import traceback

os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loti.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if "--without-options" in sys.argv:
    settings.DATABASES["default"]["OPTIONS"] = {}
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.conftest import force_login_verified  # noqa: E402
from tests.factories import CallFactory, IdeaFactory, UserFactory, borough  # noqa: E402
from tests.ideas.conftest import idea_data  # noqa: E402

BOROUGHS = ["camden", "hackney", "brent", "islington", "southwark", "westminster", "lewisham", "lambeth"]


def main():
    setup_test_environment()  # locmem email, testserver allowed
    call_command("migrate", verbosity=0)
    voting = CallFactory(voting=True, votes_per_borough=2)
    ideas = [IdeaFactory(call=voting, shortlisted=True) for _ in range(2)]
    open_call = CallFactory()
    clients = []
    for slug in BOROUGHS:
        client = Client(raise_request_exception=False)
        force_login_verified(client, UserFactory(borough=borough(slug), cdio=True))
        clients.append(client)

    vote_url = f"/ideas/calls/{voting.slug}/vote/"
    submit_url = "/ideas/new/"
    requests = []
    for n, client in enumerate(clients):
        for idea in ideas:
            requests.append((client, vote_url, {"idea": idea.pk, "action": "cast"}))
        requests.append((client, submit_url, {**idea_data(title=f"Shared service number {n}"), "call": open_call.pk}))

    barrier = threading.Barrier(len(requests))
    results, locked = [], []

    def send(client, url, data):
        barrier.wait()
        try:
            response = client.post(url, data)
            results.append(response.status_code)
            if response.status_code >= 500 and b"locked" in response.content:
                locked.append(url)
        except Exception:
            results.append(500)
            if "database is locked" in traceback.format_exc():
                locked.append(url)

    threads = [threading.Thread(target=send, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from ideas.models import Idea, Vote

    print(
        json.dumps(
            {
                "statuses": sorted(results),
                "locked": len(locked),
                "votes": Vote.objects.count(),
                "submitted": Idea.objects.filter(call=open_call).count(),
                "journal_mode": journal_mode(),
            }
        )
    )


def journal_mode():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
