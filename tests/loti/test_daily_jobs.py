"""The worker's scheduler: each daily job is queued once a day, and only once its hour has come."""

import datetime

import pytest
from django.utils import timezone

from loti.models import DailyJobRun
from loti.tasks import queue_due_daily_jobs

pytestmark = pytest.mark.django_db


def at(hour):
    return timezone.make_aware(datetime.datetime(2026, 12, 1, hour, 30))


def test_nothing_is_queued_before_the_hour(settings):
    settings.DAILY_JOBS_HOUR = 7
    assert queue_due_daily_jobs(now=at(6)) == []
    assert not DailyJobRun.objects.exists()


def test_each_job_runs_once_a_day_however_often_the_scheduler_checks(settings, monkeypatch):
    settings.DAILY_JOBS_HOUR = 7
    settings.DAILY_JOBS = ["remind_stale_commitments", "purge_personal_data"]
    ran = []
    monkeypatch.setattr("loti.tasks.call_command", lambda job: ran.append(job))
    assert queue_due_daily_jobs(now=at(7)) == ["remind_stale_commitments", "purge_personal_data"]
    assert queue_due_daily_jobs(now=at(8)) == []
    assert ran == ["remind_stale_commitments", "purge_personal_data"]
    assert all(run.finished_at for run in DailyJobRun.objects.all())
    # The next day, again.
    assert queue_due_daily_jobs(now=at(7) + datetime.timedelta(days=1)) == [
        "remind_stale_commitments",
        "purge_personal_data",
    ]


def test_the_configured_jobs_exist():
    from django.conf import settings
    from django.core.management import get_commands

    assert set(settings.DAILY_JOBS) <= set(get_commands())
