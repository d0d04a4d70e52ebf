"""One job description: its page, its file, and suggestions to improve it."""

import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobDescription, Suggestion
from tests.conftest import ONLY_CENTRAL_TEAM
from tests.factories import JobDescriptionFactory, SuggestionFactory
from tests.jobs import files
from tests.jobs.conftest import opened_a_minute_ago

pytestmark = pytest.mark.django_db


def with_file(jd, data=files.PDF, file_type="pdf"):
    jd.external_url, jd.file_type, jd.file_size = "", file_type, len(data)
    jd.file.save(f"anything.{file_type}", ContentFile(data), save=False)
    jd.save()
    return jd


# The page ------------------------------------------------------------------------


def test_published_page_shows_the_job_description_to_everyone(any_role_client, data_analyst):
    jd = JobDescriptionFactory(
        role=data_analyst, title="Insight Analyst", grade="PO4", summary="Dashboards for housing.", salary_min=40_000
    )
    response = any_role_client.get(jd.get_absolute_url())
    assert response.status_code == 200
    assert "<h1" in response.text and "Insight Analyst" in response.text
    for text in (
        "Camden",
        "Inner London",
        "PO4",
        "£40,000 to £46,000 a year",
        "Included in the salary",
        "3 March 2025",
    ):
        assert text in response.text
    assert "Dashboards for housing." in response.text
    assert f'href="{jd.external_url}" rel="external noopener noreferrer"' in response.text
    assert "Read the job description on www.council.example" in response.text
    assert "Only the LOTI central team can see this page" not in response.text
    assert "Based on" not in response.text  # Camden's own version


def test_page_says_whose_version_it_is_based_on(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst, based_on="the Royal Borough of Greenwich")
    assert "Based on the Royal Borough of Greenwich's version." in client.get(jd.get_absolute_url()).text


@pytest.mark.parametrize("state", ["pending", "rejected", "withdrawn"])
def test_an_unpublished_page_is_only_for_the_central_team(any_role_client, data_analyst, state):
    jd = JobDescriptionFactory(role=data_analyst, **{state: True})
    response = any_role_client.get(jd.get_absolute_url())
    allowed = ONLY_CENTRAL_TEAM[any_role_client.role]
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Only the LOTI central team can see this page" in response.text
        assert "Suggest an improvement" not in response.text


def test_page_never_shows_the_contributor(client, data_analyst):
    jd = JobDescriptionFactory(
        role=data_analyst, contributor_name="Ada Lovelace", contributor_email="ada@hackney.example"
    )
    response = client.get(jd.get_absolute_url())
    assert "Ada Lovelace" not in response.text
    assert "ada@hackney.example" not in response.text


