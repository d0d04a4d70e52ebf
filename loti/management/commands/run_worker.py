"""The task worker: django-tasks-db's db_worker, with the daily jobs' scheduler beside it.

Takes every db_worker option (--interval, --batch, --max-tasks, ...). The
scheduler is a thread that checks once a minute which daily jobs are due
(loti.tasks.queue_due_daily_jobs) and queues them for this or any other worker.
"""

import logging
import os
import threading

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from loti.tasks import queue_due_daily_jobs

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60


def schedule_forever(stop):
    while not stop.is_set():
        try:
            queue_due_daily_jobs()
        except Exception:
            # The database may be away for a moment; the next check tries again.
            logger.exception("Could not queue the daily jobs")
        finally:
            close_old_connections()
        stop.wait(CHECK_EVERY_SECONDS)


class Command(db_worker.Command):
    help = "Run the task worker (db_worker) and queue the daily jobs (settings.DAILY_JOBS) when they are due."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_false", dest="scheduler", help="Do not queue daily jobs.")

    def handle(self, *args, scheduler=True, **options):
        # Under --reload the parent process only watches files: the child, which runs tasks, schedules.
        watching_only = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if scheduler and not options.get("batch") and not watching_only:
            threading.Thread(target=schedule_forever, args=(threading.Event(),), daemon=True, name="scheduler").start()
        super().handle(*args, **options)
