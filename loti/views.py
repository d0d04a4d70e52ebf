"""Site-wide pages: home, statements, health check and error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from boroughs.models import Borough
from okrs.models import Quarter
from projects.models import DeliverableStatus, MeasureContribution, Participation, Signatory

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    published = Quarter.objects.published()
    current = published.current()
    # With nothing published for today, show the latest quarter, and say so.
    quarter = current or published.latest_started()
    return render(
        request,
        "loti/home.html",
        {
            "member_count": Borough.objects.members().count(),
            "quarter": quarter,
            "is_current_quarter": current is not None,
            "summary": quarter.status_summary() if quarter else None,
        },
    )


@login_not_required
def borough_detail(request, slug):
    """A borough's page: who it is, and its part in public projects."""
    borough = get_object_or_404(Borough, slug=slug)
    team = None
    if request.user.has_perm("boroughs.view_borough_team", borough):
        team = borough.users.filter(is_active=True).order_by("role", "last_name")
    context = {
        "borough": borough,
        "team": team,
        "participations": Participation.objects.filter(borough=borough, project__is_public=True)
        .with_status()
        .select_related("project", "project__theme")
        .order_by("project__title"),
        "deliverable_statuses": DeliverableStatus.objects.filter(borough=borough, deliverable__project__is_public=True)
        .select_related("deliverable__project")
        .order_by("deliverable__project__title", "deliverable__order"),
        "contributions": MeasureContribution.objects.filter(borough=borough, measure__project__is_public=True)
        .select_related("measure__project")
        .order_by("measure__project__title"),
        "signatures": Signatory.objects.filter(borough=borough, agreement__project__is_public=True)
        .select_related("agreement__project")
        .order_by("agreement__project__title", "agreement__title"),
    }
    return render(request, "boroughs/borough_detail.html", context)


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
