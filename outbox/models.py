from django.db import models
from django.utils import timezone


class FailedEmail(models.Model):
    """A message the worker gave up on after its last retry: for the central team to see and send again.

    The body is kept so that it can be sent again, but the admin never shows
    it: a reset or invitation email holds a sign-in link meant for one person.
    """

    subject = models.CharField(max_length=998)
    to = models.EmailField(max_length=254)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField(help_text="What the mail service said the last time.")
    failed_at = models.DateTimeField(default=timezone.now)
    resent_at = models.DateTimeField(null=True, blank=True, help_text="When someone queued it again.")

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = "email that could not be sent"
        verbose_name_plural = "emails that could not be sent"
        indexes = [models.Index(fields=["resent_at", "failed_at"])]

    def __str__(self):
        return f"“{self.subject}” to {self.to}"
