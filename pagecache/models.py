from django.db import models


class ContentVersion(models.Model):
    """One row, one number: it goes up after every committed change to the portal's content.

    Cached public pages are stored under the number current when they were
    drawn, so a change anywhere makes every worker draw them afresh. It lives
    in the database, not the cache, so that workers with their own
    in-memory caches agree on it.
    """

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"Content version {self.version}"
