from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from govuk.exports import csv_response
from govuk.pagination import CappedPaginator
from jobs.antispam import THROTTLED_MESSAGE, confirmation_allowed, is_throttled, record_submission
from jobs.benchmarks import (
    ALL,
    AREA_LABELS,
    BenchmarkTable,
    RangeChart,
)
from jobs.filters import JobDescriptionFilter, VacancyFilter, council_names
from jobs.forms import ContributeForm, SuggestionForm
from jobs.models import JobDescription, Role, SalaryBenchmark, Vacancy
from jobs.salary_table import SalaryTable
from jobs.services import job_description_contribute, suggestion_submit
from jobs.uploads import uploads_kept_only_if_committed

PAGE_SIZE = 20
# The lists count this far and page this far (50 pages), so their first page costs the same at any size.
LIST_CAP = 1000


def filtered_descriptions(request):
    published = JobDescription.objects.published()
    return JobDescriptionFilter(
        request.GET or None,
        queryset=published.with_list_data(),
        request=request,
        councils=council_names(published),
    )


def lazy_filter_and_page(request, make_filter, rows):
    """The filter set and its page of results, each worked out when the template first reads it.

    The list templates keep what these draw (the sidebar, the results) in
    `{% cached_for %}`: a request that finds them kept never builds either,
    so it runs no count, no search and no council list. Drawn, the count
    stops at LIST_CAP (govuk.pagination.CappedPaginator).
    """
    the_filter = SimpleLazyObject(lambda: make_filter(request))
    page = SimpleLazyObject(
        lambda: CappedPaginator(the_filter.qs, PAGE_SIZE, rows=rows, cap=LIST_CAP).get_page(request.GET.get("page"))
    )
    return {"filter": the_filter, "page": page}


@login_not_required
def description_list(request):
    return render(
        request,
        "jobs/jobdescription_list.html",
        lazy_filter_and_page(request, filtered_descriptions, JobDescription.objects.list_rows()),
    )


@login_not_required
def description_export(request):
    """The filtered library as CSV: public fields only, never the contributor."""
    site = settings.SITE_URL
    rows = (
        (
            jd.title,
            jd.role.name,
            jd.role.family.name,
            jd.role.get_level_display(),
            jd.council_name,
            jd.borough.get_area_display() if jd.borough else AREA_LABELS["elsewhere"],
            jd.grade,
            jd.salary_min,
            jd.salary_max,
            jd.get_london_weighting_display(),
            jd.advertised_on.isoformat(),
            f"{site}{jd.get_absolute_url()}",
            jd.external_url or f"{site}{reverse('jobs:download', args=[jd.pk])}",
            jd.based_on,
        )
        for jd in filtered_descriptions(request).qs.iterator(chunk_size=500)
    )
    header = [
        "Title",
        "Role",
        "Role family",
        "Level",
        "Council",
        "Area",
        "Grade",
        "Salary minimum (£)",
        "Salary maximum (£)",
        "London weighting",
        "Date advertised",
        "Page",
        "Document",
        "Based on",
    ]
    return csv_response("loti-job-descriptions.csv", header, rows)


@login_not_required
def description_detail(request, pk):
    jd = get_object_or_404(JobDescription.objects.visible_to(request.user).with_list_data(), pk=pk)
    suggestions = jd.suggestions.approved().order_by("moderated_at") if jd.is_published else []
    others = (
        JobDescription.objects.published()
        .filter(role_id=jd.role_id)
        .exclude(pk=jd.pk)
        .order_by("-advertised_on")
        .only("pk", "title", "council_name", "salary_min", "salary_max", "advertised_on")[:10]
    )
    return render(
        request,
        "jobs/jobdescription_detail.html",
        {"jd": jd, "suggestions": suggestions, "others": others},
    )


@login_not_required
def description_file(request, pk):
    """The job description's file, as an attachment with a fixed name: never shown in the browser."""
    jd = get_object_or_404(JobDescription.objects.visible_to(request.user).exclude(file=""), pk=pk)
    try:
        handle = jd.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=jd.download_name, content_type=jd.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not jd.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
def suggest(request, pk):
    jd = get_object_or_404(JobDescription.objects.published().with_list_data(), pk=pk)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            # One transaction: if the database goes away half way, the person is
            # told it failed and nothing was kept (the load test checks this).
            with transaction.atomic():
                throttled = is_throttled(request, "suggest")
                if not throttled:
                    email = form.cleaned_data["email"]
                    confirm = confirmation_allowed(request, email)
                    data = form.cleaned_data
                    suggestion_submit(jd=jd, body=data["body"], name=data["name"], email=email, confirm=confirm)
                    record_submission(request, "suggest", confirmed_to=email if confirm else "")
            if throttled:
                form.add_error(None, THROTTLED_MESSAGE)
                return render(request, "jobs/suggestion_form.html", {"form": form, "jd": jd}, status=429)
            messages.success(request, "Thank you. Your suggestion will show here once the LOTI team has checked it.")
            return redirect(jd)
        return render(request, "jobs/suggestion_form.html", {"form": form, "jd": jd}, status=400)
    return render(request, "jobs/suggestion_form.html", {"form": SuggestionForm(), "jd": jd})


