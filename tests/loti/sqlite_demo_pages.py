"""The demo's public pages, a CSV export and the API lists, drawn on SQLite as in `make run`.

Run by test_sqlite_demo.py:

    python -m tests.loti.sqlite_demo_pages DB_FILE

Prints one JSON line: each path's status. The test suite runs on
PostgreSQL, so SQL written for it alone would pass there and fail here.
"""

import json
import os
import sys

os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loti.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from projects.models import Project  # noqa: E402

PATHS = [
    "/",
    "/projects/",
    "/okrs/",
    "/jobs/",
    "/jobs/?q=data+analyst",
    "/jobs/salaries/",
    "/jobs/vacancies/",
    "/boroughs/",
    "/weeknotes/",
    "/api/v1/projects/",
    "/api/v1/job-descriptions/?q=analyst",
    "/api/v1/vacancies/",
    "/api/v1/roles/",
]


def main():
    setup_test_environment()  # locmem email, testserver allowed
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    client = Client(raise_request_exception=False)
    project = Project.objects.public().first()
    paths = [
        *PATHS,
        project.get_absolute_url(),
        reverse("projects:boroughs_export", args=[project.slug]),
        f"/api/v1/projects/{project.slug}/",
    ]
    print(json.dumps({path: status(client.get(path)) for path in paths}))


def status(response):
    """The response's status, once its whole body is drawn: a CSV streams, and fails only as it is read."""
    try:
        b"".join(response) if response.streaming else response.content
    except Exception:
        return "failed while streaming"
    return response.status_code


if __name__ == "__main__":
    main()
