from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject

from okrs.exports import quarter_csv
from okrs.filters import KeyResultFilter
from okrs.forms import CheckInForm
from okrs.models import KeyResult, Quarter
from okrs.reports import KeyResultDetail, QuarterReport


def quarter_page(request, quarter):
    """A quarter's page. All of it but the title is kept for signed-in people ({% cached_for %}),
    so the view hands over what it shows unevaluated: a kept copy costs no query."""
    key_result_filter = KeyResultFilter(request.GET or None, queryset=quarter.key_results.all(), request=request)
    report = QuarterReport(quarter, key_result_filter, request.user)
    return render(
        request,
        "okrs/quarter_detail.html",
        {
            "quarter": quarter,
            "objectives": SimpleLazyObject(lambda: report.objectives),
            "summary": SimpleLazyObject(lambda: report.summary),
            "filter": key_result_filter,
            "quarters": Quarter.objects.visible_to(request.user)
            .order_by("-starts_on")
            .values_list("pk", "year", "number")[:12],
        },
    )


@login_not_required
def current_quarter(request):
    quarters = Quarter.objects.visible_to(request.user)
    # The running quarter; else the latest one before today; else the first one to come.
    quarter = quarters.current() or quarters.latest_started() or quarters.order_by("starts_on").first()
    if quarter is None:
        raise Http404("No quarter has been published yet.")
    return quarter_page(request, quarter)


@login_not_required
def quarter_detail(request, year, number):
    quarter = get_object_or_404(Quarter.objects.visible_to(request.user), year=year, number=number)
    return quarter_page(request, quarter)


@login_not_required
def quarter_export(request, year, number):
    quarter = get_object_or_404(Quarter.objects.visible_to(request.user), year=year, number=number)
    return quarter_csv(quarter, user=request.user)


@login_not_required
def key_result_detail(request, year, number, kr):
    """A key result's page. Its details and check-ins are kept for signed-in people ({% cached_for %}):
    the view reads only the key result and its quarter (one join), and hands the rest over lazily."""
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related("quarter"),
        quarter__year=year,
        quarter__number=number,
        number=kr,
    )
    return render(
        request,
        "okrs/keyresult_detail.html",
        {
            "key_result": key_result,
            "quarter": key_result.quarter,
            "detail": KeyResultDetail(key_result, request.user),
            "can_check_in": request.user.has_perm("okrs.record_check_in", key_result),
        },
    )


def check_in_new(request, year, number, kr):
    key_result = get_object_or_404(
        KeyResult.objects.filter(quarter__in=Quarter.objects.visible_to(request.user))
        .with_progress()
        .with_last_check_in()
        .select_related("quarter", "objective__theme"),
        quarter__year=year,
        quarter__number=number,
        number=kr,
    )
    if not request.user.has_perm("okrs.record_check_in", key_result):
        raise Http404("Only the lead borough's editors and CDIO, and the central team, record check-ins.")
    if request.method == "POST":
        form = CheckInForm(key_result, request.POST)
        if form.is_valid():
            key_result.record_check_in(by=request.user, **form.cleaned_data)
            messages.success(request, "Check-in recorded")
            return redirect(key_result)
        status = 400
    else:
        form = CheckInForm(key_result)
        status = 200
    return render(
        request,
        "okrs/checkin_form.html",
        {"form": form, "key_result": key_result, "quarter": key_result.quarter},
        status=status,
    )
