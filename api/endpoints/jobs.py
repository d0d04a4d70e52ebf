from typing import Literal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router

from api.endpoints.common import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    NO_NUL,
    Id,
    PageNumber,
    Slug,
    borough_ref,
    choice,
    or_none,
    text,
)
from api.endpoints.filtering import filtered
from api.pagination import absolute, page_of, top_links
from api.schemas import (
    JobDescriptionDetail,
    JobDescriptionPage,
    RoleDetail,
    RolePage,
    VacancyDetail,
    VacancyPage,
)
from jobs.benchmarks import ALL, AREAS
from jobs.filters import JobDescriptionFilter, VacancyFilter, council_names
from jobs.models import JobDescription, Role, SalaryBenchmark, Vacancy

router = Router(tags=["Jobs"])

Level = Literal["entry", "practitioner", "senior", "lead", "head"]
Area = Literal["inner", "outer", "elsewhere"]
Weighting = Literal["included", "on_top", "none"]
LEVEL = choice("The role's level.")
AREA = choice("Inner or outer London, by the council's borough, or elsewhere in the UK.")
WEIGHTING = choice("Whether London weighting is included in the salary, paid on top, or not paid.")
# The same bounds as the pages' salary boxes (jobs.filters.salary_filter).
Pounds = Query(None, ge=0, le=settings.JOBS_SALARY_MAX * 2, description="Whole pounds a year, such as 40000.")


def same_query(request, path):
    """`path` with this request's filters: the HTML page or CSV showing the same results."""
    return f"{path}?{request.GET.urlencode()}" if request.GET else path


def _role(role):
    return {"slug": role.slug, "name": role.name, "family": role.family.name}


def _salary(row):
    return {
        "minimum": row.salary_min,
        "maximum": row.salary_max,
        "currency": "GBP",
        "london_weighting": row.london_weighting,
    }


def _area(row):
    return row.borough.area if row.borough else "elsewhere"


def _description(request, jd):
    file = None
    if jd.file:
        file = {
            "type": jd.file_type,
            "size": jd.file_size,
            "url": absolute(request, reverse("jobs:download", kwargs={"pk": jd.pk})),
        }
    return {
        "id": jd.pk,
        "title": jd.title,
        "role": _role(jd.role),
        "council": jd.council_name,
        "borough": borough_ref(jd.borough),
        "area": _area(jd),
        "based_on": or_none(jd.based_on),
        "grade": or_none(jd.grade),
        "salary": _salary(jd),
        "advertised_on": jd.advertised_on,
        "published_at": jd.published_at,
        "summary": jd.summary,
        "file": file,
        "external_url": or_none(jd.external_url),
        "links": {"html": absolute(request, jd.get_absolute_url())},
    }


@router.get("/job-descriptions/", response={200: JobDescriptionPage, **LIST_ERRORS}, url_name="job_descriptions")
def job_descriptions(
    request,
    q: str | None = Query(
        None, max_length=200, pattern=NO_NUL, description="Words to search for, as on the library page."
    ),
    family: str | None = text("A role family's slug."),
    role: str | None = text("A role's slug or name, or words in role names (as the pages' role box)."),
    level: Level | None = LEVEL,
    council: str | None = text("A council's name, exactly as in the results."),
    area: Area | None = AREA,
    weighting: Weighting | None = WEIGHTING,
    salary_from: int | None = Pounds,
    salary_to: int | None = Pounds,
    sort: Literal["newest", "relevance", "salary_high", "salary_low"] | None = Query(
        None, description="Relevance when searching, otherwise newest first."
    ),
    page: int = PageNumber,
):
    """The job description library: the same search, filters and order as the library page.

    A salary filter matches overlapping ranges: `salary_from` keeps ranges that
    go up to it or more, `salary_to` ranges that start at it or less.
    """
    published = JobDescription.objects.published()
    jd_filter = JobDescriptionFilter(
        request.GET or None, queryset=published.with_list_data(), councils=council_names(published)
    )
    rows, envelope = page_of(request, filtered(jd_filter), page, rows=JobDescription.objects.with_list_data())
    return {
        **envelope,
        "results": [_description(request, jd) for jd in rows],
        "links": top_links(
            request,
            same_query(request, reverse("jobs:list")),
            csv=same_query(request, reverse("jobs:export")),
            atom=reverse("jobs:feed"),
        ),
    }