@login_not_required
def contribute(request):
    if request.method == "POST":
        form = ContributeForm(request.POST, request.FILES)
        if form.is_valid():
            # One transaction, as for suggestions: told it failed means nothing was kept, file included.
            with uploads_kept_only_if_committed(), transaction.atomic():
                throttled = is_throttled(request, "contribute")
                if not throttled:
                    fields = form.job_description_fields()
                    email = fields["contributor_email"]
                    confirm = confirmation_allowed(request, email)
                    job_description_contribute(
                        fields=fields, document=form.cleaned_data["document"], file_type=form.file_type, confirm=confirm
                    )
                    record_submission(request, "contribute", confirmed_to=email if confirm else "")
            if throttled:
                form.add_error(None, THROTTLED_MESSAGE)
                return render(request, "jobs/jobdescription_form.html", {"form": form}, status=429)
            return redirect("jobs:contribute_done")
        return render(request, "jobs/jobdescription_form.html", {"form": form}, status=400)
    return render(request, "jobs/jobdescription_form.html", {"form": ContributeForm()})


@login_not_required
def contribute_done(request):
    return render(request, "jobs/contribute_done.html")


# Roles and salaries ----------------------------------------------------------------


# Versions sit side by side, a column each: more than this is too wide to compare.
ROLE_VERSIONS_PAGE_SIZE = 10


class RolePage:
    """A role's benchmark and page of versions, worked out when the template first reads them (it keeps them)."""

    def __init__(self, role, page_number):
        self.role, self.page_number = role, page_number

    @cached_property
    def benchmarks(self):
        return SalaryBenchmark.objects.filter(role=self.role).by_role().get(self.role.pk, {})

    @cached_property
    def benchmark(self):
        return self.benchmarks.get(ALL)

    @cached_property
    def table(self):
        return BenchmarkTable.from_benchmarks(self.benchmarks)

    @cached_property
    def chart(self):
        return RangeChart(self.benchmarks)

    @cached_property
    def page(self):
        versions = (
            JobDescription.objects.published()
            .filter(role=self.role)
            .select_related("borough")
            .order_by("-advertised_on", "-pk")
        )
        return Paginator(versions, ROLE_VERSIONS_PAGE_SIZE).get_page(self.page_number)


@login_not_required
def role_detail(request, slug):
    role = get_object_or_404(Role.objects.with_family(), slug=slug)
    return render(request, "jobs/role_detail.html", {"role": role, "shown": RolePage(role, request.GET.get("page"))})


@login_not_required
def salary_list(request):
    return render(request, "jobs/salary_list.html", {"table": SalaryTable(request.GET)})


@login_not_required
def salary_export(request):
    rows = SalaryTable(request.GET).export_rows()

    def figures(benchmark):
        if not benchmark:
            return ["", "", "", "", "", ""]
        return [benchmark.count, *(round(value) for _, value in benchmark.statistics())]

    header = ["Role", "Role family", "Level"]
    for area in ["All councils", "Inner London", "Outer London"]:
        header += [
            f"{area}: job descriptions",
            f"{area}: lowest (£)",
            f"{area}: lower quartile (£)",
            f"{area}: median (£)",
            f"{area}: upper quartile (£)",
            f"{area}: highest (£)",
        ]
    lines = (
        [row.name, row.family, row.level] + figures(row.all) + figures(row.inner) + figures(row.outer) for row in rows
    )
    return csv_response("loti-salary-benchmarks.csv", header, lines)


# The jobs board ----------------------------------------------------------------------


def filtered_vacancies(request):
    vacancies = Vacancy.objects.open()
    return VacancyFilter(
        request.GET or None, queryset=vacancies.with_list_data(), request=request, councils=council_names(vacancies)
    )


@login_not_required
def vacancy_list(request):
    return render(
        request,
        "jobs/vacancy_list.html",
        lazy_filter_and_page(request, filtered_vacancies, Vacancy.objects.with_list_data()),
    )


@login_not_required
def vacancy_detail(request, pk):
    vacancy = get_object_or_404(
        Vacancy.objects.filter(is_published=True).with_list_data().with_job_description_is_public(), pk=pk
    )
    if not vacancy.is_open(timezone.localdate()):
        # Gone from the board: the page says so, without the link to apply.
        return render(request, "jobs/vacancy_closed.html", {"vacancy": vacancy}, status=410)
    return render(request, "jobs/vacancy_detail.html", {"vacancy": vacancy})
