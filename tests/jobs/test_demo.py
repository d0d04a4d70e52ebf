"""The demo job descriptions and vacancies: enough of them, plausible, labelled, and safe to load twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.demo import DEMO_EMAIL, load_jobs
from jobs.models import JobDescription, Role, Suggestion, Vacancy
from jobs.uploads import check_upload

pytestmark = pytest.mark.django_db


def test_demo_has_enough_job_descriptions_roles_councils_and_vacancies():
    descriptions, vacancies = load_jobs()
    published = JobDescription.objects.published()
    assert len(descriptions) >= 45
    assert published.count() >= 45
    assert published.values("role").distinct().count() >= 12
    assert set(Role.objects.values_list("family__slug", flat=True)) >= {"digital", "data", "technology", "innovation"}
    assert published.values("council_name").distinct().count() >= 10
    assert published.filter(borough__isnull=True).exists()  # councils outside London too
    assert published.filter(borough__area="inner").exists() and published.filter(borough__area="outer").exists()
    assert JobDescription.objects.pending().count() >= 1  # something for the moderation queue
    assert len(vacancies) == 12
    assert 0 < Vacancy.objects.open().count() < 12  # some closed


def test_the_library_starts_with_45_published_job_descriptions_based_on_greenwichs_versions(client):
    load_jobs()
    greenwich_based = JobDescription.objects.published().filter(based_on="the Royal Borough of Greenwich")
    assert greenwich_based.count() == 45
    assert greenwich_based.values("role").distinct().count() == 45  # one for each role
    assert set(greenwich_based.values_list("council_name", flat=True)) == {"Greenwich"}
    assert all("Royal Borough of Greenwich" in jd.summary for jd in greenwich_based)
    others = JobDescription.objects.published().filter(based_on="")
    assert 5 <= others.count() <= 20  # a few other councils' versions
    assert not others.filter(borough__slug="greenwich").exists()
    assert set(others.values_list("role", flat=True)) <= set(greenwich_based.values_list("role", flat=True))
    page = client.get(greenwich_based.first().get_absolute_url()).text
    assert "Based on the Royal Borough of Greenwich's version." in page


def test_demo_salaries_are_plausible_and_everything_is_labelled_demo():
    load_jobs()
    for jd in JobDescription.objects.filter(contributor_email=DEMO_EMAIL):
        assert 18_000 <= jd.salary_min <= jd.salary_max <= 120_000
        assert jd.summary.startswith("Demo")
        assert jd.advertised_on <= timezone.localdate()
        assert jd.external_url.startswith("https://www.example.org/") or jd.file
    for vacancy in Vacancy.objects.all():
        assert vacancy.summary.startswith("Demo vacancy")
        assert vacancy.apply_url.startswith("https://www.example.org/")
    assert all(s.body.startswith("Demo") for s in Suggestion.objects.all())


def test_demo_files_are_real_documents_that_pass_the_upload_checks():
    load_jobs()
    with_files = JobDescription.objects.exclude(file="")
    assert {jd.file_type for jd in with_files} == {"pdf", "docx", "odt"}
    for jd in with_files:
        with jd.file.open("rb") as handle:
            data = handle.read()
        assert len(data) == jd.file_size
        assert check_upload(SimpleUploadedFile(f"demo.{jd.file_type}", data)) == jd.file_type


def test_loading_the_demo_twice_resets_it_without_duplicates_or_orphan_files(private_uploads):
    load_jobs()
    counts = (JobDescription.objects.count(), Vacancy.objects.count(), Suggestion.objects.count(), Role.objects.count())
    files = len(list(private_uploads.rglob("*.*")))
    load_jobs()
    assert (
        JobDescription.objects.count(),
        Vacancy.objects.count(),
        Suggestion.objects.count(),
        Role.objects.count(),
    ) == counts
    assert len(list(private_uploads.rglob("*.*"))) == files


def test_demo_pages_render(client):
    load_jobs()
    jd = JobDescription.objects.published().exclude(file="").first()
    for url in [
        "/jobs/",
        "/jobs/?q=data",
        "/jobs/roles/data-analyst/",
        "/jobs/salaries/",
        "/jobs/vacancies/",
        jd.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/jobs/descriptions/{jd.pk}/file/").status_code == 200
