"""Submitting, changing and withdrawing an idea: who may, the deadline, bad input and the emails."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from ideas.models import Idea, Status
from tests.factories import CallFactory, IdeaFactory, UserFactory, borough, theme
from tests.ideas.conftest import checked_values, idea_data

pytestmark = pytest.mark.django_db

NEW_URL = "/ideas/new/"


def post_idea(client, call, **overrides):
    return client.post(NEW_URL, {**idea_data(**overrides), "call": call.pk})


# Submitting: who may ---------------------------------------------------------

# Anyone signed in submits: borough people in their borough, the central team as LOTI.
SUBMIT_MATRIX = {
    "anonymous": 302,
    "member": 200,
    "editor": 200,
    "cdio": 200,
    "other_member": 200,
    "other_editor": 200,
    "other_cdio": 200,
    "central_team": 200,
}


def test_submit_permission_matrix(any_role_client, open_call):
    role = any_role_client.role
    response = any_role_client.get(NEW_URL)
    assert response.status_code == SUBMIT_MATRIX[role]
    response = post_idea(any_role_client, open_call)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/ideas/new/")
        assert not Idea.objects.exists()
        return
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/"
    assert idea.submitted_by == any_role_client.user
    assert idea.borough == any_role_client.user.borough  # None for the central team
    assert idea.call == open_call
    assert idea.status == Status.SUBMITTED


def test_form_prefills_the_submitters_borough(member_client, open_call):
    response = member_client.get(NEW_URL)
    html = response.text
    assert checked_values(html, "interested_boroughs") == {str(borough("camden").pk)}
    assert checked_values(html, "theme") == set()
    assert re.search(rf'name="call"\s+value="{open_call.pk}"', html)
    assert "Ideas for 2027" in html


def test_submitting_records_the_idea_and_emails_the_submitter_and_the_central_team(
    member_client, open_call, central_team_member, django_capture_on_commit_callbacks
):
    UserFactory(central_team=True, email="inactive@loti.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_idea(member_client, open_call)
    # One email a recipient, queued with the idea; the others raise the page cache's generation.
    assert len([c for c in callbacks if c.__module__ == "outbox.mail"]) == 2
    idea = Idea.objects.get()
    assert response["Location"] == idea.get_absolute_url()
    assert idea.title == "Shared cyber security monitoring"
    assert idea.theme == theme("cyber-security")
    assert set(idea.interested_boroughs.values_list("slug", flat=True)) == {"camden", "hackney"}
    assert idea.history.get().history_user == member_client.user
    assert sorted(m.to[0] for m in mail.outbox) == ["eddie@loti.example", member_client.user.email]
    confirmation = next(m for m in mail.outbox if m.to == [member_client.user.email])
    assert confirmation.subject == "Idea received: Shared cyber security monitoring"
    assert f"/ideas/{idea.pk}/" in confirmation.body
    assert "Ideas for 2027" in confirmation.body
    notice = next(m for m in mail.outbox if m.to == ["eddie@loti.example"])
    assert notice.subject == "New idea for Ideas for 2027: Shared cyber security monitoring"
    assert f"/admin/ideas/idea/{idea.pk}/change/" in notice.body
    assert "Camden" in notice.body


def test_without_central_team_accounts_the_notice_goes_to_lotis_address(
    member_client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.LOTI_CONTACT_EMAIL = "hello@loti.example"
    with django_capture_on_commit_callbacks(execute=True):
        post_idea(member_client, open_call)
    assert sorted(m.to[0] for m in mail.outbox) == ["hello@loti.example", member_client.user.email]


def test_no_email_is_sent_before_the_idea_is_committed(member_client, open_call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_idea(member_client, open_call)
    assert len([c for c in callbacks if c.__module__ == "outbox.mail"]) == 2
    assert mail.outbox == []


def test_a_mail_failure_never_loses_the_idea(member_client, open_call, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_idea(member_client, open_call)
    assert response.status_code == 302
    assert Idea.objects.filter(title="Shared cyber security monitoring").exists()


def test_success_message_is_shown_on_the_idea_page(member_client, open_call):
    response = post_idea(member_client, open_call)
    page = member_client.get(response["Location"])
    assert "Your idea has been submitted." in page.text
    assert "Shared cyber security monitoring" in page.text


# Submitting: bad input -------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"title": "    "}, "Enter a title"),
        ({"title": "x" * 151}, "The title must be 150 characters or fewer"),
        ({"title": "Shared cyber\r\nmonitoring"}, "The title must be on one line: remove the line breaks"),
        ({"problem": ""}, "Describe the problem"),
        ({"problem": " \n\t "}, "Describe the problem"),
        ({"problem": "x" * 3001}, "The problem must be 3,000 characters or fewer"),
        ({"proposal": ""}, "Describe your proposal"),
        ({"proposal": "y" * 3001}, "Your proposal must be 3,000 characters or fewer"),
        ({"beneficiaries": "   "}, "Say who would benefit"),
        ({"outcomes": ""}, "Describe the outcomes you expect"),
        ({"theme": ""}, "Choose a theme"),
        ({"theme": "999999"}, "Choose a theme from the list"),
        ({"theme": "cyber"}, "Choose a theme from the list"),
        ({"interested_boroughs": []}, "Choose at least one borough that is interested"),
        ({"interested_boroughs": ["999999"]}, "Choose boroughs from the list"),
        ({"interested_boroughs": ["camden"]}, "Choose boroughs from the list"),
    ],
)
def test_bad_input_shows_the_govuk_errors_and_writes_nothing(member_client, open_call, overrides, message):
    response = post_idea(member_client, open_call, **overrides)
    assert response.status_code == 400
    html = response.text
    assert "<title>Error: Submit an idea" in html
    assert 'class="govuk-error-summary"' in html
    assert html.count(message) == 2  # in the summary and beside the field
    assert "govuk-form-group--error" in html
    assert not Idea.objects.exists()
    assert mail.outbox == []
    # What was typed in the other fields is still there.
    if "title" not in overrides:
        assert 'value="Shared cyber security monitoring"' in html
    if "problem" not in overrides:
        assert "Each borough watches its own network alone, at night too." in html


def test_error_summary_links_to_the_first_radio_and_checkbox(member_client, open_call):
    response = post_idea(member_client, open_call, theme="", interested_boroughs=[])
    html = response.text
    assert '<a href="#id_theme_1">Choose a theme</a>' in html
    assert '<a href="#id_interested_boroughs_1">Choose at least one borough that is interested</a>' in html
    assert 'id="id_theme_1"' in html
    assert 'id="id_interested_boroughs_1"' in html


def test_an_oversized_text_is_shown_back_whole(member_client, open_call):
    long_text = "word " * 700  # 3,500 characters
    response = post_idea(member_client, open_call, proposal=long_text)
    assert response.status_code == 400
    assert long_text.strip() in response.text
    # No maxlength: the browser would cut a paste short without saying so.
    assert not re.search(r"\smaxlength=", response.text)


def test_markup_is_kept_as_text_and_shown_escaped(member_client, open_call):
    response = post_idea(
        member_client,
        open_call,
        title='<script>alert("x")</script> Wi-Fi',
        problem="<b>bold</b> & <img src=x onerror=alert(1)>",
    )
    idea = Idea.objects.get()
    assert idea.title == '<script>alert("x")</script> Wi-Fi'
    html = member_client.get(response["Location"]).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Wi-Fi" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


def test_markup_in_a_refused_form_is_shown_back_escaped(member_client, open_call):
    response = post_idea(member_client, open_call, title="<i>Hi</i>", problem="")
    assert response.status_code == 400
    assert 'value="&lt;i&gt;Hi&lt;/i&gt;"' in response.text
    assert "<i>Hi</i>" not in response.text


# Submitting: the deadline ----------------------------------------------------


def test_after_the_deadline_the_form_is_closed_with_a_clear_message(member_client):
    CallFactory(title="Ideas for 2027", reviewing=True)
    response = member_client.get(NEW_URL)
    assert response.status_code == 200
    assert "Submissions are closed" in response.text
    assert "The deadline for ideas was" in response.text
    assert 'name="title"' not in response.text


def test_with_no_call_at_all_the_form_says_so(member_client):
    response = member_client.get(NEW_URL)
    assert response.status_code == 200
    assert "There is no open call for ideas" in response.text
    assert 'name="title"' not in response.text


def test_a_call_that_has_not_opened_is_not_open_for_ideas(member_client):
    upcoming = CallFactory(opens_at=timezone.now() + datetime.timedelta(days=2))
    response = member_client.get(NEW_URL)
    assert "There is no open call for ideas" in response.text
    response = post_idea(member_client, upcoming)
    assert response.status_code == 409
    assert not Idea.objects.exists()


def test_a_post_that_arrives_after_the_deadline_is_refused_and_shown_back(member_client, open_call):
    open_call.deadline_at = timezone.now() - datetime.timedelta(minutes=1)
    open_call.save()
    response = post_idea(member_client, open_call, problem="Text I spent an hour on.")
    assert response.status_code == 409
    html = response.text
    assert "<title>Error: Submit an idea" in html
    assert "The deadline for Ideas for 2027 was" in html
    assert "Your idea was not submitted." in html
    assert "Text I spent an hour on." in html
    assert 'value="Shared cyber security monitoring"' in html
    assert 'type="submit"' not in html.split('id="main-content"')[1].split("</main>")[0]
    assert not Idea.objects.exists()
    assert mail.outbox == []


def test_a_late_post_with_bad_input_is_still_shown_back_with_only_the_deadline_message(member_client, open_call):
    open_call.deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    open_call.save()
    response = post_idea(member_client, open_call, title="")
    assert response.status_code == 409
    assert "Enter a title" not in response.text
    assert "The deadline for Ideas for 2027 was" in response.text


def test_the_service_refuses_a_submission_that_crosses_the_deadline(member_client, open_call, monkeypatch):
    """The form was valid when checked, but the deadline passed before the write."""
    from ideas import services

    later = open_call.deadline_at + datetime.timedelta(seconds=1)
    real_submit = services.idea_submit

    def submit_late(**kwargs):
        return real_submit(now=later, **kwargs)

    monkeypatch.setattr("ideas.views.idea_submit", submit_late)
    response = post_idea(member_client, open_call)
    assert response.status_code == 409
    assert "Shared cyber security monitoring" in response.text
    assert not Idea.objects.exists()


def test_a_post_for_a_closed_call_is_not_filed_under_the_next_one(member_client):
    old = CallFactory(title="Old call", closed=True)
    CallFactory(title="New call")
    response = post_idea(member_client, old)
    assert response.status_code == 409
    assert "The deadline for Old call was" in response.text
    assert not Idea.objects.exists()


def test_a_post_without_a_call_goes_to_the_current_call(member_client, open_call):
    response = member_client.post(NEW_URL, idea_data())
    assert response.status_code == 302
    assert Idea.objects.get().call == open_call


@pytest.mark.parametrize("call_value", ["abc", "999999", ""])
def test_a_mangled_call_falls_back_to_the_current_call(member_client, open_call, call_value):
    response = member_client.post(NEW_URL, {**idea_data(), "call": call_value})
    assert response.status_code == 302
    assert Idea.objects.get().call == open_call


# Changing an idea ------------------------------------------------------------


def edit_url(idea):
    return f"/ideas/{idea.pk}/edit/"


@pytest.fixture
def own_idea(member_client, open_call):
    return IdeaFactory(call=open_call, submitted_by=member_client.user, title="My first idea")


# Only the submitter changes their idea; for anyone else it does not exist.
EDIT_MATRIX = {
    "anonymous": 302,
    "member": 200,  # the submitter
    "editor": 404,
    "cdio": 404,
    "other_member": 404,
    "other_editor": 404,
    "other_cdio": 404,
    "central_team": 404,  # the central team reviews in the admin
}


def test_edit_permission_matrix(any_role_client, open_call):
    submitter = any_role_client.user if any_role_client.role == "member" else UserFactory()
    idea = IdeaFactory(call=open_call, submitted_by=submitter, title="Before")
    assert any_role_client.get(edit_url(idea)).status_code == EDIT_MATRIX[any_role_client.role]
    response = any_role_client.post(edit_url(idea), idea_data(title="After"))
    idea.refresh_from_db()
    if EDIT_MATRIX[any_role_client.role] == 200:
        assert response.status_code == 302
        assert idea.title == "After"
    else:
        assert response.status_code == EDIT_MATRIX[any_role_client.role]
        assert idea.title == "Before"


def test_submitter_changes_their_idea_and_history_records_it(member_client, own_idea):
    response = member_client.get(edit_url(own_idea))
    assert 'value="My first idea"' in response.text
    assert "Save changes" in response.text
    response = member_client.post(edit_url(own_idea), idea_data(title="A better title", interested_boroughs=[]))
    assert response.status_code == 400
    response = member_client.post(
        edit_url(own_idea), idea_data(title="A better title", interested_boroughs=[str(borough("islington").pk)])
    )
    assert response.status_code == 302
    own_idea.refresh_from_db()
    assert own_idea.title == "A better title"
    assert list(own_idea.interested_boroughs.values_list("slug", flat=True)) == ["islington"]
    assert own_idea.history.first().history_user == member_client.user
    assert own_idea.updated_at > own_idea.submitted_at


def test_an_idea_under_review_can_still_be_changed_before_the_deadline(member_client, own_idea):
    own_idea.status = Status.UNDER_REVIEW
    own_idea.save()
    assert member_client.post(edit_url(own_idea), idea_data(title="Changed")).status_code == 302


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("shortlisted", "shortlisted"),
        ("selected", "selected"),
        ("not_progressed", "not progressed"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_an_idea_past_review_cannot_be_changed_and_a_late_change_is_shown_back(member_client, open_call, status, label):
    idea = IdeaFactory(call=open_call, submitted_by=member_client.user, title="Fixed", **{status: True})
    message = f"“Fixed” is {label}, so it can no longer be changed or withdrawn."
    page = member_client.get(edit_url(idea))
    assert page.status_code == 200
    assert message in page.text
    assert 'name="title"' not in page.text
    # Someone moved it on while its submitter was typing: refused, and what they typed is kept.
    response = member_client.post(edit_url(idea), idea_data(title="Changed", problem="My new wording."))
    assert response.status_code == 409
    assert message in response.text
    assert "My new wording." in response.text
    idea.refresh_from_db()
    assert idea.title == "Fixed"


def test_after_the_deadline_the_edit_form_is_closed(member_client, own_idea, open_call):
    open_call.deadline_at = timezone.now() - datetime.timedelta(hours=1)
    open_call.save()
    response = member_client.get(edit_url(own_idea))
    assert response.status_code == 200
    assert "Your idea can no longer be changed" in response.text
    assert 'name="title"' not in response.text


def test_a_late_edit_is_refused_and_what_was_typed_is_shown_back(member_client, own_idea, open_call):
    open_call.deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    open_call.save()
    response = member_client.post(edit_url(own_idea), idea_data(title="Too late now"))
    assert response.status_code == 409
    assert 'value="Too late now"' in response.text
    assert "Your changes were not saved." in response.text
    own_idea.refresh_from_db()
    assert own_idea.title == "My first idea"


def test_bad_input_on_edit_changes_nothing(member_client, own_idea):
    response = member_client.post(edit_url(own_idea), idea_data(title=" ", problem="New problem text"))
    assert response.status_code == 400
    assert "<title>Error: Change your idea" in response.text
    assert "New problem text" in response.text
    own_idea.refresh_from_db()
    assert own_idea.title == "My first idea"
    assert own_idea.problem == "Boroughs each solve this alone."


# Withdrawing -----------------------------------------------------------------


def withdraw_url(idea):
    return f"/ideas/{idea.pk}/withdraw/"


def test_withdraw_permission_matrix(any_role_client, open_call):
    submitter = any_role_client.user if any_role_client.role == "member" else UserFactory()
    idea = IdeaFactory(call=open_call, submitted_by=submitter)
    assert any_role_client.get(withdraw_url(idea)).status_code == EDIT_MATRIX[any_role_client.role]
    response = any_role_client.post(withdraw_url(idea))
    idea.refresh_from_db()
    if EDIT_MATRIX[any_role_client.role] == 200:
        assert response.status_code == 302
        assert idea.status == Status.WITHDRAWN
    else:
        assert idea.status == Status.SUBMITTED


def test_submitter_withdraws_after_confirming(member_client, own_idea):
    page = member_client.get(withdraw_url(own_idea))
    assert "You cannot undo this." in page.text
    assert Idea.objects.get().status == Status.SUBMITTED  # a GET changes nothing
    response = member_client.post(withdraw_url(own_idea))
    assert response["Location"] == "/ideas/"
    own_idea.refresh_from_db()
    assert own_idea.status == Status.WITHDRAWN
    assert own_idea.history.first().history_user == member_client.user
    assert "You have withdrawn “My first idea”." in member_client.get("/ideas/").text
    assert mail.outbox == []


def test_withdrawing_after_the_deadline_is_refused(member_client, own_idea, open_call):
    open_call.deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    open_call.save()
    page = member_client.get(withdraw_url(own_idea))
    assert "The deadline for Ideas for 2027 was" in page.text
    assert "Withdraw idea</button>" not in page.text
    response = member_client.post(withdraw_url(own_idea))
    assert response.status_code == 409
    assert "<title>Error: Withdraw your idea" in response.text
    own_idea.refresh_from_db()
    assert own_idea.status == Status.SUBMITTED


def test_withdraw_needs_a_post_to_change_anything(member_client, own_idea):
    member_client.get(withdraw_url(own_idea))
    own_idea.refresh_from_db()
    assert own_idea.status == Status.SUBMITTED


def test_a_shortlisted_idea_cannot_be_withdrawn(member_client, open_call):
    idea = IdeaFactory(call=open_call, submitted_by=member_client.user, title="On the list", shortlisted=True)
    page = member_client.get(withdraw_url(idea))
    assert "“On the list” is shortlisted, so it can no longer be changed or withdrawn." in page.text
    assert "Withdraw idea</button>" not in page.text
    assert member_client.post(withdraw_url(idea)).status_code == 409
    idea.refresh_from_db()
    assert idea.status == Status.SHORTLISTED
