"""The central team's side, in the admin: moderation with emails and history, bulk import and export."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import JobDescription, Suggestion
from tests.conftest import ONLY_CENTRAL_TEAM
from tests.factories import JobDescriptionFactory, RoleFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/jobs/jobdescription/"
IMPORT = "/admin/jobs/jobdescription/import/"


def act(client, action, objects, url=CHANGELIST, follow=False, **extra):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects], **extra}, follow=follow)


# Who may moderate ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [CHANGELIST, IMPORT, "/admin/jobs/jobdescription/export/", "/admin/jobs/suggestion/", "/admin/jobs/vacancy/"],
)
def test_only_the_central_team_reaches_the_jobs_admin(any_role_client, data_analyst, url):
    response = any_role_client.get(url)
    if ONLY_CENTRAL_TEAM[any_role_client.role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))


def test_moderation_queue_shows_pending_job_descriptions_with_their_documents(central_client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst, title="Waiting Analyst", pending=True)
    response = central_client.get(CHANGELIST + "?state__exact=pending")
    assert "Waiting Analyst" in response.text
    assert "£40,000 to £46,000" in response.text
    assert f'href="{jd.external_url}"' in response.text
    assert "Import from CSV" in response.text


# Publishing and rejecting --------------------------------------------------------


def test_publishing_in_bulk_emails_each_contributor_and_records_who(
    central_client, data_analyst, django_capture_on_commit_callbacks
):
    first = JobDescriptionFactory(role=data_analyst, pending=True, contributor_email="one@council.example")
    second = JobDescriptionFactory(role=data_analyst, pending=True, contributor_email="two@council.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(central_client, "publish_selected", [first, second], follow=True)
    assert "Published 2 job descriptions." in response.text
    for jd in (first, second):
        jd.refresh_from_db()
        assert jd.state == "published"
        assert jd.published_at and jd.moderated_by == central_client.user
    assert sorted(m.to[0] for m in mail.outbox) == ["one@council.example", "two@council.example"]
    assert all(m.subject == "Your job description is in the LOTI library" for m in mail.outbox)
    assert f"/jobs/descriptions/{first.pk}/" in next(m for m in mail.outbox if m.to == ["one@council.example"]).body
    assert central_client.get(first.get_absolute_url()).status_code == 200


def test_publishing_an_already_published_one_changes_nothing_and_says_why(central_client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    response = act(central_client, "publish_selected", [jd], follow=True)
    assert "is already published" in response.text
    assert len(mail.outbox) == 0


def test_rejecting_asks_for_a_reason_then_emails_it(central_client, data_analyst, django_capture_on_commit_callbacks):
    jd = JobDescriptionFactory(role=data_analyst, pending=True, title="Not Really Digital")
    page = act(central_client, "reject_selected", [jd])
    assert page.status_code == 200
    assert "Reject 1 job description" in page.text
    assert "Not Really Digital" in page.text
    assert JobDescription.objects.get().state == "pending"
    # No reason: asked again, nothing changes.
    again = act(central_client, "reject_selected", [jd], apply="1", reason="  ")
    assert again.status_code == 200
    assert "This field is required." in again.text
    reason = "It is a facilities role, not a digital one."
    with django_capture_on_commit_callbacks(execute=True):
        done = act(central_client, "reject_selected", [jd], apply="1", reason=reason, follow=True)
    assert "Rejected 1 job description." in done.text
    jd.refresh_from_db()
    assert (jd.state, jd.rejection_reason) == ("rejected", reason)
    (email,) = mail.outbox
    assert email.subject == "We could not publish your job description"
    assert reason in email.body
    assert central_client.get(jd.get_absolute_url()).status_code == 200
    assert central_client.logout() is None


def test_withdrawing_takes_a_published_one_out_of_the_library(central_client, client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst, title="Withdraw Me")
    act(central_client, "withdraw_selected", [jd])
    jd.refresh_from_db()
    assert jd.state == "withdrawn"
    assert "Withdraw Me" not in client.get("/jobs/").text
    assert client.get(jd.get_absolute_url()).status_code == 404
    assert len(mail.outbox) == 0


def test_every_state_change_is_in_the_history_with_who_made_it(central_client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst, pending=True)
    act(central_client, "publish_selected", [jd])
    act(central_client, "withdraw_selected", [jd])
    history = list(jd.history.order_by("history_date").values_list("state", "history_user"))
    assert history[-2:] == [("published", central_client.user.pk), ("withdrawn", central_client.user.pk)]
    page = central_client.get(f"/admin/jobs/jobdescription/{jd.pk}/history/")
    assert page.status_code == 200
    assert "withdrawn" in page.text.lower()


def test_editing_in_the_admin_names_a_boroughs_council_and_refreshes_search(central_client, data_analyst, camden):
    jd = JobDescriptionFactory(role=data_analyst, elsewhere=True, title="Old Title")
    response = central_client.post(
        f"/admin/jobs/jobdescription/{jd.pk}/change/",
        {
            "title": "Urban Data Analyst",
            "role": data_analyst.pk,
            "borough": camden.pk,
            "council_name": "",
            "grade": "",
            "salary_min": 40000,
            "salary_max": 45000,
            "london_weighting": "included",
            "advertised_on": "2025-03-03",
            "external_url": jd.external_url,
            "summary": "",
            "contributor_name": "",
            "contributor_email": "",
        },
    )
    assert response.status_code == 302, response.text
    jd.refresh_from_db()
    assert (jd.title, jd.council_name) == ("Urban Data Analyst", "Camden")
    assert JobDescription.objects.search("urban").get() == jd


# Suggestions ---------------------------------------------------------------------


def test_approving_a_suggestion_shows_it_on_the_page_and_emails_its_author(
    central_client, client, data_analyst, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(job_description=JobDescriptionFactory(role=data_analyst), body="Add SQL.")
    with django_capture_on_commit_callbacks(execute=True):
        act(central_client, "approve_selected", [suggestion], url="/admin/jobs/suggestion/")
    suggestion.refresh_from_db()
    assert suggestion.state == "approved"
    assert "Add SQL." in client.get(suggestion.job_description.get_absolute_url()).text
    assert mail.outbox[0].to == [suggestion.email]


def test_rejecting_a_suggestion_needs_a_reason(central_client, data_analyst, django_capture_on_commit_callbacks):
    suggestion = SuggestionFactory(job_description=JobDescriptionFactory(role=data_analyst))
    with django_capture_on_commit_callbacks(execute=True):
        act(
            central_client,
            "reject_selected",
            [suggestion],
            url="/admin/jobs/suggestion/",
            apply="1",
            reason="Duplicate.",
        )
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.rejection_reason) == ("rejected", "Duplicate.")
    assert "Duplicate." in mail.outbox[0].body
    assert list(Suggestion.history.values_list("state", flat=True).order_by("history_date")) == ["pending", "rejected"]


# Import and export ---------------------------------------------------------------

HEADER = "title,role,council,grade,salary_min,salary_max,london_weighting,advertised_on,link,summary,based_on\n"


def csv_file(text, name="jds.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_import_previews_every_row_then_imports_them_all(central_client, data_analyst):
    text = HEADER + (
        "Insight Analyst,data-analyst,Royal Borough of Greenwich,PO4,38000,44000,included,2025-02-01,"
        "https://www.royalgreenwich.gov.uk/jobs/1,Greenwich's insight team.\n"
        'Data Analyst,Data analyst,Leeds City Council,,"£32,000",36000,none,01/03/2025,https://jobs.leeds.gov.uk/2,,'
        "the Royal Borough of Greenwich\n"
    )
    preview = central_client.post(IMPORT, {"file": csv_file(text), "publish": "on"})
    assert preview.status_code == 200
    assert "Check the 2 job descriptions to import" in preview.text
    assert JobDescription.objects.count() == 0  # nothing yet
    payload = preview.text.split('name="payload" value="')[1].split('"')[0]
    done = central_client.post(IMPORT, {"confirm": "1", "payload": payload, "publish": "yes"}, follow=True)
    assert "Imported 2 job descriptions, published." in done.text
    greenwich, leeds = JobDescription.objects.order_by("pk")
    assert (greenwich.borough.slug, greenwich.council_name, greenwich.state) == ("greenwich", "Greenwich", "published")
    assert (leeds.borough, leeds.council_name, leeds.salary_min) == (None, "Leeds City Council", 32_000)
    assert leeds.advertised_on.isoformat() == "2025-03-01"
    assert (greenwich.based_on, leeds.based_on) == ("", "the Royal Borough of Greenwich")
    assert greenwich.history.first().history_user == central_client.user
    assert len(mail.outbox) == 0


def test_import_shows_row_level_errors_and_imports_nothing(central_client, data_analyst):
    JobDescriptionFactory(role=data_analyst, title="Already Here", advertised_on="2025-01-01")
    text = HEADER + (
        "Good Analyst,data-analyst,Camden,,40000,45000,included,2025-01-01,https://camden.example/1,\n"
        "Backwards,data-analyst,Camden,,50000,45000,included,2025-01-01,https://camden.example/2,\n"
        "Unknown Role,astronaut,Camden,,40000,45000,included,2025-01-01,https://camden.example/3,\n"
        "Bad Date,data-analyst,Camden,,40000,45000,sometimes,next week,not a link,\n"
        "Already Here,data-analyst,Camden,,40000,45000,included,2025-01-01,https://camden.example/4,\n"
        "Good Analyst,data-analyst,Camden,,40000,45000,included,2025-01-01,https://camden.example/5,\n"
        ",data-analyst,Camden,,5,45000,included,2099-01-01,https://camden.example/6,\n"
    )
    response = central_client.post(IMPORT, {"file": csv_file(text)})
    assert response.status_code == 200
    assert "Nothing was imported: 6 problems to fix" in response.text
    for message in (
        "The minimum salary is more than the maximum.",
        "No role called &#x27;astronaut&#x27;",
        "London weighting must be one of: included, on_top, none.",
        "The date advertised must be a date like 2025-03-27, not &#x27;next week&#x27;.",
        "The link must be a web address",
        "Already in the library (same title, council and date advertised).",
        "The same as line 2.",
        "Enter a title.",
        "The minimum salary must be between £10,000 and £250,000.",
        "The date advertised is in the future.",
    ):
        assert message in response.text, message
    assert 'name="payload"' not in response.text
    assert JobDescription.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("title,role\nx,y\n", "jds.csv", "Missing: council, salary_min, salary_max"),
        (HEADER, "jds.csv", "The file has no rows under its header."),
        (HEADER, "jds.xlsx", "Choose a .csv file."),
    ],
)
def test_import_refuses_files_it_cannot_read(central_client, data_analyst, content, name, message):
    response = central_client.post(IMPORT, {"file": csv_file(content, name)})
    assert message in response.text
    assert JobDescription.objects.count() == 0


def test_import_refuses_a_tampered_preview(central_client, data_analyst):
    response = central_client.post(IMPORT, {"confirm": "1", "payload": "forged", "publish": "yes"}, follow=True)
    assert "The preview had expired: upload the file again." in response.text
    assert JobDescription.objects.count() == 0


def test_export_writes_the_import_format_and_imports_again(central_client, data_analyst):
    JobDescriptionFactory(
        role=data_analyst, title="=cmd|' /C calc'!A0", grade="PO4", summary="Round trip.", based_on="Kent"
    )
    response = central_client.get("/admin/jobs/jobdescription/export/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert ",".join(header) + "\n" == HEADER
    assert row[0] == "'=cmd|' /C calc'!A0"  # neutralised for spreadsheets
    assert row[1:8] == ["data-analyst", "Camden", "PO4", "40000", "46000", "included", "2025-03-03"]
    assert row[10] == "Kent"
    assert "@" not in text  # no contributor emails, even for the central team's export
    JobDescription.objects.all().delete()
    preview = central_client.post(IMPORT, {"file": csv_file(text)})
    assert "Check the 1 job description to import" in preview.text


def test_export_action_exports_only_the_selected(central_client, data_analyst):
    keep = JobDescriptionFactory(role=data_analyst, title="Keep")
    JobDescriptionFactory(role=RoleFactory(), title="Skip")
    response = act(central_client, "export_selected", [keep])
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Keep"]
