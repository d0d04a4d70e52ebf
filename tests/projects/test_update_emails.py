"""Follower emails for a project update (issue 14, items 8 and 9).

An update is emailed only to followers who may still see the project, as
decided when the email task runs, not when the update was queued; and a
line break in a title never reaches, nor kills, an email.
"""

import pytest
from django.core import mail

from projects.models import Follow, Participation, ProjectUpdate
from projects.services import notify_followers, project_update_publish
from tests.factories import ParticipationFactory, ProjectFactory, UserFactory, borough

pytestmark = pytest.mark.django_db


def publish(project, author, title="GovWifi live"):
    return project_update_publish(
        project=project,
        by=author,
        title=title,
        body="All sites now offer **GovWifi**.",
        phase="live",
        health="on_track",
    )


def follower(slug, **kwargs):
    return UserFactory(email=f"follower@{slug}.example", borough=borough(slug), **kwargs)


@pytest.fixture
def author(camden):
    return UserFactory(cdio=True, borough=camden)


def test_a_follower_who_lost_access_to_a_private_project_gets_nothing(
    author, camden, hackney, django_capture_on_commit_callbacks
):
    project = ProjectFactory(private=True, lead_borough=camden)
    ParticipationFactory(project=project, borough=camden)
    ParticipationFactory(project=project, borough=hackney)
    stays = follower("hackney")
    islington = ParticipationFactory(project=project, borough=borough("islington"))
    leaves = follower("islington")
    central = UserFactory(central_team=True, email="central@loti.example")
    for user in (stays, leaves, central):
        Follow.objects.create(user=user, project=project)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        publish(project, author)
    # Islington leaves the project after the update was queued, before the worker sends it.
    Participation.objects.filter(pk=islington.pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    assert sorted(m.to[0] for m in mail.outbox) == ["central@loti.example", "follower@hackney.example"]


def test_a_follower_of_a_project_made_private_since_gets_nothing(author, camden, django_capture_on_commit_callbacks):
    project = ProjectFactory(lead_borough=camden)
    outsider = follower("hackney")
    Follow.objects.create(user=outsider, project=project)
    update = ProjectUpdate.objects.create(
        project=project, author=author, title="T", body="B", phase="alpha", health="on_track"
    )
    project.is_public = False
    project.save()
    assert notify_followers.call(update.pk) == 0
    assert mail.outbox == []


def test_a_public_projects_follower_gets_it(author, camden, django_capture_on_commit_callbacks):
    project = ProjectFactory(title="Seamless Wi-Fi", lead_borough=camden)
    Follow.objects.create(user=follower("hackney"), project=project)  # Hackney takes no part: public is enough
    Follow.objects.create(user=follower("bexley", is_active=False), project=project)  # a closed account: no
    with django_capture_on_commit_callbacks(execute=True):
        publish(project, author)
    (message,) = mail.outbox
    assert message.to == ["follower@hackney.example"]
    assert message.subject == "Seamless Wi-Fi: GovWifi live"
    assert "All sites now offer **GovWifi**." in message.body


def test_an_update_title_with_a_line_break_cannot_be_saved(cdio_client, camden):
    project = ProjectFactory(lead_borough=camden)
    data = {"title": "GovWifi\r\nBcc: all@evil.example", "body": "Text.", "phase": "alpha", "health": "on_track"}
    response = cdio_client.post(f"/projects/{project.slug}/updates/new/", data)
    assert response.status_code == 400
    assert "The title must be on one line: remove the line breaks" in response.text
    assert not ProjectUpdate.objects.exists()


def test_an_old_title_with_a_line_break_still_sends_on_one_line(author, camden, django_capture_on_commit_callbacks):
    project = ProjectFactory(title="Seamless\nWi-Fi", lead_borough=camden)
    Follow.objects.create(user=follower("hackney"), project=project)
    # Written before titles were checked: straight to the database, past the form.
    update = ProjectUpdate.objects.create(
        project=project, author=author, title="GovWifi\r\nlive", body="B", phase="alpha", health="on_track"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_followers.call(update.pk) == 1
    assert mail.outbox[0].subject == "Seamless Wi-Fi: GovWifi live"
