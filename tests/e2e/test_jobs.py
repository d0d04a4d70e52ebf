"""The jobs section in a real browser: search and filter the library, a role's benchmark, contributing a file."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import JobDescription
from jobs.uploads.refusals import ACTIVE_CONTENT
from tests.e2e.conftest import check_page
from tests.factories import (
    JobDescriptionFactory,
    RoleFactory,
    RoleFamilyFactory,
    SuggestionFactory,
    VacancyFactory,
    borough,
)
from tests.jobs import documents, files

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.PRIVATE_UPLOADS_ROOT = tmp_path / "private-uploads"
    return settings.PRIVATE_UPLOADS_ROOT


@pytest.fixture
def library():
    data = RoleFamilyFactory(name="Data", slug="data")
    digital = RoleFamilyFactory(name="Digital", slug="digital")
    analyst = RoleFactory(family=data, name="Data analyst", slug="data-analyst", summary="Turns data into insight.")
    designer = RoleFactory(family=digital, name="Service designer", slug="service-designer")
    made = []
    for n, (slug, low, high) in enumerate(
        [
            ("camden", 38_000, 44_000),
            ("hackney", 40_000, 47_000),
            ("barnet", 35_000, 40_000),
            ("croydon", 36_000, 42_000),
        ]
    ):
        made.append(
            JobDescriptionFactory(
                role=analyst,
                title=["Insight Analyst", "Performance Analyst", "Data Analyst", "BI Analyst"][n],
                borough=borough(slug),
                salary_min=low,
                salary_max=high,
                advertised_on=datetime.date(2025, 1 + n, 5),
                summary="Dashboards and analysis for council services.",
            )
        )
    JobDescriptionFactory(role=analyst, title="Analyst (Leeds)", elsewhere=True, salary_min=30_000, salary_max=34_000)
    JobDescriptionFactory(role=designer, title="Service Designer", borough=borough("islington"))
    SuggestionFactory(job_description=made[0], approved=True, body="Say which tools the team uses.")
    return {"analyst": analyst, "designer": designer, "insight": made[0]}


def result_titles(page):
    return page.locator("#results h3 a").all_inner_texts()


def test_search_and_filter_the_library_then_open_a_role_and_its_benchmark(page, library):
    page.goto("/jobs/")
    expect(page.get_by_role("heading", level=1, name="Job description library")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("6 job descriptions")
    check_page(page, "jobs-library")

    page.get_by_label("Search job descriptions").fill("analyst")
    page.get_by_label("Area").select_option(label="Inner London")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("2 job descriptions")
    assert sorted(result_titles(page)) == ["Insight Analyst", "Performance Analyst"]
    assert "q=analyst" in page.url and "area=inner" in page.url
    expect(page.get_by_label("Search job descriptions")).to_have_value("analyst")  # the filters stay filled in
    page.get_by_label("Sort by").select_option(label="Highest salary first")
    page.get_by_role("button", name="Apply filters").click()
    assert result_titles(page) == ["Performance Analyst", "Insight Analyst"]
    check_page(page, "jobs-library-filtered")

    page.locator("#results").get_by_role("link", name="Data analyst").first.click()
    expect(page.get_by_role("heading", level=1, name="Data analyst")).to_be_visible()
    table = page.locator("#benchmark-table")
    expect(table.get_by_role("columnheader", name="Inner London")).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Job descriptions"))).to_contain_text("2")
    expect(page.locator("svg.loti-range-chart rect")).to_have_count(4)  # inner, outer, outside London, all
    expect(page.get_by_role("columnheader", name="Leeds City Council")).to_be_visible()
    check_page(page, "jobs-role-benchmark")

    page.get_by_role("link", name="Insight Analyst").click()
    expect(page.get_by_role("heading", level=1, name="Insight Analyst")).to_be_visible()
    expect(page.get_by_text("Say which tools the team uses.")).to_be_visible()
    check_page(page, "jobs-description")


def test_a_role_with_many_versions_pages_through_them_under_one_benchmark(page, library):
    for n in range(10):
        JobDescriptionFactory(
            role=library["analyst"],
            title=f"Analyst {n}",
            borough=borough("lambeth"),
            advertised_on=datetime.date(2024, 1, 1 + n),
        )
    page.goto("/jobs/roles/data-analyst/")
    expect(page.get_by_text("From 15 published job descriptions")).to_be_visible()
    expect(page.get_by_text("15 versions, newest first: 1 to 10 here, page 1 of 2.")).to_be_visible()
    pagination = page.get_by_role("navigation", name="Pages of results")
    pagination.get_by_role("link", name="Next page").click()
    expect(page).to_have_title(re.compile(r"\(page 2 of 2\)"))
    expect(page.get_by_text("From 15 published job descriptions")).to_be_visible()
    expect(page.locator("#versions ~ div table thead th")).to_have_count(5)
    check_page(page, "jobs-role-versions-page-2")


def test_the_library_works_without_javascript(browser, live_server, library):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/jobs/")
    page.get_by_label("Role family").select_option(label="Digital")
    page.get_by_role("button", name="Apply filters").click()
    assert result_titles(page) == ["Service Designer"]
    context.close()


def fill_contribution(page, analyst):
    page.get_by_label("Role", exact=True).select_option(label=analyst.name)
    page.get_by_label("Job title as advertised").fill("Data Analyst (Housing)")
    page.get_by_label("Council", exact=True).select_option(label="Hackney")
    page.get_by_label("Grade").fill("PO4")
    page.get_by_label("Minimum salary").fill("£42,000")
    page.get_by_label("Maximum salary").fill("48000")
    page.get_by_label("Included in the salary").check()
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Your name").fill("Ada Contributor")
    page.get_by_label("Your email address").fill("ada@hackney.example")


def test_contribute_a_pdf_after_a_bad_file_is_refused(page, library, settings, private_uploads):
    settings.JOBS_FORM_MIN_SECONDS = 0  # a browser test fills the form faster than a person
    page.goto("/jobs/contribute/")
    check_page(page, "jobs-contribute")
    fill_contribution(page, library["analyst"])
    page.get_by_label("Upload the job description").set_input_files(
        files=[
            {"name": "job.pdf", "mimeType": "application/pdf", "buffer": b"<!DOCTYPE html><html><body>hi</body></html>"}
        ]
    )
    page.get_by_role("button", name="Send job description").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # govuk-frontend moves focus to it
    message = "The selected file must be a PDF, DOCX or ODT. It is named .pdf but is another kind of file"
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator("#id_document-error, .govuk-error-message").filter(has_text=message)).to_be_visible()
    expect(page.get_by_label("Job title as advertised")).to_have_value(
        "Data Analyst (Housing)"
    )  # nothing typed is lost
    expect(page.get_by_label("Minimum salary")).to_have_value("£42,000")
    assert page.title().startswith("Error: ")
    assert not JobDescription.objects.pending().exists()
    assert not private_uploads.exists() or not any(private_uploads.rglob("*.*"))
    check_page(page, "jobs-contribute-bad-file")

    page.get_by_label("Upload the job description").set_input_files(
        files=[{"name": "data-analyst.pdf", "mimeType": "application/pdf", "buffer": files.PDF}]
    )
    page.get_by_role("button", name="Send job description").click()
    expect(page.get_by_role("heading", level=1, name="Job description sent")).to_be_visible()
    check_page(page, "jobs-contribute-sent")
    jd = JobDescription.objects.pending().get()
    assert (jd.state, jd.council_name, jd.salary_min, jd.file_type) == ("pending", "Hackney", 42_000, "pdf")
    assert (private_uploads / jd.file.name).read_bytes() == files.PDF


def test_salaries_vacancies_and_suggestion_pages(page, library):
    page.goto("/jobs/salaries/")
    table = page.locator("#salaries")
    expect(table.get_by_role("rowheader", name=re.compile("^Data analyst"))).to_be_visible()
    check_page(page, "jobs-salaries")
    table.get_by_role("link", name="Median", exact=True).click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Median")

    open_vacancy = VacancyFactory(role=library["analyst"], title="Data Analyst (Housing)", borough=borough("hackney"))
    VacancyFactory(role=library["analyst"], title="Closed Analyst Post", closed=True)
    page.goto("/jobs/vacancies/")
    expect(page.locator("#vacancies")).to_contain_text("Data Analyst (Housing)")
    expect(page.locator("#vacancies")).not_to_contain_text("Closed Analyst Post")
    check_page(page, "jobs-vacancies")
    page.get_by_role("link", name="Data Analyst (Housing)").click()
    expect(page.get_by_role("link", name=re.compile("^Apply on"))).to_have_attribute("href", open_vacancy.apply_url)
    closing = timezone.localdate() + datetime.timedelta(days=14)
    expect(page.locator(".govuk-summary-list")).to_contain_text(f"{closing.day} {closing:%B %Y}")
    check_page(page, "jobs-vacancy")

    page.goto(library["insight"].get_absolute_url())
    page.get_by_role("link", name=re.compile("^Suggest an improvement")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suggest an improvement")
    check_page(page, "jobs-suggest")


def test_a_file_over_the_body_limit_gets_the_413_page_and_a_macro_the_form_error(
    page, library, settings, private_uploads
):
    settings.JOBS_FORM_MIN_SECONDS = 0  # a browser test fills the form faster than a person
    page.goto("/jobs/contribute/")
    fill_contribution(page, library["analyst"])
    too_big = files.PDF + b"%" + b"0" * (7 * 1024 * 1024)
    page.get_by_label("Upload the job description").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": too_big}]
    )
    page.get_by_role("button", name="Send job description").click()
    expect(page.get_by_role("heading", level=1, name="The file or form you sent is too large")).to_be_visible()
    expect(page.get_by_text("A file must be smaller than 5 MB")).to_be_visible()
    check_page(page, "request-too-large")

    page.goto("/jobs/contribute/")
    fill_contribution(page, library["analyst"])
    page.get_by_label("Upload the job description").set_input_files(
        files=[
            {
                "name": "analyst.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": documents.docx_with_macro_relationship(),
            }
        ]
    )
    page.get_by_role("button", name="Send job description").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=ACTIVE_CONTENT)).to_be_visible()
    check_page(page, "jobs-contribute-active-content")
    assert not JobDescription.objects.pending().exists()
    assert not private_uploads.exists() or not any(private_uploads.rglob("*.*"))