def test_page_lists_other_councils_versions_of_the_role(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    other = JobDescriptionFactory(role=data_analyst, elsewhere=True)
    JobDescriptionFactory(role=data_analyst, pending=True, council_name="Hidden Council", borough=None)
    response = client.get(jd.get_absolute_url())
    versions = response.text.split("Other councils' versions")[1]
    assert other.get_absolute_url() in versions
    assert "Leeds City Council" in versions
    assert "Hidden Council" not in response.text


def test_page_query_count_does_not_grow_with_suggestions_or_versions(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    SuggestionFactory(job_description=jd, approved=True)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(jd.get_absolute_url()).status_code == 200
        return len(queries)

    small = count()
    SuggestionFactory.create_batch(8, job_description=jd, approved=True)
    JobDescriptionFactory.create_batch(8, role=data_analyst)
    assert count() == small <= 12


# The file ------------------------------------------------------------------------


def test_file_is_served_as_an_attachment_with_a_fixed_name_and_nosniff(client, data_analyst, private_store):
    jd = with_file(JobDescriptionFactory(role=data_analyst))
    page = client.get(jd.get_absolute_url())
    assert f'href="/jobs/descriptions/{jd.pk}/file/"' in page.text
    assert "(PDF, 375" in page.text
    response = client.get(f"/jobs/descriptions/{jd.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="job-description-{jd.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("data", "file_type", "content_type"),
    [
        (files.docx_bytes(), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.odt_bytes(), "odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_docx_and_odt_files_have_their_own_type_and_extension(client, data_analyst, data, file_type, content_type):
    jd = with_file(JobDescriptionFactory(role=data_analyst), data, file_type)
    response = client.get(f"/jobs/descriptions/{jd.pk}/file/")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="job-description-{jd.pk}.{file_type}"'


def test_an_unpublished_job_descriptions_file_is_a_404_except_for_the_central_team(any_role_client, data_analyst):
    jd = with_file(JobDescriptionFactory(role=data_analyst, pending=True))
    response = any_role_client.get(f"/jobs/descriptions/{jd.pk}/file/")
    if ONLY_CENTRAL_TEAM[any_role_client.role]:
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404


def test_a_link_only_job_description_has_no_file_to_download(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    assert client.get(f"/jobs/descriptions/{jd.pk}/file/").status_code == 404


def test_a_missing_file_is_a_404_not_an_error(client, data_analyst, private_store):
    jd = with_file(JobDescriptionFactory(role=data_analyst))
    jd.file.storage.delete(jd.file.name)
    assert client.get(f"/jobs/descriptions/{jd.pk}/file/").status_code == 404


# Suggestions ---------------------------------------------------------------------


def suggestion(**overrides):
    return {
        "body": "Ask for experience with SQL rather than a degree.",
        "name": "Grace Hopper",
        "email": "Grace@Council.example",
        "website": "",
        "started": opened_a_minute_ago("suggest"),
        **overrides,
    }


def test_only_approved_suggestions_show_and_without_their_authors(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    SuggestionFactory(job_description=jd, body="Mention the apprenticeship route.", approved=True, name="Sam Seen")
    SuggestionFactory(job_description=jd, body="Waiting to be checked.")
    SuggestionFactory(job_description=jd, body="Turned down.", state="rejected", rejection_reason="Off topic.")
    response = client.get(jd.get_absolute_url())
    assert "Mention the apprenticeship route." in response.text
    assert "Waiting to be checked." not in response.text
    assert "Turned down." not in response.text
    assert "Sam Seen" not in response.text and "suggester" not in response.text


def test_suggest_form_is_open_to_everyone_for_published_job_descriptions(any_role_client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    assert any_role_client.get(f"/jobs/descriptions/{jd.pk}/suggest/").status_code == 200
    hidden = JobDescriptionFactory(role=data_analyst, pending=True)
    assert any_role_client.get(f"/jobs/descriptions/{hidden.pk}/suggest/").status_code == 404
    assert any_role_client.post(f"/jobs/descriptions/{hidden.pk}/suggest/", suggestion()).status_code == 404
    assert not Suggestion.objects.exists()


def test_a_suggestion_waits_for_moderation_and_is_acknowledged(
    client, data_analyst, django_capture_on_commit_callbacks
):
    jd = JobDescriptionFactory(role=data_analyst, title="Insight Analyst")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/descriptions/{jd.pk}/suggest/", suggestion(), follow=True)
    assert response.redirect_chain == [(jd.get_absolute_url(), 302)]
    assert "Thank you. Your suggestion will show here once the LOTI team has checked it." in response.text
    saved = Suggestion.objects.get()
    assert (saved.job_description, saved.state, saved.email) == (jd, "pending", "grace@council.example")
    assert "Ask for experience with SQL" not in response.text.split("Suggested improvements")[1]
    (email,) = mail.outbox
    assert email.to == ["grace@council.example"]
    assert "Insight Analyst" in email.body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": "   "}, "Enter your suggestion"),
        ({"body": "x" * 3001}, "Your suggestion must be 3,000 characters or fewer"),
        ({"name": ""}, "Enter your name"),
        ({"email": "nope"}, "Enter an email address in the correct format, like name@council.gov.uk"),
        ({"website": "http://spam.example"}, "The form could not be sent. Check your answers and send it again."),
    ],
)
def test_a_bad_suggestion_is_refused_and_what_was_typed_is_kept(client, data_analyst, overrides, message):
    jd = JobDescriptionFactory(role=data_analyst)
    data = suggestion(**overrides)
    response = client.post(f"/jobs/descriptions/{jd.pk}/suggest/", data)
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.text
    assert message in response.text
    assert not Suggestion.objects.exists()
    if data["name"]:
        assert re.search(r'name="name"[^>]*value="Grace Hopper"', response.text)


def test_suggestions_are_throttled_per_address(client, data_analyst, settings):
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 2
    jd = JobDescriptionFactory(role=data_analyst)
    url = f"/jobs/descriptions/{jd.pk}/suggest/"
    assert client.post(url, suggestion()).status_code == 302
    assert client.post(url, suggestion()).status_code == 302
    response = client.post(url, suggestion(body="A third idea."))
    assert response.status_code == 429
    assert "A third idea." in response.text
    assert Suggestion.objects.count() == 2


def test_contributing_and_suggesting_are_throttled_separately(client, data_analyst, settings):
    from tests.jobs.conftest import contribution

    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 1
    jd = JobDescriptionFactory(role=data_analyst)
    assert client.post(f"/jobs/descriptions/{jd.pk}/suggest/", suggestion()).status_code == 302
    assert client.post("/jobs/contribute/", contribution(data_analyst)).status_code == 302
    assert JobDescription.objects.count() == 2