@router.get(
    "/job-descriptions/{id}/", response={200: JobDescriptionDetail, **DETAIL_ERRORS}, url_name="job_description"
)
def job_description(request, id: int = Id):
    jd = get_object_or_404(JobDescription.objects.published().with_list_data(), pk=id)
    return {**_description(request, jd), "links": top_links(request, jd.get_absolute_url())}


def _benchmark(benchmark):
    if benchmark is None:
        return None
    return {
        "count": benchmark.count,
        "minimum": round(benchmark.minimum),
        "lower_quartile": round(benchmark.lower_quartile),
        "median": round(benchmark.median),
        "upper_quartile": round(benchmark.upper_quartile),
        "maximum": round(benchmark.maximum),
        "currency": "GBP",
    }


def _role_data(request, role, benchmarks):
    return {
        **_role(role),
        "level": role.level,
        "summary": role.summary,
        "ddat_role": or_none(role.ddat_role),
        "ddat_level": or_none(role.ddat_level),
        "benchmarks": {area: _benchmark(benchmarks.get(area)) for area in [ALL, *AREAS]},
        "links": {"html": absolute(request, role.get_absolute_url())},
    }


@router.get("/roles/", response={200: RolePage, **LIST_ERRORS}, url_name="roles")
def roles(request, family: str | None = text("A role family's slug."), page: int = PageNumber):
    """Every role, A to Z, with its salary benchmarks from published job descriptions (as on the salaries page)."""
    queryset = Role.objects.with_family().order_by("name")
    if family:
        queryset = queryset.filter(family__slug=family)
    rows, envelope = page_of(request, queryset, page)
    benchmarks = SalaryBenchmark.objects.filter(role__in=[r.pk for r in rows]).by_role()
    return {
        **envelope,
        "results": [_role_data(request, r, benchmarks.get(r.pk, {})) for r in rows],
        "links": top_links(request, reverse("jobs:salaries"), csv=reverse("jobs:salaries_export")),
    }


@router.get("/roles/{slug}/", response={200: RoleDetail, **DETAIL_ERRORS}, url_name="role")
def role(request, slug: str = Slug):
    found = get_object_or_404(Role.objects.with_family(), slug=slug)
    benchmarks = SalaryBenchmark.objects.filter(role=found).by_role().get(found.pk, {})
    return {**_role_data(request, found, benchmarks), "links": top_links(request, found.get_absolute_url())}


def _vacancy(request, v):
    return {
        "id": v.pk,
        "title": v.title,
        "role": _role(v.role),
        "council": v.council_name,
        "borough": borough_ref(v.borough),
        "area": _area(v),
        "grade": or_none(v.grade),
        "salary": _salary(v),
        "summary": v.summary,
        "apply_url": v.apply_url,
        "posted_on": v.posted_on,
        "closing_on": v.closing_on,
        # Only a published job description is named: the library shows no other.
        "job_description": v.job_description_id if v.job_description_is_public else None,
        "links": {"html": absolute(request, v.get_absolute_url())},
    }


def _open_vacancies():
    return Vacancy.objects.open().with_list_data().with_job_description_is_public()


@router.get("/vacancies/", response={200: VacancyPage, **LIST_ERRORS}, url_name="vacancies")
def vacancies(
    request,
    family: str | None = text("A role family's slug."),
    role: str | None = text("A role's slug or name, or words in role names (as the pages' role box)."),
    level: Level | None = LEVEL,
    council: str | None = text("A council's name, exactly as in the results."),
    area: Area | None = AREA,
    salary_from: int | None = Pounds,
    salary_to: int | None = Pounds,
    sort: Literal["closing", "newest", "salary_high"] | None = Query(None, description="Closing soonest by default."),
    page: int = PageNumber,
):
    """Open vacancies on the jobs board, filtered and sorted as on the board's page."""
    open_now = Vacancy.objects.open()
    vacancy_filter = VacancyFilter(request.GET or None, queryset=_open_vacancies(), councils=council_names(open_now))
    rows, envelope = page_of(request, filtered(vacancy_filter), page, rows=_open_vacancies())
    return {
        **envelope,
        "results": [_vacancy(request, v) for v in rows],
        "links": top_links(
            request,
            same_query(request, reverse("jobs:vacancies")),
            atom=reverse("jobs:vacancies_feed"),
        ),
    }


@router.get("/vacancies/{id}/", response={200: VacancyDetail, **DETAIL_ERRORS}, url_name="vacancy")
def vacancy(request, id: int = Id):
    found = get_object_or_404(_open_vacancies(), pk=id)
    return {**_vacancy(request, found), "links": top_links(request, found.get_absolute_url())}
