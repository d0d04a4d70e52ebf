"""The salary benchmark summary: the same figures as the live computation, kept up to date, read cheaply."""

import io
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from jobs.benchmarks import Benchmark, percentile, salary_benchmarks
from jobs.models import JobDescription, Role, SalaryBenchmark
from jobs.services import job_description_publish, job_description_withdraw, job_descriptions_import
from pagecache.versions import current_versions
from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory, UserFactory, borough
from tests.jobs.test_benchmarks import jd, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(central_team=True)


def live_figures(descriptions):
    """What the summary's family and overall rows should hold, worked out from the rows themselves."""
    groups = {}
    for d in descriptions:
        midpoint = (d.salary_min + d.salary_max) / 2
        area = d.borough.area if d.borough else "elsewhere"
        for key in [(d.role.family_id, area), (d.role.family_id, "all"), (None, area), (None, "all")]:
            groups.setdefault(key, []).append(midpoint)
    return {key: Benchmark.from_values(values) for key, values in groups.items()}


def summary_of_families_and_overall():
    return {
        (row.family_id, row.area): Benchmark.from_row(vars(row))
        for row in SalaryBenchmark.objects.filter(role__isnull=True)
    }


@pytest.fixture
def varied_library(data_analyst):
    """Two families; every area; one role with one job description, one with equal salaries; odd midpoints."""
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    designer = RoleFactory(family=digital, name="Service designer", slug="service-designer")
    single = RoleFactory(family=digital, name="Content designer", slug="content-designer")
    level = RoleFactory(family=digital, name="Delivery manager", slug="delivery-manager")
    RoleFactory(family=digital, name="Product owner", slug="product-owner")  # nothing published
    for n, where in enumerate(["camden", "hackney", "barnet", None, "croydon", "islington", None]):
        jd(data_analyst, 31_001 + n * 1_777, 38_000 + n * 2_311, where)  # midpoints with halves
    jd(designer, 50_000, 60_000, "westminster")
    jd(designer, 54_000, 62_001, "ealing")
    jd(designer, 40_000, 40_000, None)
    jd(single, 45_000, 45_000, "barnet")
    for where in ["camden", "harrow", None, "camden"]:
        jd(level, 48_000, 52_000, where)  # every salary the same
    jd(designer, 99_000, 99_000, pending=True)
    jd(single, 99_000, 99_000, withdrawn=True)
    jd(level, 99_000, 99_000, rejected=True)
    return {"designer": designer, "single": single, "level": level}


# The same figures ----------------------------------------------------------------


def test_the_summary_holds_exactly_what_the_live_computation_gives_per_role(varied_library):
    SalaryBenchmark.objects.rebuild()
    assert SalaryBenchmark.objects.by_role() == salary_benchmarks(JobDescription.objects.published())


def test_the_summary_holds_each_familys_and_every_roles_figures(varied_library):
    SalaryBenchmark.objects.rebuild()
    published = JobDescription.objects.published().select_related("role", "borough")
    assert summary_of_families_and_overall() == live_figures(published)


def test_one_job_description_and_equal_salaries_give_flat_figures(varied_library):
    SalaryBenchmark.objects.rebuild()
    summary = SalaryBenchmark.objects.by_role()
    assert summary[varied_library["single"].pk] == {
        "outer": Benchmark(1, 45_000, 45_000, 45_000, 45_000, 45_000),
        "all": Benchmark(1, 45_000, 45_000, 45_000, 45_000, 45_000),
    }
    assert summary[varied_library["level"].pk]["all"] == Benchmark(4, 50_000, 50_000, 50_000, 50_000, 50_000)
    assert summary[varied_library["level"].pk]["inner"].count == 2


def test_roles_without_a_published_job_description_have_no_rows(varied_library):
    SalaryBenchmark.objects.rebuild()
    assert not SalaryBenchmark.objects.filter(role__slug="product-owner").exists()
    assert set(SalaryBenchmark.objects.by_role()) == set(
        Role.objects.annotate(n=Count("descriptions", filter=Q(descriptions__state="published")))
        .filter(n__gt=0)
        .values_list("pk", flat=True)
    )


