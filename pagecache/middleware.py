"""Serve public pages to signed-out visitors from the cache.

Every page a signed-out visitor is drawn is stored if nothing in it is
personal, and served to the next signed-out visitor until the content it
shows changes (the versions of its content groups, versions.py and
shown.py), the day changes (pages say "3 days ago") or PAGE_CACHE_SECONDS
pass (less when the view sets a shorter max-age).
Only 200s are stored, and LoginRequiredMiddleware redirects signed-out
visitors from every view not marked public, so only public pages are ever
stored.

Personal responses, for a signed-in person, a visitor with a message waiting,
or any response that sets a cookie (a form's CSRF token, a session), are
marked `Cache-Control: private` and never stored.

Why not Django's UpdateCacheMiddleware/FetchFromCacheMiddleware: their key is
learnt when the response is done, from a fixed prefix. This key takes the
versions current when the request began, so a page drawn from data as it
was before a commit cannot be stored under the version that follows it.
It costs two cache reads a hit (the versions, one get_many; the page), and a
hit skips the session, CSRF and authentication middleware below it. It sits just inside the CSP
middleware, which gives every response, stored or not, its policy.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control

from pagecache.shown import groups_shown
from pagecache.versions import current_versions, pages

# Longer query strings are not stored: nobody shares those links, and each would be one more entry.
LONGEST_QUERY_STRING = 300


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request) if may_be_served_from_cache(request) else None
        if key is not None:
            stored = pages().get(key)
            if stored is not None:
                response = HttpResponse(stored["content"], headers=stored["headers"])
                # How long it has been stored, so browsers count its max-age from when it was drawn.
                response["Age"] = int(time.time() - stored["stored_at"])
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if is_personal(request, response):
            patch_cache_control(response, private=True)
            if "no-store" not in response["Cache-Control"]:
                # A shared computer's browser asks again rather than showing it from its cache.
                patch_cache_control(response, no_cache=True)
        elif key is not None and request.method == "GET" and is_storable(response):
            max_age = get_max_age(response)
            seconds = settings.PAGE_CACHE_SECONDS if max_age is None else min(max_age, settings.PAGE_CACHE_SECONDS)
            stored = {"content": response.content, "headers": dict(response.headers), "stored_at": time.time()}
            pages().set(key, stored, seconds)
            response["X-Page-Cache"] = "miss"
        return response


def may_be_served_from_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # No session cookie means nobody is signed in, so nothing is personal:
        # checked on the cookie, before anything loads the session.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= LONGEST_QUERY_STRING
    )


def page_key(request):
    groups = groups_shown(request)
    versions = ":".join(map(str, current_versions(groups)))
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{versions}:{timezone.localdate().isoformat()}:{address}"


def is_personal(request, response):
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or "messages" in request.COOKIES
        # Setting a cookie (a form's CSRF token, a session) makes the page one visitor's.
        or bool(response.cookies)
    )


def is_storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        # Pages and the open data API (api/); never files, feeds or CSV, which stream or are rarely asked twice.
        and response.get("Content-Type", "").startswith(("text/html", "application/json"))
        # never_cache, or a view's own max-age=0, means drawn every time.
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and get_max_age(response) != 0
    )
