"""Which content groups each page shows, so a change redraws only the pages that show it.

A view says it with `@shows("jobs", "boroughs")`; an app says it for every
page in its URL namespace with `pages_of("jobs", shows=[...])` in its
AppConfig.ready(); a view's own word wins. A page nobody declared shows
everything, which is always safe. Declare generously: a group a page shows
but does not name leaves it stale until PAGE_CACHE_SECONDS pass.
"""

from django.urls import Resolver404, resolve

from pagecache.signals import all_groups

_by_namespace = {}


def shows(*groups):
    """Decorator: the view's pages show these groups' content (and nothing else that changes)."""

    def declare(view):
        view.pagecache_shows = tuple(sorted(set(groups)))
        return view

    return declare


def pages_of(namespace, *, shows):
    _by_namespace[namespace] = tuple(sorted(set(shows)))


def groups_shown(request):
    """The groups the page at this request's address shows."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return all_groups()
    declared = getattr(match.func, "pagecache_shows", None)
    if declared is None:
        declared = _by_namespace.get(match.namespace)
    return all_groups() if declared is None else declared
