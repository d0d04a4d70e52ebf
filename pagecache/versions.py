"""The generation: one number, kept in the pages cache, that every change raises.

Cached pages are stored under the generation current when their request
began, so raising it retires every stored page at once. With a cache the
workers share (Redis, through CACHE_URL) that is every worker's pages; with
each process's own memory cache, the other workers' pages expire within
PAGE_CACHE_SECONDS.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction

log = logging.getLogger(__name__)

KEY = "generation"
CHANGED_AT = "changed-at"


def pages():
    return caches["pages"]


def current_generation():
    generation = pages().get(KEY)
    if generation is None:
        # First use, or the cache dropped it: start from a number no earlier
        # generation can have had, so no page stored before comes back.
        pages().add(KEY, time.time_ns(), timeout=None)
        generation = pages().get(KEY)
    return generation


def content_changed(using=None):
    """Call after any change public pages may show; watched models' signals call it for you.

    Raised at once, so this process (and every test, which never commits) and,
    with a shared cache, every worker stop serving pages drawn before; and again
    on commit, so a page another worker drew from the data as it was before the
    commit is stored under a generation already gone.
    """
    _raise()
    transaction.on_commit(_raise, using=using)


def content_changed_at():
    """When public content last changed (a Unix time), for Last-Modified; now, if the cache has forgotten."""
    changed = pages().get(CHANGED_AT)
    if changed is None:
        pages().add(CHANGED_AT, time.time(), timeout=None)
        changed = pages().get(CHANGED_AT) or time.time()
    return changed


def _raise():
    try:
        pages().set(CHANGED_AT, time.time(), timeout=None)
        pages().incr(KEY)
    except ValueError:  # not in the cache: any fresh start is a new generation
        current_generation()
    except Exception:
        # A cache outage must not fail the write: pages expire on their own.
        log.warning("Could not raise the page cache generation", exc_info=True)
