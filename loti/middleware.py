from datetime import timedelta

from django.middleware.gzip import GZipMiddleware
from django.utils import timezone

# How often an active session's expiry is pushed on. Saving on every request
# would write to the database on every page view of every signed-in person.
SESSION_REFRESH_INTERVAL = timedelta(minutes=5)


class IdleSessionTimeoutMiddleware:
    """End sessions after SESSION_COOKIE_AGE seconds of inactivity.

    Sessions are saved with an expiry of SESSION_COOKIE_AGE from the moment of
    saving; this re-saves an active signed-in session at most every few
    minutes, so the expiry follows activity at the cost of one write per
    interval instead of one per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        # Only on reads: a write's response must not depend on a second write
        # (the session's) that could fail after the first has committed.
        if request.method in ("GET", "HEAD") and session is not None and user is not None and user.is_authenticated:
            now = timezone.now()
            refreshed = session.get("refreshed_at")
            if refreshed is None or now - timezone.datetime.fromisoformat(refreshed) > SESSION_REFRESH_INTERVAL:
                session["refreshed_at"] = now.isoformat()
        return response


# Browser features the portal never uses; a page that cannot ask for them cannot be made to.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    ]
)


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What is worth compressing: pages, the open data API's JSON and OpenAPI document, CSV, feeds.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "application/atom+xml",
    "application/xml",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, with its random padding against BREACH, for text responses only.

    Uploaded PDFs and Word files are compressed already: gzipping them again
    costs CPU for nothing and drops their Content-Length. Static files never
    get here: whitenoise, above it, answers those with its own .br and .gz files.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
