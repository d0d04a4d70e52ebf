"""Invitations, sign in, lockout, password reset, sign out and idle sessions."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from boroughs.models import Invitation, User
from boroughs.services import invitation_link
from tests.factories import TEST_PASSWORD, UserFactory, borough

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-for-loti"


def link_path(text):
    """The path of the first portal link in a text, such as an email body."""
    return re.search(r"https?://[^/\s]+(/\S+)", text).group(1)


def sign_in(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


@pytest.fixture
def invite(central_client, django_capture_on_commit_callbacks):
    """Post the admin's invite form; emails sent after commit are delivered."""

    def post(**fields):
        data = {
            "email": "new.person@camden.example",
            "first_name": "New",
            "last_name": "Person",
            "borough": borough("camden").pk,
            "role": "editor",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return central_client.post("/admin/boroughs/user/add/", data)

    return post


# Invitations ---------------------------------------------------------------


def test_central_team_invites_a_person_who_gets_a_set_password_link(central_client, invite):
    response = invite()
    assert response.status_code == 302
    user = User.objects.get(email="new.person@camden.example")
    assert user.borough.slug == "camden" and user.role == "editor"
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).invited_by == central_client.user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@camden.example"]
    assert "/accounts/set-password/" in message.body
    assert "Camden" in message.body


def test_invited_person_sets_a_password_once_and_signs_in_with_email(client, central_client, invite):
    invite()
    path = link_path(mail.outbox[0].body)

    response = client.get(path, follow=True)
    assert "Set your password" in response.text
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/set-password/done/"

    assert sign_in(client, "New.Person@Camden.example", NEW_PASSWORD).status_code == 302
    assert client.get("/").context["user"].email == "new.person@camden.example"

    client.post("/accounts/logout/")
    response = client.get(path, follow=True)
    assert "This invitation link has expired" in response.text


def test_set_password_rejects_a_short_password_and_changes_nothing(client):
    user = UserFactory(invited=True)
    response = client.get(link_path(invitation_link(user)), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 400
    assert response.text.count("govuk-error-summary") >= 1
    assert "<title>Error: " in response.text
    assert "Your password must be 12 characters or more" in response.text
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_invite_form_refuses_a_borough_person_without_a_borough(central_client, invite):
    response = invite(borough="")
    assert response.status_code == 200  # the admin redisplays its own form
    assert "Choose the person&#x27;s borough" in response.text
    assert not User.objects.filter(email="new.person@camden.example").exists()
    assert mail.outbox == []


def test_invite_form_refuses_a_duplicate_email_in_any_case(central_client, invite):
    UserFactory(email="taken@camden.example")
    response = invite(email="TAKEN@camden.example")
    assert "already exists" in response.text
    assert User.objects.filter(email__iexact="taken@camden.example").count() == 1


def test_invited_central_team_member_joins_the_central_team_group(central_client, invite):
    invite(email="analyst@loti.example", borough="", is_staff="on")
    user = User.objects.get(email="analyst@loti.example")
    assert user.is_staff and user.borough is None
    assert user.groups.filter(name="Central team").exists()
    assert Group.objects.get(name="Central team").permissions.filter(codename="change_borough").exists()


def test_resend_invitation_action_sends_a_new_link(central_client, django_capture_on_commit_callbacks):
    user = UserFactory(invited=True)
    with django_capture_on_commit_callbacks(execute=True):
        central_client.post("/admin/boroughs/user/", {"action": "resend_invitation", "_selected_action": [user.pk]})
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert Invitation.objects.filter(user=user).count() == 1


# Signing in ----------------------------------------------------------------


def test_sign_in_with_email_in_any_case(client):
    UserFactory(email="cdio@camden.example")
    response = sign_in(client, "CDIO@Camden.Example", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(client):
    UserFactory(email="cdio@camden.example")
    response = sign_in(client, "cdio@camden.example", "wrong-password")
    assert response.status_code == 400
    assert "<title>Error: Sign in" in response.text
    assert 'class="govuk-error-summary"' in response.text
    assert "Enter a correct email address and password" in response.text
    assert 'value="cdio@camden.example"' in response.text


def test_empty_sign_in_form_shows_inline_errors(client):
    response = sign_in(client, "", "")
    assert response.status_code == 400
    assert response.text.count('class="govuk-error-message"') == 2


def test_five_failures_lock_out_that_email_and_ip_pair(client):
    UserFactory(email="cdio@camden.example")
    for _ in range(4):
        assert sign_in(client, "cdio@camden.example", "wrong-password").status_code == 400
    assert sign_in(client, "cdio@camden.example", "wrong-password").status_code == 429
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().username == "cdio@camden.example"
    # Even the right password is refused while locked out...
    response = sign_in(client, "cdio@camden.example", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert not client.get("/").context["user"].is_authenticated
    # ...but the same email from another address, or another email, still works.
    assert sign_in(client, "cdio@camden.example", TEST_PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    UserFactory(email="editor@camden.example")
    assert sign_in(client, "editor@camden.example", TEST_PASSWORD).status_code == 302


def test_lockout_ends_after_fifteen_minutes(client):
    from axes.models import AccessAttempt

    UserFactory(email="cdio@camden.example")
    for _ in range(5):
        sign_in(client, "cdio@camden.example", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "cdio@camden.example", TEST_PASSWORD).status_code == 302


def test_admin_login_takes_no_password_so_its_only_door_is_the_locked_portal_sign_in(client):
    # The admin's own form would skip the second factor: it sends everyone to the portal's sign-in.
    UserFactory(email="central@loti.example", central_team=True)
    response = client.post("/admin/login/", {"username": "central@loti.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session


def test_signed_in_person_visiting_login_goes_to_their_work(member_client):
    response = member_client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/ideas/"  # see test_sign_in_landing.py for every role


# Password reset ------------------------------------------------------------


@pytest.fixture
def ask_reset(client, django_capture_on_commit_callbacks):
    """Post the reset form; the email the worker queues on commit is delivered."""

    def post(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/password-reset/", {"email": email})

    return post


def test_password_reset_emails_a_one_time_link(client, ask_reset):
    user = UserFactory(email="editor@camden.example")
    response = ask_reset("Editor@Camden.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = link_path(mail.outbox[0].body)

    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "This link has expired" in client.get(path, follow=True).text


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(ask_reset):
    response = ask_reset("nobody@nowhere.example")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_password_reset_with_a_malformed_email_is_a_400_with_errors(client):
    response = client.post("/accounts/password-reset/", {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.text
    assert 'value="not an email"' in response.text


def test_invited_person_who_lost_the_invitation_can_use_password_reset(ask_reset):
    UserFactory(email="invited@camden.example", invited=True)
    ask_reset("invited@camden.example")
    assert len(mail.outbox) == 1


# Signing out and idle sessions ---------------------------------------------


def test_sign_out_is_a_post(member_client):
    assert member_client.get("/accounts/logout/").status_code == 405
    assert member_client.post("/accounts/logout/").status_code == 302
    assert not member_client.get("/").context["user"].is_authenticated


def test_session_ends_after_inactivity(member_client, settings):
    member_client.get("/")
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not member_client.get("/").context["user"].is_authenticated


def test_activity_keeps_the_session_alive_with_one_write_every_few_minutes(member_client):
    member_client.get("/")
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    member_client.get("/")  # refreshed just now: no write yet
    assert Session.objects.get().expire_date < timezone.now() + timedelta(minutes=2)

    session = member_client.session
    session["refreshed_at"] = (timezone.now() - timedelta(minutes=6)).isoformat()
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    member_client.get("/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=30)
