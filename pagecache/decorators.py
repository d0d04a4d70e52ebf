"""Serve public pages to anonymous visitors from the cache.

`@cached_for_the_public` stores the page a signed-out visitor is shown and
serves it to the next one, until the content changes (versions.py), the day
changes (pages say "3 days ago") or the page's time is up. Signed-in people,
anyone with a message waiting and every form submission always get a page
drawn for them.

Each page's CSP nonce is cut out before storing and a fresh one put in when
serving, so no two responses share a nonce.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.csp import LazyNonce

from pagecache.versions import current_version

NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
# Longer query strings are not stored: nobody shares those links, and each would be one more entry.
LONGEST_QUERY_STRING = 300


def cached_for_the_public(view=None, *, seconds=None):
    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if not request_is_cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request)
            stored = cache.get(key)
            if stored is not None:
                return response_from(request, stored)
            response = view(request, *args, **kwargs)
            if response_is_cacheable(request, response):
                cache.set(key, stored_from(request, response), seconds or settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
                patch_vary_headers(response, ["Cookie"])
            return response

        cached_view.cached_for_the_public = True
        return cached_view

    return decorator(view) if view else decorator


def request_is_cacheable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # No session means nobody is signed in, so nothing is personal: checked
        # on the cookie, before anything loads the session.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= LONGEST_QUERY_STRING
    )


def page_key(request):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{current_version()}:{timezone.localdate().isoformat()}:{address}"


def response_is_cacheable(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        # A page with a form's CSRF token belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def stored_from(request, response):
    content = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, LazyNonce) and nonce:
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    return {"content": content, "content_type": response["Content-Type"]}


def response_from(request, stored):
    content = stored["content"]
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request._csp_nonce).encode())
    response = HttpResponse(content, content_type=stored["content_type"])
    response["X-Page-Cache"] = "hit"
    patch_vary_headers(response, ["Cookie"])
    return response
