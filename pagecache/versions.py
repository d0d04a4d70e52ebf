"""Which version of the portal's content a cached page was drawn from.

Two numbers make the version:
- the database's ContentVersion, raised after each committed change, which
  every worker reads, so a change made through one worker reaches the pages
  of all the others;
- this process's own count of changes, raised at once, before the commit, so
  the process that made a change (and every test, which never commits) never
  serves a page drawn before it.
"""

import logging

from django.db import transaction
from django.db.models import F

from pagecache.models import ContentVersion

log = logging.getLogger(__name__)

_changes_in_this_process = 0


def current_version():
    stored = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return f"{stored or 0}.{_changes_in_this_process}"


def content_changed(using="default"):
    """Call after any change public pages may show; signals call it for saves and deletes."""
    global _changes_in_this_process
    _changes_in_this_process += 1
    connection = transaction.get_connection(using)
    # One raise per transaction, however many rows it writes.
    if not any(func is _raise_version for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_raise_version, using=using, robust=True)


def _raise_version():
    # After commit, never inside the writer's transaction: a lock on this one
    # row held until commit would queue every writer behind every other, and
    # could deadlock with the row locks writers take.
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1)
