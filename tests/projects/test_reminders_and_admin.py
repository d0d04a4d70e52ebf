import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from projects.models import Participation, StaleReminder
from tests.factories import (
    DeliverableFactory,
    DeliverableStatusFactory,
    ParticipationFactory,
    ProjectFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_camden(camden, settings):
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    project = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=project, borough=camden, updated_at=timezone.now() - timedelta(days=45), version=1)
    DeliverableFactory(project=project, name="GovWifi")  # never updated by Camden
    UserFactory(email="cdio@camden.example", borough=camden, cdio=True)
    UserFactory(email="editor@camden.example", borough=camden, editor=True)
    UserFactory(email="member@camden.example", borough=camden)
    UserFactory(email="gone@camden.example", borough=camden, editor=True, is_active=False)
    return project


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the command; the emails it queues with each day's record are delivered."""

    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_stale_commitments", *args)

    return run


def test_reminder_emails_cdio_and_editors_with_the_stale_rows(stale_camden, remind):
    remind()
    # One message each (outbox), so nobody sees the others' addresses.
    assert sorted(m.to[0] for m in mail.outbox) == ["cdio@camden.example", "editor@camden.example"]
    message = mail.outbox[0]
    assert "Camden: 2 LOTI commitments need checking" == message.subject
    assert "Seamless Wi-Fi: GovWifi (never updated)" in message.body
    assert "Seamless Wi-Fi: your borough's status and note (last updated" in message.body
    assert "/projects/my-borough/" in message.body


def test_reminder_tells_people_what_the_task_list_really_offers(stale_camden, remind, cdio_client):
    remind()
    body = mail.outbox[0].body
    # The single page with its "correct today" box became a task list with a button per project.
    assert "Everything on this page is correct today" not in body and "all on one page" not in body
    assert '"Confirm nothing has changed"' in body
    # ...the button the question page really has.
    page = cdio_client.get(reverse("projects:my_borough_project", kwargs={"slug": stale_camden.slug}))
    assert "Confirm nothing has changed</button>" in page.text


def test_reminder_is_sent_once_a_day(stale_camden, remind):
    remind()
    remind()
    assert len(mail.outbox) == 2
    assert StaleReminder.objects.get().row_count == 2


def test_reminder_skips_boroughs_with_nothing_stale(stale_camden, camden, remind):
    Participation.objects.update(updated_at=timezone.now())
    stale_camden.deliverables.all().delete()
    remind()
    assert mail.outbox == []


def test_reminder_dry_run_sends_nothing(stale_camden, capsys, remind):
    remind("--dry-run")
    assert mail.outbox == []
    assert not StaleReminder.objects.exists()
    assert "Camden: 2 stale rows, would email cdio@camden.example, editor@camden.example" in capsys.readouterr().out


def test_admin_change_to_a_participation_is_stamped_and_in_history(central_client, camden):
    participation = ParticipationFactory(borough=camden)
    url = f"/admin/projects/participation/{participation.pk}/change/"
    assert central_client.get(url).status_code == 200
    response = central_client.post(
        url,
        {
            "project": participation.project.pk,
            "borough": camden.pk,
            "role": "lead",
            "status": "blocked",
            "note": "Waiting for the supplier",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.status, participation.updated_by, participation.version) == (
        "blocked",
        central_client.user,
        1,
    )
    history = participation.history.first()
    assert history.history_user == central_client.user and history.status == "blocked"
    history_page = central_client.get(f"/admin/projects/participation/{participation.pk}/history/")
    assert history_page.status_code == 200
    assert central_client.user.email in history_page.text or central_client.user.get_full_name() in history_page.text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/projects/project/",
        "/admin/projects/participation/",
        "/admin/projects/deliverablestatus/",
        "/admin/projects/measurecontribution/",
        "/admin/projects/signatory/",
        "/admin/projects/agreement/",
        "/admin/projects/projectupdate/",
        "/admin/projects/theme/",
    ],
)
def test_admin_lists_open_for_the_central_team_only(central_client, client_for, path):
    ParticipationFactory(borough=borough("camden"))
    assert central_client.get(path).status_code == 200
    assert central_client.get(path, {"q": "camden"}).status_code == 200
    assert client_for("cdio").get(path).status_code == 302


# A status worked out from commitments is never typed in the admin ------------------------


@pytest.fixture
def wifi_participation(camden):
    """Camden in a project with a deliverable it has done, its stored status saying otherwise."""
    participation = ParticipationFactory(borough=camden, status="blocked")
    DeliverableStatusFactory(deliverable__project=participation.project, borough=camden, state="done")
    return participation


def test_admin_list_shows_the_worked_out_status(central_client, wifi_participation):
    chosen = ParticipationFactory(borough=borough("hackney"), status="blocked")  # a project without commitments
    page = central_client.get("/admin/projects/participation/").text
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    camden = next(row for row in rows if f"/{wifi_participation.pk}/change/" in row)
    hackney = next(row for row in rows if f"/{chosen.pk}/change/" in row)
    assert '<td class="field-shown_status">Done</td>' in camden
    assert '<td class="field-shown_status">Blocked</td>' in hackney


def test_admin_form_hides_the_typed_status_where_the_project_has_commitments(central_client, wifi_participation):
    url = f"/admin/projects/participation/{wifi_participation.pk}/change/"
    page = central_client.get(url).text
    assert 'name="status"' not in page
    assert "Done. Worked out from the borough&#x27;s commitments in this project" in page
    response = central_client.post(
        url,
        {
            "project": wifi_participation.project.pk,
            "borough": wifi_participation.borough.pk,
            "role": "lead",
            "status": "not_started",
            "note": "Typed",
        },
    )
    assert response.status_code == 302
    wifi_participation.refresh_from_db()
    assert (wifi_participation.status, wifi_participation.role, wifi_participation.note) == ("blocked", "lead", "Typed")


def test_admin_project_inline_hides_the_typed_status_where_it_has_commitments(central_client, wifi_participation):
    page = central_client.get(f"/admin/projects/project/{wifi_participation.project.pk}/change/").text
    assert "participations-0-status" not in page and "participations-__prefix__-status" not in page
    assert "Worked out from the borough&#x27;s commitments" in page
    plain = ParticipationFactory(borough=borough("hackney"))
    page = central_client.get(f"/admin/projects/project/{plain.project.pk}/change/").text
    assert 'name="participations-0-status"' in page
