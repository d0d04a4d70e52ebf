"""Content versions: numbers, kept in the pages cache, that changes raise.

Each group of content (an app's models, by default its label: "jobs",
"okrs"...) has its own version; a change raises only its group's. A page
or fragment is stored under the versions of the groups it shows, current
when its request began, so a change retires what shows it and nothing else.
Above them all is the generation, which content_changed() with no group
raises: every stored page and fragment goes (a restore, demo data, bulk
loads that send no signals).

With a cache the workers share (Redis, through CACHE_URL) that is every
worker's pages; with each process's own memory cache, the other workers'
pages expire within PAGE_CACHE_SECONDS.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction

log = logging.getLogger(__name__)

GENERATION = "generation"
CHANGED_AT = "changed-at"  # when anything last changed
EVERYTHING = "*"  # the group content_changed() with no group stands for, in changed-at keys


def pages():
    return caches["pages"]


def version_key(group):
    return f"version:{group}"


def changed_at_key(group):
    return f"{CHANGED_AT}:{group}"


def current_versions(groups=()):
    """(generation, version of each group, in order): one cache read when they are all there."""
    keys = [GENERATION, *(version_key(group) for group in groups)]
    found = pages().get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # First use, or the cache dropped them: start from a number no earlier
        # version can have had, so nothing stored before comes back.
        start = time.time_ns()
        for key in missing:
            pages().add(key, start, timeout=None)
        found |= pages().get_many(missing)
    return tuple(found.get(key) for key in keys)


def content_changed(*groups, using=None):
    """Call after any change public pages may show; watched models' signals call it for you.

    groups: the content groups that changed (see signals.watch); none means
    everything. Raised at once, so this process (and every test, which never
    commits) and, with a shared cache, every worker stop serving what was
    drawn before; and again on commit, so a page another worker drew from the
    data as it was before the commit is stored under a version already gone.
    """
    _raise(groups)
    transaction.on_commit(lambda: _raise(groups), using=using)


def content_changed_at(*groups):
    """When content in these groups (none: any) last changed, a Unix time, for Last-Modified.

    Now, if the cache has forgotten: never earlier than the truth.
    """
    keys = [CHANGED_AT] if not groups else [changed_at_key(EVERYTHING), *map(changed_at_key, groups)]
    found = pages().get_many(keys)
    for key in keys:
        if key not in found:
            pages().add(key, time.time(), timeout=None)
            found[key] = pages().get(key) or time.time()
    return max(found.values())


def _raise(groups):
    now = time.time()
    try:
        pages().set_many(
            {CHANGED_AT: now, **{changed_at_key(group): now for group in (groups or [EVERYTHING])}}, timeout=None
        )
        for key in [version_key(group) for group in groups] or [GENERATION]:
            try:
                pages().incr(key)
            except ValueError:  # not in the cache: its next use starts a new version
                pass
    except Exception:
        # A cache outage must not fail the write: pages expire on their own.
        log.warning("Could not raise the page cache versions", exc_info=True)
