"""/jobs/contribute/: anyone contributes a job description with its salary; it waits for moderation."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from jobs.models import FormSubmission, JobDescription
from jobs.uploads import private_storage, uploads_kept_only_if_committed
from tests.factories import JobDescriptionFactory
from tests.jobs import files
from tests.jobs.conftest import contribution, stored_files

pytestmark = pytest.mark.django_db

URL = "/jobs/contribute/"


def error_summary(response):
    """The messages in the GOV.UK error summary, in order."""
    assert 'class="govuk-error-summary"' in response.text
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    return [html.unescape(re.sub(r"\s+", " ", m).strip()) for m in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)]


def field_value(response, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.text)
    return match and match.group(1)


# Who may see and use the form ----------------------------------------------------


def test_contribute_form_is_open_to_everyone(any_role_client, data_analyst):
    response = any_role_client.get(URL)
    assert response.status_code == 200
    assert "<h1" in response.text and "Contribute a job description" in response.text
    assert 'name="website"' in response.text  # the honeypot
    assert 'name="started"' in response.text


def test_honeypot_is_hidden_by_a_class_labelled_and_kept_out_of_the_tab_order(client, data_analyst):
    response = client.get(URL)
    honeypot = response.text.split('class="loti-honeypot"')[1].split("</div>\n</div>")[0]
    assert "Leave this empty" in honeypot
    assert re.search(r'<input[^>]*name="website"[^>]*autocomplete="off"', honeypot)
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', honeypot)
    assert "style=" not in response.text


# Contributing --------------------------------------------------------------------


def test_contributing_a_link_stores_it_for_moderation_and_acknowledges_by_email(
    client, data_analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, contribution(data_analyst))
    assert response.status_code == 302
    assert response["Location"] == "/jobs/contribute/sent/"
    jd = JobDescription.objects.get()
    assert jd.state == "pending"
    assert (jd.title, jd.council_name, jd.borough.slug) == ("Data Analyst (Housing)", "Camden", "camden")
    assert (jd.salary_min, jd.salary_max, jd.london_weighting) == (42_000, 48_000, "included")
    assert jd.advertised_on.isoformat() == "2025-03-03"
    assert jd.external_url == "https://www.camden.gov.uk/jobs/data-analyst"
    assert not jd.file
    assert (jd.contributor_name, jd.contributor_email) == ("Ada Contributor", "ada@camden.example")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@camden.example"]
    assert mail.outbox[0].subject == "We have received your job description"
    assert "Data Analyst (Housing), Camden" in mail.outbox[0].body
    done = client.get(response["Location"])
    assert "Job description sent" in done.text


@pytest.mark.parametrize(
    ("name", "data", "file_type"),
    [
        ("analyst.pdf", files.PDF, "pdf"),
        ("Analyst JD 2025.DOCX", files.docx_bytes(), "docx"),
        ("analyst.final.odt", files.odt_bytes(), "odt"),
    ],
)
def test_contributing_a_real_file_stores_it_under_a_random_name_in_the_private_folder(
    client, data_analyst, private_uploads, name, data, file_type
):
    post = contribution(data_analyst, external_url="", document=files.upload(name, data))
    response = client.post(URL, post)
    assert response.status_code == 302
    jd = JobDescription.objects.get()
    assert (jd.file_type, jd.file_size) == (file_type, len(data))
    (stored,) = stored_files(private_uploads)
    assert stored.read_bytes() == data
    assert re.fullmatch(rf"[0-9a-f]{{32}}\.{file_type}", stored.name)  # nothing of the contributor's name
    assert "analyst" not in jd.file.name.lower()
    for public_root in (settings.STATIC_ROOT, settings.BASE_DIR / "static", getattr(settings, "MEDIA_ROOT", "")):
        if public_root:
            assert not stored.resolve().is_relative_to(Path(public_root).resolve())


def test_a_council_outside_london_is_named_and_has_no_borough(client, data_analyst):
    response = client.post(URL, contribution(data_analyst, council="other", other_council="Leeds City Council"))
    assert response.status_code == 302
    jd = JobDescription.objects.get()
    assert jd.borough is None
    assert jd.council_name == "Leeds City Council"


def test_salaries_may_be_typed_with_pound_signs_and_commas(client, data_analyst):
    client.post(URL, contribution(data_analyst, salary_min="£42,000", salary_max=" 48,500 "))
    assert JobDescription.objects.values_list("salary_min", "salary_max").get() == (42_000, 48_500)


def test_a_contribution_is_not_public_until_published(client, data_analyst):
    client.post(URL, contribution(data_analyst))
    jd = JobDescription.objects.get()
    assert "Data Analyst (Housing)" not in client.get("/jobs/").text
    assert client.get(jd.get_absolute_url()).status_code == 404


# Bad input: a clear error, a 400, nothing written, nothing lost ------------------

BAD_INPUT = [
    (
        {"salary_min": "52000", "salary_max": "48000"},
        "salary_max",
        "The maximum salary must be the same as or more than the minimum salary",
    ),
    ({"salary_min": "-5000"}, "salary_min", "The minimum salary cannot be negative"),
    ({"salary_max": "2500000"}, "salary_max", "The maximum salary must be between £10,000 and £250,000 a year"),
    ({"salary_min": "900"}, "salary_min", "The minimum salary must be between £10,000 and £250,000 a year"),
    (
        {"salary_min": "forty thousand"},
        "salary_min",
        "Enter the minimum salary as a number of pounds a year, like 42000",
    ),
    ({"salary_max": ""}, "salary_max", "Enter the maximum salary"),
    (
        {"advertised_on_2": str(timezone.localdate().year + 1)},
        "advertised_on",
        "The date advertised must be today or in the past",
    ),
    ({"advertised_on_0": "31", "advertised_on_1": "2"}, "advertised_on", "The date advertised must be a real date"),
    (
        {"advertised_on_0": "", "advertised_on_1": "", "advertised_on_2": ""},
        "advertised_on",
        "Enter the date the job was advertised",
    ),
    (
        {"advertised_on_2": "2009"},
        "advertised_on",
        "The date advertised must be in 2015 or later: older salaries would mislead",
    ),
    ({"external_url": ""}, "document", "Select a file, or enter a link to the job description"),
    (
        {"external_url": "not a link"},
        "external_url",
        "Enter the link in the correct format, like https://www.council.gov.uk/jobs/data-analyst",
    ),
    ({"title": ""}, "title", "Enter the job title as it was advertised"),
    ({"role": ""}, "role", "Choose the role that fits the job best"),
    ({"council": ""}, "council", "Select your council"),
    ({"council": "other"}, "other_council", "Enter your council's name"),
    (
        {"other_council": "Leeds City Council"},
        "other_council",
        "Choose 'Another UK council' above, or remove this name",
    ),
    ({"london_weighting": ""}, "london_weighting", "Choose whether the salary includes London weighting"),
    (
        {"contributor_email": "ada at camden"},
        "contributor_email",
        "Enter an email address in the correct format, like name@council.gov.uk",
    ),
    ({"contributor_name": ""}, "contributor_name", "Enter your name"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_the_govuk_error_and_nothing_is_written(
    client, data_analyst, overrides, field, message
):
    post = contribution(data_analyst, **overrides)
    response = client.post(URL, post)
    assert response.status_code == 400
    assert message in error_summary(response)
    assert response.text.count(html.escape(message)) == 2  # in the summary and beside the field
    assert "<title>Error: " in response.text
    assert JobDescription.objects.count() == 0
    assert len(mail.outbox) == 0
    # Everything typed comes back, whatever was wrong.
    for name in ("title", "grade", "contributor_name", "contributor_email", "salary_min", "salary_max"):
        if post[name]:
            assert field_value(response, name) == post[name].replace("'", "&#x27;")
    if post["summary"]:
        assert post["summary"] in response.text


def test_a_file_and_a_link_together_are_refused(client, data_analyst, private_store):
    post = contribution(data_analyst, document=files.upload("jd.pdf", files.PDF))
    response = client.post(URL, post)
    assert response.status_code == 400
    assert "Select a file or enter a link, not both" in error_summary(response)
    assert JobDescription.objects.count() == 0
    assert stored_files(private_store) == []


def test_the_database_refuses_a_minimum_over_the_maximum(data_analyst):
    from tests.factories import JobDescriptionFactory

    with pytest.raises(IntegrityError):
        JobDescriptionFactory(role=data_analyst, salary_min=60_000, salary_max=50_000)


def test_the_database_refuses_a_job_description_with_neither_file_nor_link(data_analyst):
    from tests.factories import JobDescriptionFactory

    with pytest.raises(IntegrityError):
        JobDescriptionFactory(role=data_analyst, external_url="")


# Robots: the honeypot, the clock and the throttle ----------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client, data_analyst, private_store):
    post = contribution(
        data_analyst, website="https://spam.example", external_url="", document=files.upload("jd.pdf", files.PDF)
    )
    response = client.post(URL, post)
    assert response.status_code == 400
    assert "The form could not be sent. Check your answers and send it again." in error_summary(response)
    assert JobDescription.objects.count() == 0
    assert stored_files(private_store) == []
    assert len(mail.outbox) == 0
    assert FormSubmission.objects.count() == 0  # robots must not use up an office's limit


def test_a_form_sent_seconds_after_it_was_shown_is_refused_then_accepted_when_sent_again(
    client, data_analyst, settings
):
    page = client.get(URL)
    started = field_value(page, "started")
    response = client.post(URL, contribution(data_analyst, started=started))
    assert response.status_code == 400
    assert "The form was sent too quickly after it was opened. Check your answers and send it again." in error_summary(
        response
    )
    assert field_value(response, "started") == started  # the clock keeps running from when it was shown
    settings.JOBS_FORM_MIN_SECONDS = 0  # as if the person took a moment to check
    assert client.post(URL, contribution(data_analyst, started=started)).status_code == 302
    assert JobDescription.objects.count() == 1


@pytest.mark.parametrize("started", ["", "1700000000", "1700000000:forged-signature"])
def test_a_missing_or_forged_clock_is_refused_and_a_fresh_one_issued(client, data_analyst, started):
    response = client.post(URL, contribution(data_analyst, started=started))
    assert response.status_code == 400
    assert "The form could not be sent. Check your answers and send it again." in error_summary(response)
    fresh = field_value(response, "started")
    assert fresh and fresh != started and ":" in fresh
    assert JobDescription.objects.count() == 0


def test_an_address_is_throttled_after_the_hourly_limit(client, data_analyst, settings):
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 3
    for n in range(3):
        assert client.post(URL, contribution(data_analyst, title=f"Analyst {n}")).status_code == 302
    response = client.post(URL, contribution(data_analyst, title="One too many"))
    assert response.status_code == 429
    assert (
        "You have sent this form many times in the last hour. Try again in an hour, or email the LOTI team."
        in error_summary(response)
    )
    assert field_value(response, "title") == "One too many"
    assert JobDescription.objects.count() == 3
    # Another address is not affected.
    other = client.post(URL, contribution(data_analyst, title="Elsewhere"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_throttle_forgets_after_an_hour_and_old_records_are_removed(client, data_analyst, settings):
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 1
    old = timezone.now() - timezone.timedelta(hours=2)
    FormSubmission.objects.create(form="contribute", ip_address="127.0.0.1", created_at=old)
    ancient = FormSubmission.objects.create(
        form="contribute", ip_address="127.0.0.1", created_at=timezone.now() - timezone.timedelta(days=2)
    )
    assert client.post(URL, contribution(data_analyst)).status_code == 302
    assert not FormSubmission.objects.filter(pk=ancient.pk).exists()


def test_the_stylesheet_moves_the_honeypot_off_screen():
    css = (settings.BASE_DIR / "static" / "css" / "loti.css").read_text()
    rule = css.split(".loti-honeypot{")[1].split("}")[0]
    assert "left:-10000px" in rule and "position:absolute" in rule


# Failures after the file is written ------------------------------------------------


def test_a_contribution_that_fails_after_its_file_is_written_leaves_no_file(
    client, data_analyst, private_store, monkeypatch
):
    """The row and the throttle record commit together; if that fails, the file goes too."""

    def database_gone(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr("jobs.views.record_submission", database_gone)
    post = contribution(data_analyst, external_url="", document=files.upload("jd.pdf", files.PDF))
    with pytest.raises(OperationalError):
        client.post(URL, post)
    assert JobDescription.objects.count() == 0
    assert stored_files(private_store) == []


def test_files_saved_in_a_nested_block_go_when_the_outer_one_fails(private_store):
    with pytest.raises(RuntimeError), uploads_kept_only_if_committed():
        with uploads_kept_only_if_committed():
            private_storage.save("kept-for-now.pdf", ContentFile(files.PDF))
        assert len(stored_files(private_store)) == 1
        raise RuntimeError("the commit failed")
    assert stored_files(private_store) == []


def test_files_saved_in_a_block_that_succeeds_stay(private_store):
    with uploads_kept_only_if_committed():
        name = private_storage.save("kept.pdf", ContentFile(files.PDF))
    assert private_storage.exists(name)


# A job description like one already in the library ---------------------------------


def test_a_job_description_like_one_in_the_library_is_questioned_first_then_accepted_once_confirmed(
    client, data_analyst
):
    JobDescriptionFactory(
        role=data_analyst,
        title=" data analyst (housing) ",
        salary_min=42_000,
        salary_max=48_000,
        pending=True,
    )
    before = JobDescription.objects.count()
    response = client.post(URL, contribution(data_analyst))
    assert response.status_code == 400
    assert JobDescription.objects.count() == before
    assert error_summary(response) == [
        "This looks like a job description already in the library: data analyst (housing), Camden, "
        "£42,000 to £48,000. Is this a new version? If it is, tick ‘Yes, this is a new version’."
    ]
    assert 'href="#id_new_version"' in response.text and 'id="id_new_version"' in response.text
    assert field_value(response, "title") == "Data Analyst (Housing)"  # what was typed is kept
    confirmed = client.post(URL, contribution(data_analyst, new_version="on"))
    assert confirmed.status_code == 302
    assert JobDescription.objects.count() == before + 1


def test_the_same_title_at_another_salary_is_not_questioned(client, data_analyst):
    JobDescriptionFactory(role=data_analyst, title="Data Analyst (Housing)", salary_min=30_000)
    response = client.post(URL, contribution(data_analyst))
    assert response.status_code == 302
    assert 'id="id_new_version"' not in client.get(URL).text
