"""What every /api/v1/ response gets, stored or drawn: a rate limit, validators and 304s, the licence, JSON errors.

It sits above the page cache, so a response served from the cache is
counted against the client's allowance and answered 304 when unchanged.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from api.licence import add_licence_link
from api.problems import not_found, problem_response
from boroughs.clients import client_address
from pagecache.versions import content_changed_at

PREFIX = "/api/v1/"
WINDOW_SECONDS = 60


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if (wait := seconds_until_allowed(request)) is not None:
            return problem_response(
                request,
                status=429,
                title="Too many requests",
                detail=f"This client may make {settings.API_REQUESTS_PER_MINUTE} requests a minute. "
                f"Try again in {wait} second{'' if wait == 1 else 's'}.",
                kind="rate-limited",
                headers={"Retry-After": str(wait)},
            )
        response = self.get_response(request)
        if response.status_code >= 400 and response.get("Content-Type") != "application/problem+json":
            return as_problem(request, response)
        add_licence_link(response)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            # When public data last changed anywhere: never earlier than this response's own data.
            last_modified = int(content_changed_at())
            response["Last-Modified"] = http_date(last_modified)
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=last_modified, response=response
            )
        return response


def seconds_until_allowed(request):
    """None if the client is within its allowance this minute; else how long until the next minute."""
    limit = settings.API_REQUESTS_PER_MINUTE
    if not limit or request.method == "OPTIONS":
        return None
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{client_address(request)}:{window}"
    cache = caches["default"]
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))


def as_problem(request, response):
    """The resolver's 404, a 405 or a 500 page, said in the API's own error shape."""
    status = response.status_code
    if status == 404:
        return not_found(request)
    if status == 405:
        allowed = response.get("Allow", "GET")
        return problem_response(
            request,
            status=405,
            title="Method not allowed",
            detail="The API is read-only: use GET.",
            kind="method-not-allowed",
            headers={"Allow": allowed},
        )
    if status >= 500:
        return problem_response(
            request,
            status=status,
            title="Server error",
            detail="Something went wrong on our side. Try again later.",
            kind="server-error",
        )
    return problem_response(
        request, status=status, title="Error", detail="The request could not be answered.", kind="error"
    )
