"""The daily jobs: management commands in settings.DAILY_JOBS, queued once a day for the worker to run.

run_worker's scheduler calls queue_due_daily_jobs() every minute. A job is due
once the local time passes DAILY_JOBS_HOUR and it has not been queued today.
Each job is also safe to run twice in a day (the reminders, for one, email a
borough once a day at most), so running one by hand never doubles anything.
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from loti.models import DailyJobRun

logger = logging.getLogger(__name__)


@task
def run_daily_job(*, job, run_on):
    call_command(job)
    DailyJobRun.objects.filter(job=job, run_on=run_on).update(finished_at=timezone.now())


def queue_due_daily_jobs(now=None):
    """Queue each daily job not yet queued today, once the hour has come. Returns the jobs queued."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.DAILY_JOBS_HOUR:
        return []
    queued = []
    for job in settings.DAILY_JOBS:
        try:
            with transaction.atomic():
                DailyJobRun.objects.create(job=job, run_on=local.date())
                # Queued with its row (a database queue): both are kept or neither.
                run_daily_job.enqueue(job=job, run_on=local.date().isoformat())
        except IntegrityError:
            continue  # another worker, or an earlier check, queued it today
        queued.append(job)
        logger.info("Queued the daily job %s for %s", job, local.date())
    return queued
