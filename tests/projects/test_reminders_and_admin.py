from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from projects.models import Participation, StaleReminder
from tests.factories import (
    DeliverableFactory,
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


def test_reminder_emails_cdio_and_editors_with_the_stale_rows(stale_camden):
    call_command("remind_stale_commitments")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["cdio@camden.example", "editor@camden.example"]
    assert "Camden: 2 LOTI commitments need checking" == message.subject
    assert "Seamless Wi-Fi: GovWifi (never updated)" in message.body
    assert "Seamless Wi-Fi: your borough's status and note (last updated" in message.body
    assert "/projects/my-borough/" in message.body


def test_reminder_is_sent_once_a_day(stale_camden):
    call_command("remind_stale_commitments")
    call_command("remind_stale_commitments")
    assert len(mail.outbox) == 1
    assert StaleReminder.objects.get().row_count == 2


def test_reminder_skips_boroughs_with_nothing_stale(stale_camden, camden):
    Participation.objects.update(updated_at=timezone.now())
    stale_camden.deliverables.all().delete()
    call_command("remind_stale_commitments")
    assert mail.outbox == []


def test_reminder_dry_run_sends_nothing(stale_camden, capsys):
    call_command("remind_stale_commitments", "--dry-run")
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
