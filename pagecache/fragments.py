"""Shared parts of pages drawn for signed-in people, kept until the content they show changes.

Whole pages are stored only for signed-out visitors (middleware.py). A page
drawn for a signed-in person is theirs, but much of it is the same for
everyone who may see it: a project's commitments, a quarter's key results,
a list of results. `{% cached_for "projects" "boroughs" by project.pk %}`
(templatetags/pagecache_tags.py) keeps such a part under the versions of the
groups it shows (versions.py), the day, the template and place, and the
values after `by`: whatever else the part depends on, such as the object,
the query string or, where people see different rows, their audience.

Only shared content belongs inside: never a form (CSRF token), a message,
a button that depends on the person, or a script (CSP nonce). As a guard,
a part whose HTML carries a CSRF token or a nonce is drawn but not kept.
Views pass what such a part needs lazily (a callable, or an object whose
attributes query when first read), so a kept part costs no query.

Off (drawn every time) when FRAGMENT_CACHE_SECONDS is 0: development and the
query budget tests, which count what drawing costs.
"""

import hashlib
import logging

from django.conf import settings
from django.utils import timezone

from pagecache.signals import all_groups
from pagecache.versions import GENERATION, current_versions, pages

log = logging.getLogger(__name__)

# What no shared part may carry: a form's CSRF token, a script's CSP nonce.
PERSONAL_MARKS = ('name="csrfmiddlewaretoken"', " nonce=")


def is_on():
    return settings.FRAGMENT_CACHE_SECONDS > 0


def fragment_key(name, groups, vary_on, request=None):
    versions = request_versions(request, groups)
    parts = repr((name, versions, timezone.localdate().isoformat(), tuple(str(value) for value in vary_on)))
    return "fragment:" + hashlib.sha256(parts.encode()).hexdigest()


def request_versions(request, groups):
    """current_versions(groups), every group's read at once the first time a request asks.

    A page keeps two or three parts, each showing two or three groups: one
    cache read for them all, rather than one a part. Without a request
    (or for a group no model is watched under), read as asked.
    """
    if request is None:
        return current_versions(groups)
    known = getattr(request, "_content_versions", None)
    if known is None:
        everything = all_groups()
        generation, *each = current_versions(everything)
        known = request._content_versions = {GENERATION: generation, **dict(zip(everything, each, strict=True))}
    if not all(group in known for group in groups):
        return current_versions(groups)
    return (known[GENERATION], *(known[group] for group in groups))


def cached_fragment(name, groups, vary_on, draw, request=None):
    """The part's HTML: kept if there is a copy for these versions, else drawn (and kept, if shareable)."""
    key = fragment_key(name, sorted(set(groups)), vary_on, request)
    html = pages().get(key)
    if html is None:
        html = draw()
        if any(mark in html for mark in PERSONAL_MARKS):
            log.warning("Fragment %s carries a CSRF token or a nonce: drawn for every request", name)
        else:
            pages().set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return html