def test_nothing_published_leaves_the_summary_empty(data_analyst):
    jd(data_analyst, 40_000, 45_000, pending=True)
    assert SalaryBenchmark.objects.rebuild() == 0
    assert not SalaryBenchmark.objects.exists()  # not even an overall row of nothing


def test_the_python_rebuild_makes_the_same_rows_as_the_sql(varied_library):
    def rows():
        return sorted(
            SalaryBenchmark.objects.values_list(
                "role_id", "family_id", "area", "count", "minimum", "lower_quartile", "median", "upper_quartile",
                "maximum",
            ),
            key=repr,
        )  # fmt: skip

    SalaryBenchmark.objects.rebuild()
    by_sql = rows()
    with mock.patch("jobs.models.salaries.connections") as fake:
        fake.__getitem__.return_value.vendor = "sqlite"
        SalaryBenchmark.objects.rebuild()
    assert rows() == by_sql
    assert len(by_sql) == SalaryBenchmark.objects.count() > 20


def test_rebuilding_twice_changes_nothing_and_retires_only_the_jobs_pages(varied_library):
    SalaryBenchmark.objects.rebuild()
    before = list(SalaryBenchmark.objects.order_by("role_id", "family_id", "area").values())
    _, jobs, okrs = current_versions(("jobs", "okrs"))
    SalaryBenchmark.objects.rebuild()
    after = list(SalaryBenchmark.objects.order_by("role_id", "family_id", "area").values())
    assert [{**row, "id": 0} for row in after] == [{**row, "id": 0} for row in before]
    _, jobs_after, okrs_after = current_versions(("jobs", "okrs"))
    assert jobs_after != jobs
    assert okrs_after == okrs


def test_the_command_rebuilds_after_a_bulk_load(data_analyst):
    JobDescription.objects.bulk_create(
        [
            JobDescriptionFactory.build(role=data_analyst, salary_min=low, salary_max=low + 4_000)
            for low in (30_000, 40_000)
        ]
    )
    assert not SalaryBenchmark.objects.filter(role=data_analyst).exists()  # bulk_create told nobody
    out = io.StringIO()
    call_command("rebuild_salary_benchmarks", stdout=out)
    # Inner London and all councils, each for the role, its family and overall.
    assert "Rebuilt the salary benchmarks: 6 rows." in out.getvalue()
    assert SalaryBenchmark.objects.get(role=data_analyst, area="all").median == 37_000


# Kept up to date -----------------------------------------------------------------


def all_councils(role):
    return SalaryBenchmark.objects.filter(role=role, area="all").first()


def test_publishing_a_job_description_updates_the_summary(data_analyst, moderator, django_capture_on_commit_callbacks):
    jd(data_analyst, 40_000, 44_000)
    pending = jd(data_analyst, 60_000, 64_000, pending=True)
    assert all_councils(data_analyst).count == 1
    with django_capture_on_commit_callbacks(execute=True):
        job_description_publish(jd=pending, by=moderator)
    figures = all_councils(data_analyst)
    assert (figures.count, figures.median, figures.maximum) == (2, 52_000, 62_000)
    assert SalaryBenchmark.objects.get(role=None, family=None, area="all").count == 2


def test_withdrawing_the_last_job_description_removes_the_roles_figures(
    data_analyst, moderator, django_capture_on_commit_callbacks
):
    published = jd(data_analyst, 40_000, 44_000)
    with django_capture_on_commit_callbacks(execute=True):
        job_description_withdraw(jd=published, by=moderator)
    assert all_councils(data_analyst) is None
    assert not SalaryBenchmark.objects.exists()


