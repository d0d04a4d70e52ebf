"""The real worker (manage.py run_worker, django-tasks-db) against the test database and a local SMTP server.

Each test starts the worker as a separate process, as production does,
pointed at the test's PostgreSQL database and at an SMTP server (aiosmtpd)
that the test runs on loopback, or at a port where nothing listens.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from loti.models import DailyJobRun
from outbox.mail import enqueue
from outbox.models import FailedEmail
from tests.conftest import force_login_verified, load_reference_data
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the test's PostgreSQL database"),
]

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Inbox:
    """An aiosmtpd handler that keeps what it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def start_worker(settings):
    """start_worker(EMAIL_URL=...) -> the worker process, stopped after the test, before the database is flushed."""
    settings.TASKS = DATABASE_TASKS
    load_reference_data()
    workers = []

    def start(**env):
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "worker-test-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "OUTBOX_RETRY_BACKOFF_SECONDS": "0",
            **env,
        }
        command = [sys.executable, "manage.py", "run_worker", "--interval=0.1", "--no-startup-delay", "--no-reload"]
        worker = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
        print(output)  # shown when a test fails


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s")


def test_the_worker_delivers_a_queued_email(start_worker, smtp_server):
    start_worker(EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}", DAILY_JOBS_HOUR="24")
    with transaction.atomic():
        enqueue("Your LOTI invitation", "Choose a password to begin.", ["new.person@camden.example"])
    wait_for(lambda: smtp_server.messages)
    recipients, content = smtp_server.messages[0]
    assert recipients == ["new.person@camden.example"]
    assert "Subject: Your LOTI invitation" in content
    assert "Choose a password to begin." in content
    task = wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").first())
    assert task.task_path == "outbox.mail.deliver"


def test_a_rolled_back_write_queues_nothing(settings):
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("Subject", "Body", ["a@example.com"])
        assert DBTaskResult.objects.count() == 1  # in the writer's transaction...
        raise RuntimeError("the write failed")
    assert DBTaskResult.objects.count() == 0  # ...and gone with it


@pytest.fixture
def silent_smtp_port():
    """A port that takes the connection and never says a word: a mail server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_failing_mail_server_never_fails_a_request_and_ends_in_the_admin_after_the_retries(
    start_worker, settings, silent_smtp_port
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    # Were the request to send the email itself, it would wait the SMTP timeout (10 s) on this server.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent_smtp_port, "timeout": 10},
        }
    }
    UserFactory(email="editor@camden.example")
    client = Client()
    client.get("/accounts/password-reset/")  # the first request of a process loads the URLs and templates
    started = time.monotonic()
    response = client.post("/accounts/password-reset/", {"email": "editor@camden.example"})
    took = time.monotonic() - started
    assert response.status_code == 302
    assert took < 3, took
    assert DBTaskResult.objects.filter(task_path="boroughs.tasks.password_reset_send").count() == 1
    # Nothing listens on this port: every attempt is refused.
    start_worker(EMAIL_URL=f"smtp://127.0.0.1:{free_port()}", OUTBOX_MAX_ATTEMPTS="3", DAILY_JOBS_HOUR="24")
    failed = wait_for(lambda: FailedEmail.objects.first())
    assert (failed.to, failed.attempts) == ("editor@camden.example", 3)
    assert "Refused" in failed.error or "refused" in failed.error
    assert failed.subject == "Reset your LOTI Portal password"
    deliveries = DBTaskResult.objects.filter(task_path="outbox.mail.deliver")
    assert sorted(deliveries.values_list("status", flat=True)) == ["FAILED"] * 3
    assert sorted(t.args_kwargs["kwargs"].get("attempt", 1) for t in deliveries) == [1, 2, 3]

    central_team = Client()
    force_login_verified(central_team, UserFactory(central_team=True))
    listing = central_team.get("/admin/outbox/failedemail/")
    assert listing.status_code == 200
    assert "editor@camden.example" in listing.text
    assert "/accounts/reset/" not in central_team.get(f"/admin/outbox/failedemail/{failed.pk}/change/").text


def test_the_worker_queues_the_daily_jobs_once(start_worker):
    start_worker(EMAIL_URL="consolemail://", DAILY_JOBS_HOUR="0")
    jobs = len(settings.DAILY_JOBS)
    finished = wait_for(lambda: DailyJobRun.objects.filter(finished_at__isnull=False).count() == jobs or None)
    assert finished
    start_worker(EMAIL_URL="consolemail://", DAILY_JOBS_HOUR="0")  # a second worker, or a restart
    time.sleep(3)
    assert DailyJobRun.objects.count() == jobs
    assert DBTaskResult.objects.filter(task_path="loti.tasks.run_daily_job").count() == jobs
