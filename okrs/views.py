from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject

from okrs.exports import quarter_csv
from okrs.filters import KeyResultFilter
from okrs.forms import CheckInForm
from okrs.models import KeyResult, Quarter
from okrs.reports import objective_groups, percent


def quarter_page(request, quarter):
    """A quarter's page. All of it but the title is kept for signed-in people ({% cached_for %}),
    so the view hands over what it shows unevaluated: a kept copy costs no query."""
    key_result_filter = KeyResultFilter(request.GET or None, queryset=quarter.key_results.all(), request=request)
    return render(
        request,
        "okrs/quarter_detail.html",
        {
            "quarter": quarter,
            "objectives": SimpleLazyObject(lambda: objective_groups(quarter, key_result_filter.qs, request.user)),
            "summary": SimpleLazyObject(quarter.status_summary),
            "filter": key_result_filter,
            "quarters": Quarter.objects.visible_to(request.user).order_by("-starts_on")[:12],
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
    # Two simple queries, not one: with the quarter, objective, theme, borough, measure
    # and the key result it continues all joined, PostgreSQL took several times longer
    # to plan the query than to run it, on every request.
    quarter = get_object_or_404(Quarter.objects.visible_to(request.user), year=year, number=number)
    key_result = get_object_or_404(
        quarter.key_results.with_progress()
        .with_project_for(request.user)
        .select_related("objective__theme", "lead_borough", "measure")
        # Only a key result that continues another costs this query.
        .prefetch_related(Prefetch("rolled_from", queryset=KeyResult.objects.select_related("quarter"))),
        number=kr,
    )
    key_result.percent = percent(key_result.progress_value, key_result.progress_target)
    check_ins = list(key_result.check_ins.select_related("author").order_by("checked_on", "pk"))
    return render(
        request,
        "okrs/keyresult_detail.html",
        {
            "key_result": key_result,
            "quarter": key_result.quarter,
            "supporting": key_result.supporting_boroughs.all(),
            "check_ins": check_ins,
            "chart": check_in_chart(check_ins, key_result.target),
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


def check_in_chart(check_ins, target, width=600, height=160):
    """Bars for an inline SVG: one per check-in, as a share of the target. The table beside it has the numbers."""
    if not check_ins:
        return None
    slot = width / len(check_ins)
    bars = []
    for i, check_in in enumerate(check_ins):
        share = min(1, float(check_in.value) / float(target)) if target else 0
        bar_height = round(share * (height - 20), 1)
        bars.append(
            {
                "x": round(i * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(height - 20 - bar_height, 1),
                "height": bar_height,
                "check_in": check_in,
            }
        )
    return {"width": width, "height": height, "baseline": height - 20, "bars": bars}
