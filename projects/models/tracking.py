from django.conf import settings
from django.db import models


class BoroughRecord(models.Model):
    """A row one borough keeps up to date: who last changed it, when, and its version.

    `version` gives optimistic locking: a save names the version it started
    from, and a save that started from an older version is refused instead of
    silently overwriting someone else's change.
    """

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True, help_text="Empty until the borough first updates it.")
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def is_stale(self, *, now, stale_after):
        """True when nobody has confirmed this row within `stale_after` (a timedelta)."""
        return self.updated_at is None or now - self.updated_at > stale_after
