from django.db import models
from django.utils import timezone


class DailyJobRun(models.Model):
    """One daily job queued for one day: the row that makes the worker's scheduler run each job once a day.

    Several workers, or a worker restarted, all try to create the same row;
    the unique constraint lets exactly one of them queue the job.
    """

    job = models.CharField(max_length=100, help_text="The management command, from settings.DAILY_JOBS.")
    run_on = models.DateField()
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-run_on", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "run_on"], name="daily_job_once_a_day")]

    def __str__(self):
        return f"{self.job} on {self.run_on:%d %B %Y}"
