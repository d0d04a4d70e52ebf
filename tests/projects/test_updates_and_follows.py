import pytest
from django.core import mail

from projects.models import Follow, ProjectUpdate
from tests.factories import ProjectFactory, UserFactory, borough

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(camden):
    # Camden leads, so the Camden CDIO may post updates.
    return ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi", lead_borough=camden, phase="alpha")


def update_url(project):
    return f"/projects/{project.slug}/updates/new/"


POST_UPDATE_MATRIX = {
    "anonymous": 302,  # to sign in
    "member": 404,
    "editor": 404,
    "cdio": 200,  # CDIO of the lead borough
    "other_member": 404,
    "other_editor": 404,
    "other_cdio": 404,
    "central_team": 200,
}


def test_post_update_permission_matrix(any_role_client, project):
    response = any_role_client.get(update_url(project))
    assert response.status_code == POST_UPDATE_MATRIX[any_role_client.role]
    data = {"title": "Progress", "body": "Going well.", "phase": "beta", "health": "on_track"}
    response = any_role_client.post(update_url(project), data)
    allowed = POST_UPDATE_MATRIX[any_role_client.role] == 200
    assert ProjectUpdate.objects.exists() is allowed
    if allowed:
        assert response.status_code == 302


def test_post_update_link_shows_only_to_those_who_may(client_for, project):
    assert "Post an update" in client_for("cdio").get(project.get_absolute_url()).text
    assert "Post an update" not in client_for("other_cdio").get(project.get_absolute_url()).text
    assert "Post an update" not in client_for("editor").get(project.get_absolute_url()).text


def test_publishing_sets_phase_and_health_and_emails_followers_after_commit(
    cdio_client, project, django_capture_on_commit_callbacks
):
    follower = UserFactory(email="follower@hackney.example", borough=borough("hackney"))
    Follow.objects.create(user=follower, project=project)
    Follow.objects.create(user=cdio_client.user, project=project)  # the author is not emailed
    data = {
        "title": "GovWifi live in Camden",
        "body": "All **Camden** sites now offer GovWifi.",
        "phase": "live",
        "health": "at_risk",
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = cdio_client.post(update_url(project), data)
    assert response.status_code == 302
    # One task queued after commit for the followers; it queues one message each (outbox).
    assert len([c for c in callbacks if c.__module__ == "projects.services"]) == 1
    update = ProjectUpdate.objects.get()
    assert (update.author, update.phase, update.health) == (cdio_client.user, "live", "at_risk")
    project.refresh_from_db()
    assert (project.phase, project.health) == ("live", "at_risk")
    assert project.history.first().history_user == cdio_client.user
    assert [m.to for m in mail.outbox] == [["follower@hackney.example"]]
    assert "GovWifi live in Camden" in mail.outbox[0].subject
    assert "/projects/seamless-wi-fi/#update-" in mail.outbox[0].body


def test_a_mail_failure_never_loses_the_update(cdio_client, project, django_capture_on_commit_callbacks, monkeypatch):
    Follow.objects.create(user=UserFactory(), project=project)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    data = {"title": "Still saved", "body": "Text.", "phase": "alpha", "health": "on_track"}
    with django_capture_on_commit_callbacks(execute=True):
        response = cdio_client.post(update_url(project), data)
    assert response.status_code == 302
    assert ProjectUpdate.objects.filter(title="Still saved").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "body": "x", "phase": "alpha", "health": "on_track"}, "Enter a title"),
        ({"title": "   ", "body": "x", "phase": "alpha", "health": "on_track"}, "Enter a title"),
        ({"title": "T", "body": "  ", "phase": "alpha", "health": "on_track"}, "Enter the update"),
        ({"title": "T", "body": "x" * 20_001, "phase": "alpha", "health": "on_track"}, "20,000 characters or fewer"),
        ({"title": "T", "body": "x", "phase": "nonsense", "health": "on_track"}, "Choose a phase from the list"),
        ({"title": "x" * 201, "body": "x", "phase": "alpha", "health": "on_track"}, "200 characters or fewer"),
    ],
)
def test_bad_update_is_refused_and_nothing_is_written(cdio_client, project, data, message):
    response = cdio_client.post(update_url(project), data)
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    assert message in response.text
    assert not ProjectUpdate.objects.exists()
    if data["title"].strip():
        assert data["title"][:50] in response.text  # what was typed is shown back


def test_markup_in_an_update_is_shown_escaped_or_removed(central_client, project):
    body = 'Hello <script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**'
    central_client.post(
        update_url(project), {"title": "<b>T</b>", "body": body, "phase": "alpha", "health": "on_track"}
    )
    html = central_client.get(project.get_absolute_url()).text
    assert "<script>alert" not in html
    assert "javascript:alert" not in html
    assert "onerror" not in html
    assert "<strong>bold</strong>" in html
    assert "&lt;b&gt;T&lt;/b&gt;" in html


# Following -------------------------------------------------------------------


def test_signed_in_person_follows_and_unfollows(member_client, project):
    url = f"/projects/{project.slug}/follow/"
    assert member_client.post(url, {"follow": "yes"}).status_code == 302
    assert Follow.objects.filter(user=member_client.user, project=project).exists()
    member_client.post(url, {"follow": "yes"})  # twice is still once
    assert Follow.objects.count() == 1
    assert "Stop following" in member_client.get(project.get_absolute_url()).text
    member_client.post(url, {"follow": "no"})
    assert not Follow.objects.exists()


def test_follow_needs_sign_in_and_a_post(client, member_client, project):
    url = f"/projects/{project.slug}/follow/"
    assert client.post(url, {"follow": "yes"}).status_code == 302
    assert member_client.get(url).status_code == 405
    assert not Follow.objects.exists()


def test_private_project_cannot_be_followed_or_updated_by_borough_people(client_for):
    private = ProjectFactory(private=True, lead_borough=borough("camden"))
    cdio = client_for("cdio")
    assert cdio.post(f"/projects/{private.slug}/follow/", {"follow": "yes"}).status_code == 404
    assert cdio.get(update_url(private)).status_code == 404