def test_the_summary_waits_for_the_commit(data_analyst, moderator, django_capture_on_commit_callbacks):
    pending = jd(data_analyst, 60_000, 64_000, pending=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_description_publish(jd=pending, by=moderator)
        assert all_councils(data_analyst) is None  # not yet: the rebuild must see the committed write
    assert callbacks


def test_changing_a_salary_in_the_admin_updates_the_summary(
    central_client, data_analyst, django_capture_on_commit_callbacks
):
    published = jd(data_analyst, 40_000, 44_000, "camden")
    data = {
        "title": published.title,
        "role": data_analyst.pk,
        "borough": borough("barnet").pk,
        "council_name": "",
        "based_on": "",
        "grade": "",
        "salary_min": 50_000,
        "salary_max": 54_000,
        "london_weighting": "included",
        "advertised_on": "2025-03-03",
        "external_url": published.external_url,
        "summary": "",
        "contributor_name": "",
        "contributor_email": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = central_client.post(f"/admin/jobs/jobdescription/{published.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert all_councils(data_analyst).median == 52_000
    assert set(SalaryBenchmark.objects.filter(role=data_analyst).values_list("area", flat=True)) == {"outer", "all"}


def test_deleting_job_descriptions_in_the_admin_updates_the_summary(
    central_client, data_analyst, django_capture_on_commit_callbacks
):
    first, second = jd(data_analyst, 40_000, 44_000), jd(data_analyst, 50_000, 54_000)
    with django_capture_on_commit_callbacks(execute=True):
        central_client.post(f"/admin/jobs/jobdescription/{first.pk}/delete/", {"post": "yes"})
    assert all_councils(data_analyst).median == 52_000
    with django_capture_on_commit_callbacks(execute=True):
        central_client.post(
            "/admin/jobs/jobdescription/",
            {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
        )
    assert all_councils(data_analyst) is None


def test_moving_a_role_to_another_family_moves_its_figures(
    central_client, data_analyst, django_capture_on_commit_callbacks
):
    jd(data_analyst, 40_000, 44_000)
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    data = {"family": digital.pk, "name": data_analyst.name, "slug": data_analyst.slug, "level": "practitioner"}
    with django_capture_on_commit_callbacks(execute=True):
        response = central_client.post(f"/admin/jobs/role/{data_analyst.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert all_councils(data_analyst).family == digital
    assert SalaryBenchmark.objects.get(role=None, family=digital, area="all").count == 1
    assert not SalaryBenchmark.objects.filter(role=None, family=data_analyst.family_id).exists()


def test_an_import_rebuilds_once(data_analyst, moderator, django_capture_on_commit_callbacks):
    rows = [
        {
            "role": data_analyst,
            "title": f"Analyst {n}",
            "borough": borough("camden"),
            "council_name": "Camden",
            "salary_min": 40_000 + n * 1_000,
            "salary_max": 44_000 + n * 1_000,
            "london_weighting": "included",
            "advertised_on": "2025-03-03",
            "external_url": f"https://www.council.example/import/{n}",
        }
        for n in range(5)
    ]
    with (
        mock.patch.object(SalaryBenchmark.objects, "rebuild", wraps=SalaryBenchmark.objects.rebuild) as rebuild,
        django_capture_on_commit_callbacks(execute=True),
    ):
        job_descriptions_import(rows=rows, by=moderator, publish=True)
    assert rebuild.call_count == 1
    assert all_councils(data_analyst).count == 5


# Read cheaply --------------------------------------------------------------------


def test_salaries_page_shows_the_total_of_all_roles_or_of_the_family(client, varied_library):
    rows = table_rows(client.get("/jobs/salaries/"), "salaries")
    overall = SalaryBenchmark.objects.get(role=None, family=None, area="all")
    assert rows[-1][0].startswith("All roles") and rows[-1][1] == str(overall.count) == "15"
    digital = table_rows(client.get("/jobs/salaries/?family=digital"), "salaries")
    assert digital[-1][0].startswith("All roles in digital") and digital[-1][1] == "8"
    # Inner London 50,000 50,000 55,000; outer London 45,000 50,000 58,000.50: the family's medians.
    assert digital[-1][-2:] == ["£50,000", "£50,000"]


def test_salaries_page_links_each_role_without_building_a_role(client, varied_library):
    with mock.patch.object(Role, "__init__", side_effect=AssertionError("a Role was built")):
        response = client.get("/jobs/salaries/")
    assert response.status_code == 200
    assert re.findall(r'href="(/jobs/roles/[\w-]+/)"', response.text) == [
        "/jobs/roles/content-designer/",
        "/jobs/roles/data-analyst/",
        "/jobs/roles/delivery-manager/",
        "/jobs/roles/service-designer/",
    ]


def test_role_page_shows_ten_versions_a_page_and_the_benchmark_of_all(client, data_analyst):
    for n in range(23):
        jd(data_analyst, 40_000 + n * 1_000, 44_000 + n * 1_000, advertised_on=f"2025-01-{n + 1:02d}")
    first = client.get("/jobs/roles/data-analyst/")
    last = client.get("/jobs/roles/data-analyst/?page=3")
    for response in (first, last):
        assert "From 23 published job descriptions" in response.text
        assert table_rows(response, "benchmark-table")[2] == ["Lowest", "£42,000", "£42,000"]
        assert 'class="govuk-pagination"' in response.text
    assert first.text.count("/jobs/descriptions/") == 10 and last.text.count("/jobs/descriptions/") == 3
    assert "23 versions, newest first: 1 to 10 here, page 1 of 3." in first.text
    assert "(page 3 of 3)" in last.text.split("</title>")[0] and "(page" not in first.text.split("</title>")[0]
    assert 'href="?page=2"' in first.text and 'rel="next"' in first.text and 'rel="next"' not in last.text


def test_role_page_with_few_versions_has_no_pagination(client, data_analyst):
    jd(data_analyst, 40_000, 44_000)
    response = client.get("/jobs/roles/data-analyst/")
    assert "govuk-pagination" not in response.text
    assert "1 version, newest first." in response.text


def test_role_page_weight_does_not_grow_with_its_versions(client, no_page_cache, data_analyst):
    for n in range(10):
        jd(data_analyst, 40_000, 44_000 + n)
    ten = len(client.get("/jobs/roles/data-analyst/").content)
    for n in range(40):
        jd(data_analyst, 40_000, 44_000 + n)
    assert len(client.get("/jobs/roles/data-analyst/").content) < ten + 3_000  # the pagination links


# Query budgets at two sizes ------------------------------------------------------


def grow(families, roles_each, versions_each):
    for _ in range(families):
        family = RoleFamilyFactory()
        for _role in range(roles_each):
            role = RoleFactory(family=family)
            for n in range(versions_each):
                jd(role, 30_000 + n * 500, 36_000 + n * 700, ["camden", "barnet", None][n % 3])


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/jobs/salaries/", 2),
        ("/jobs/salaries/?family=data&sort=median&order=desc", 2),
        ("/jobs/salaries/export.csv", 2),
        ("/jobs/roles/data-analyst/", 4),
        ("/jobs/roles/data-analyst/?page=2", 4),
        ("/api/v1/roles/", 3),
        ("/api/v1/roles/data-analyst/", 2),
    ],
)
def test_salary_pages_query_budget_holds_at_two_sizes(
    client, no_page_cache, data_analyst, django_assert_max_num_queries, url, budget
):
    for n in range(12):
        jd(data_analyst, 40_000 + n * 100, 44_000 + n * 100, ["camden", "croydon", None][n % 3])
    grow(families=1, roles_each=2, versions_each=2)

    def get():
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    client.get(url)  # the first request's one-off lookups (sites, sessions)
    with django_assert_max_num_queries(budget):
        get()
    grow(families=3, roles_each=6, versions_each=4)
    for n in range(30):
        jd(data_analyst, 50_000 + n * 100, 54_000 + n * 100, "hackney")
    with django_assert_max_num_queries(budget):
        get()


def test_percentile_helper_still_matches_the_summary_on_an_even_count(data_analyst):
    for low in (30_000, 31_000, 35_000, 41_000):
        jd(data_analyst, low, low)
    figures = all_councils(data_analyst)
    ordered = [30_000, 31_000, 35_000, 41_000]
    assert (figures.lower_quartile, figures.median, figures.upper_quartile) == tuple(
        percentile(ordered, f) for f in (0.25, 0.5, 0.75)
    )


def test_publishing_many_in_the_admin_rebuilds_once(central_client, data_analyst, django_capture_on_commit_callbacks):
    pending = [jd(data_analyst, 40_000 + n, 50_000, pending=True) for n in range(3)]
    with (
        mock.patch.object(SalaryBenchmark.objects, "rebuild", wraps=SalaryBenchmark.objects.rebuild) as rebuild,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = central_client.post(
            "/admin/jobs/jobdescription/",
            {"action": "publish_selected", "_selected_action": [jd.pk for jd in pending]},
        )
    assert response.status_code == 302
    assert rebuild.call_count == 1
    assert all_councils(data_analyst).count == 3


def test_a_rebuild_asked_for_in_a_rolled_back_transaction_is_asked_for_again(
    data_analyst, django_capture_on_commit_callbacks
):
    jd(data_analyst, 40_000, 44_000)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                SalaryBenchmark.objects.rebuild_on_commit()
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
        SalaryBenchmark.objects.rebuild_on_commit()
    assert all_councils(data_analyst).count == 1


def test_moving_a_borough_to_the_other_area_moves_its_figures(data_analyst, django_capture_on_commit_callbacks):
    camden = borough("camden")
    jd(data_analyst, 40_000, 44_000, "camden")
    assert set(SalaryBenchmark.objects.filter(role=data_analyst).values_list("area", flat=True)) == {camden.area, "all"}
    other = "outer" if camden.area == "inner" else "inner"
    with mock.patch.object(SalaryBenchmark.objects, "rebuild", wraps=SalaryBenchmark.objects.rebuild) as rebuild:
        with django_capture_on_commit_callbacks(execute=True):
            camden.area = other
            camden.save()
        assert rebuild.call_count == 1
        assert set(SalaryBenchmark.objects.filter(role=data_analyst).values_list("area", flat=True)) == {other, "all"}
        with django_capture_on_commit_callbacks(execute=True):
            camden.name = "London Borough of Camden"
            camden.save()  # nothing the figures use changed
        assert rebuild.call_count == 1


def test_reverting_a_published_one_to_an_unpublished_version_in_the_history_updates_the_summary(
    central_client, data_analyst, moderator, django_capture_on_commit_callbacks
):
    # History's revert saves through the admin's save_model; the version it restores may be unpublished.
    jd(data_analyst, 40_000, 44_000)
    pending = jd(data_analyst, 60_000, 64_000, pending=True)
    before = pending.history.earliest("history_date")
    with django_capture_on_commit_callbacks(execute=True):
        job_description_publish(jd=pending, by=moderator)
    assert all_councils(data_analyst).count == 2
    data = {
        "title": pending.title,
        "role": data_analyst.pk,
        "borough": pending.borough_id or "",
        "council_name": pending.council_name if not pending.borough_id else "",
        "based_on": "",
        "grade": "",
        "salary_min": 60_000,
        "salary_max": 64_000,
        "london_weighting": pending.london_weighting,
        "advertised_on": pending.advertised_on.isoformat() if pending.advertised_on else "",
        "external_url": pending.external_url,
        "summary": "",
        "contributor_name": "",
        "contributor_email": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = central_client.post(f"/admin/jobs/jobdescription/{pending.pk}/history/{before.history_id}/", data)
    assert response.status_code == 302, response.content
    pending.refresh_from_db()
    assert not pending.is_published
    assert all_councils(data_analyst).count == 1
    assert SalaryBenchmark.objects.get(role=None, family=None, area="all").count == 1
