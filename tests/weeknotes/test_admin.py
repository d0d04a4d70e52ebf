"""The central team drafts, edits and publishes weeknotes in the admin; every edit is kept."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import ROLES
from tests.factories import UserFactory, WeekNoteFactory
from tests.subscriptions.conftest import SubscriptionFactory
from weeknotes.models import WeekNote, monday_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/weeknotes/weeknote/"
DRAFT = "/admin/weeknotes/weeknote/draft/"


def change_url(note):
    return f"{CHANGELIST}{note.pk}/change/"


def admin_messages(response):
    return [str(m) for m in response.context["messages"]]


def publish(client, notes):
    return client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [n.pk for n in notes]}, follow=True
    )


ADMIN_PAGES = [
    ("get", CHANGELIST),
    ("get", CHANGELIST + "add/"),
    ("get", "change"),
    ("get", "history"),
    ("get", DRAFT),
    ("post", DRAFT),
    ("post", "publish"),
]


# Not "page": that name is pytest-playwright's browser fixture, which would move these tests
# among the browser tests, after the live server has emptied the database.
@pytest.mark.parametrize("method,where", ADMIN_PAGES)
@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_central_team_uses_the_weeknotes_admin(client_for, role, method, where):
    note = WeekNoteFactory()
    client = client_for(role)
    if where == "publish":
        response = client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [note.pk]})
    elif where == "change":
        response = client.get(change_url(note))
    elif where == "history":
        response = client.get(f"{CHANGELIST}{note.pk}/history/")
    elif method == "post":
        response = client.post(where, {"week": "this"})
    else:
        response = client.get(where)
    note.refresh_from_db()
    if role == "central_team":
        assert response.status_code in (200, 302)
        assert "/admin/login/" not in response.get("Location", "")
    else:
        assert response.status_code == 302
        # Signed out: the portal's sign-in; signed in but not the central team: the admin's, which refuses.
        assert response["Location"].startswith("/accounts/login/" if role == "anonymous" else "/admin/login/")
        assert note.status == WeekNote.Status.DRAFT
        assert WeekNote.objects.count() == 1


def test_central_team_without_the_second_factor_is_sent_to_sign_in():
    client = Client()
    client.force_login(UserFactory(central_team=True))  # password only
    response = client.get(DRAFT)
    assert response.status_code == 302
    assert WeekNote.objects.count() == 0


def test_changelist_has_the_draft_button(central_client):
    response = central_client.get(CHANGELIST)
    assert f'href="{DRAFT}"' in response.text
    assert "Draft this week’s note" in response.text


def test_drafting_this_weeks_note_creates_a_draft_with_its_first_revision(central_client):
    response = central_client.get(DRAFT)
    assert response.status_code == 200
    response = central_client.post(DRAFT, {"week": "this"}, follow=True)
    note = WeekNote.objects.get()
    assert response.redirect_chain[-1][0] == change_url(note)
    assert note.week_starting == monday_of(timezone.localdate())
    assert note.status == WeekNote.Status.DRAFT and note.published_at is None
    assert note.author == central_client.user
    assert "### Coming up" in note.body
    revision = note.revisions.get()
    assert (revision.body, revision.edited_by) == (note.body, central_client.user)


def test_drafting_a_week_that_has_a_note_opens_that_note(central_client):
    note = WeekNoteFactory(week_starting=monday_of(timezone.localdate()), title="Ours already")
    response = central_client.post(DRAFT, {"week": "this"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(note)
    assert WeekNote.objects.count() == 1
    assert any("has a note already" in m for m in admin_messages(response))


def test_drafting_with_no_week_chosen_writes_nothing(central_client):
    response = central_client.post(DRAFT, {"week": "next-year"})
    assert response.status_code == 400
    assert "Choose which week" in response.text
    assert WeekNote.objects.count() == 0


def test_every_edit_is_kept_with_who_and_when(central_client):
    note = WeekNoteFactory(title="Weeknote 16 of 2021", body="First go.")
    response = central_client.post(
        change_url(note),
        {
            "week_starting": note.week_starting.isoformat(),
            "title": note.title,
            "body": "Second go, with the Advisory Panel.",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    revision = note.revisions.get()
    assert revision.body == "Second go, with the Advisory Panel."
    assert revision.edited_by == central_client.user
    assert (timezone.now() - revision.edited_at).total_seconds() < 60
    page = central_client.get(change_url(note))
    assert "History of edits" in page.text and "Second go, with the Advisory Panel." in page.text


def test_a_week_must_start_on_a_monday(central_client):
    note = WeekNoteFactory()
    response = central_client.post(
        change_url(note),
        {
            "week_starting": (note.week_starting + timedelta(days=1)).isoformat(),
            "title": note.title,
            "body": note.body,
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter the Monday the week starts on." in response.text
    assert not note.revisions.exists()


def test_publishing_sets_the_date_makes_the_note_public_and_emails_subscribers(
    central_client, client, django_capture_on_commit_callbacks
):
    reader = SubscriptionFactory()
    note = WeekNoteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(central_client, [note])
    assert [m.to for m in mail.outbox] == [[reader.email]]
    note.refresh_from_db()
    assert note.status == WeekNote.Status.PUBLISHED
    assert (timezone.now() - note.published_at).total_seconds() < 60
    assert any(f"Published “{note.title}”" in m for m in admin_messages(response))
    assert client.get(note.get_absolute_url()).status_code == 200


def test_publishing_again_keeps_the_first_date(central_client):
    first = timezone.now() - timedelta(days=3)
    note = WeekNoteFactory(published=True, published_at=first)
    response = publish(central_client, [note])
    note.refresh_from_db()
    assert note.published_at == first
    assert any("published already" in m for m in admin_messages(response))
