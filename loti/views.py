"""Site-wide pages: home, statements, health check and error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from boroughs.models import Borough
from okrs.models import Quarter
from okrs.views import quarter_summary

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    quarter = Quarter.objects.published().current()
    return render(
        request,
        "loti/home.html",
        {
            "member_count": Borough.objects.members().count(),
            "quarter": quarter,
            "summary": quarter_summary(quarter) if quarter else None,
        },
    )


@method_decorator(login_not_required, name="dispatch")
class AccessibilityView(TemplateView):
    template_name = "loti/accessibility.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "loti/privacy.html"


@login_not_required
@never_cache
def healthz(request):
    """Answer 200 after a database round trip, 503 when the database is down.

    Load balancers and `docker compose` probe this; it never renders a page.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check failed: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@login_not_required
def bench_floor(request):
    """The benchmark's baseline: the whole middleware stack, and nothing rendered."""
    return HttpResponse(b"")


# Error pages. `error_page` tells the layout to skip everything that could
# touch the database (the signed-in user, messages), so these pages still
# render when the database is the reason for the error.


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", {"error_page": True}, status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", {"error_page": True}, status=404)


@login_not_required
def server_error(request):
    """A 500, or a 503 when the database is unreachable: that one is temporary."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = render(request, "503.html", {"error_page": True}, status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", {"error_page": True}, status=500)
