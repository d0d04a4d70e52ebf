"""Site-wide pages: home, statements, health check and error pages."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

import pagecache
from boroughs.models import Borough
from ideas.models import Idea
from jobs.benchmarks import ALL
from jobs.models import JobDescription, SalaryBenchmark, Vacancy
from jobs.uploads import MAX_UPLOAD_BYTES
from okrs.models import KeyResult, Quarter
from projects.models import DeliverableStatus, MeasureContribution, Participation, Signatory

logger = logging.getLogger(__name__)


class HomeCounts:
    """The home page's figures, each asked for when the page first shows it: a kept copy asks nothing."""

    def __init__(self, today):
        self.today = today

    @cached_property
    def member_count(self):
        return Borough.objects.members().count()

    @cached_property
    def quarter(self):
        # Quarters never overlap, so the latest to have started is the one running
        # today if there is one: one query either way. Otherwise the page says
        # "Latest published quarter" with its dates.
        return Quarter.objects.published().latest_started(self.today)

    @cached_property
    def is_current_quarter(self):
        return self.quarter is not None and self.quarter.ends_on >= self.today

    @cached_property
    def summary(self):
        return self.quarter.status_summary() if self.quarter else None

    @cached_property
    def job_description_count(self):
        # The salary summary's grand-total row counts every published job description (each has a
        # role) and is rebuilt whenever one is published, changed or withdrawn: one row read,
        # where counting them read 182,000 index entries at 10x the data. None published: no row.
        overall = SalaryBenchmark.objects.filter(role=None, family=None, area=ALL)
        return overall.values_list("count", flat=True).first() or 0

    @cached_property
    def vacancy_count(self):
        return Vacancy.objects.open(self.today).count()


@login_not_required
@pagecache.shows("boroughs", "okrs", "jobs")
def home(request):
    return render(request, "loti/home.html", {"counts": HomeCounts(timezone.localdate())})


# How many of a council's job descriptions and vacancies its page lists; the
# jobs pages, filtered by the council, have the rest.
BOROUGH_PAGE_JOB_DESCRIPTIONS = 5
BOROUGH_PAGE_VACANCIES = 10


@login_not_required
def borough_detail(request, slug):
    """A borough's page: who it is and its part in every app's public work, in a fixed number of queries.

    Only what is public: public projects, published key results, job
    descriptions and results; people's names only as the team list and the
    CDIO's agreement allow, and never an email or a contributor.
    """
    borough = get_object_or_404(Borough, slug=slug)
    today = timezone.localdate()
    team = None
    if request.user.has_perm("boroughs.view_borough_team", borough):
        # One query serves both the team list and the CDIO's name.
        team = list(borough.users.filter(is_active=True).order_by("role", "last_name", "first_name"))
        named = [person for person in team if person.is_named_on_borough_page]
    else:
        named = list(borough.users.named_on_borough_pages().order_by("last_name", "first_name"))
    # The published quarter running today, fetched with its key results in one query.
    key_results = list(
        KeyResult.objects.involving(borough)
        .filter(quarter__is_published=True, quarter__starts_on__lte=today, quarter__ends_on__gte=today)
        .select_related("quarter")
        .order_by("number")
    )
    context = {
        "borough": borough,
        "team": team,
        "cdios": named,
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
        "key_results": key_results,
        "quarter": key_results[0].quarter if key_results else None,
        "job_descriptions": JobDescription.objects.published()
        .filter(borough=borough)
        .select_related("role")
        .order_by("-published_at", "-pk")[:BOROUGH_PAGE_JOB_DESCRIPTIONS],
        "vacancies": Vacancy.objects.open(today)
        .filter(borough=borough)
        .order_by("closing_on", "title", "pk")[:BOROUGH_PAGE_VACANCIES],
        "ideas": Idea.objects.with_public_result()
        .filter(borough=borough)
        .select_related("call", "project")
        .order_by("-call__voting_closes_at", "title", "pk"),
    }
    return render(request, "boroughs/borough_detail.html", context)


@method_decorator(login_not_required, name="dispatch")
class AccessibilityView(TemplateView):
    template_name = "loti/accessibility.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    template_name = "loti/privacy.html"

    def get_context_data(self, **kwargs):
        # The periods the purge (loti.retention) keeps to, so that the notice cannot drift from what happens.
        return super().get_context_data(
            retention_days=settings.PERSONAL_DATA_RETENTION_DAYS,
            account_retention_days=settings.DEACTIVATED_ACCOUNT_RETENTION_DAYS,
            failed_email_retention_days=settings.FAILED_EMAIL_RETENTION_DAYS,
            subscription_confirm_days=settings.SUBSCRIPTION_CONFIRM_DAYS,
            subscription_link_days=settings.SUBSCRIPTION_LINK_DAYS,
            **kwargs,
        )


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


def _megabytes(size):
    return f"{size / (1024 * 1024):g} MB"


@login_not_required
def request_too_large(request):
    """413: the body was over a limit, and was not read. The page says what the limits are."""
    limits = {
        "file_limit": _megabytes(MAX_UPLOAD_BYTES),
        "body_limit": _megabytes(settings.REQUEST_BODY_MAX_BYTES),
        "form_limit": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }
    return render(request, "413.html", {"error_page": True, **limits}, status=413)


@login_not_required
def bad_request(request, exception=None):
    """Django answers 400 to a body over its limits (RequestDataTooBig): that one is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return defaults.bad_request(request, exception)


@login_not_required
def server_error(request):
    """A 500, or a 503 when the database is unreachable: that one is temporary."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = render(request, "503.html", {"error_page": True}, status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", {"error_page": True}, status=500)
