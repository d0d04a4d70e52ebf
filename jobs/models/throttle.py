from django.db import models
from django.utils import timezone


class FormSubmissionQuerySet(models.QuerySet):
    def recent(self, *, form, ip_address, since):
        return self.filter(form=form, ip_address=ip_address, created_at__gte=since)


class FormSubmission(models.Model):
    """One anonymous form sent from an address: what the per-address throttle counts.

    Only the address, the time and, when it was acknowledged by email, the
    address emailed are kept, and only for a day (jobs.antispam).
    """

    form = models.CharField(max_length=30)
    ip_address = models.GenericIPAddressField()
    # Empty when no acknowledgement was sent: what the per-recipient limit counts.
    recipient = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FormSubmissionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["form", "ip_address", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["recipient", "created_at"], name="submission_recipient"),
        ]

    def __str__(self):
        return f"{self.form} from {self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"
