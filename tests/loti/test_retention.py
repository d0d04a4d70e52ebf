"""Personal data kept no longer than needed (issue 14, item 14): `purge_personal_data` over old and new records."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from boroughs.models import User
from jobs.models import JobDescription, Suggestion
from loti.retention import personal_data_purge, purge_personal_data
from tests.factories import (
    TEST_PASSWORD,
    JobDescriptionFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SuggestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def decided(factory, days, **kwargs):
    return factory(moderated_at=days_ago(days), **kwargs)


def deactivated(days, **kwargs):
    """An account made long ago, switched off by the central team `days` ago, as its history records."""
    user = UserFactory(**kwargs)
    User.history.filter(id=user.pk).update(history_date=days_ago(days + 100))
    user.is_active = False
    user._history_date = days_ago(days)
    user.save()
    return user


@pytest.fixture
def records(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    settings.DEACTIVATED_ACCOUNT_RETENTION_DAYS = 365
    return {
        "old_published": decided(JobDescriptionFactory, 91, contributor_email="old@council.example"),
        "old_rejected": decided(JobDescriptionFactory, 200, rejected=True, contributor_email="rej@council.example"),
        "new_published": decided(JobDescriptionFactory, 30, contributor_email="new@council.example"),
        "old_pending": JobDescriptionFactory(pending=True, submitted_at=days_ago(400)),
        "old_suggestion": decided(SuggestionFactory, 100, approved=True, email="oldsug@council.example"),
        "new_suggestion": decided(SuggestionFactory, 5, approved=True, email="newsug@council.example"),
        "pending_suggestion": SuggestionFactory(submitted_at=days_ago(400)),
        "gone": deactivated(400, editor=True, email="gone@camden.example", first_name="Gwen", last_name="Gone"),
        "recent": deactivated(30, email="recent@camden.example"),
        "active": UserFactory(email="active@camden.example"),
    }


def test_the_job_removes_what_is_due_and_keeps_what_is_not(records):
    purged = personal_data_purge()
    assert (purged.contributors, purged.suggesters, purged.accounts) == (2, 1, 1)

    for key in ["old_published", "old_rejected"]:
        jd = JobDescription.objects.get(pk=records[key].pk)
        assert (jd.contributor_name, jd.contributor_email) == ("", "")
        # Nor in the history the admin shows.
        assert set(jd.history.values_list("contributor_email", flat=True)) == {""}
        assert set(jd.history.values_list("contributor_name", flat=True)) == {""}
    for key in ["new_published", "old_pending"]:
        jd = JobDescription.objects.get(pk=records[key].pk)
        assert jd.contributor_email == records[key].contributor_email
        assert jd.contributor_name == "Casey Contributor"

    old = Suggestion.objects.get(pk=records["old_suggestion"].pk)
    assert (old.name, old.email) == ("", "")
    assert set(old.history.values_list("email", flat=True)) == {""}
    for key in ["new_suggestion", "pending_suggestion"]:
        assert Suggestion.objects.get(pk=records[key].pk).email == records[key].email

    gone = User.objects.get(pk=records["gone"].pk)
    assert (gone.first_name, gone.last_name) == ("", "")
    assert gone.email == f"former-account-{gone.pk}@removed.invalid"
    assert not gone.has_usable_password()
    assert gone.get_full_name() == "a former Camden editor"
    assert not User.history.filter(id=gone.pk, email="gone@camden.example").exists()
    assert not User.history.filter(id=gone.pk, first_name="Gwen").exists()
    for key in ["recent", "active"]:
        user = User.objects.get(pk=records[key].pk)
        assert user.email == records[key].email
        assert user.first_name


def test_running_it_again_removes_nothing_more(records):
    personal_data_purge()
    again = personal_data_purge()
    assert (again.contributors, again.suggesters, again.accounts) == (0, 0, 0)
    assert User.objects.get(pk=records["recent"].pk).email == "recent@camden.example"


def test_an_account_switched_back_on_since_keeps_its_details(settings):
    user = deactivated(400, email="back@camden.example")
    user.is_active = True
    user._history_date = days_ago(300)
    user.save()
    user.is_active = False
    user._history_date = days_ago(10)
    user.save()
    assert personal_data_purge().accounts == 0
    assert User.objects.get(pk=user.pk).email == "back@camden.example"


def test_a_former_editors_updates_and_history_stay_readable(records, client, central_client):
    project = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi")
    ProjectUpdateFactory(project=project, author=records["gone"], title="GovWifi live")
    personal_data_purge()
    page = client.get("/projects/seamless-wi-fi/").text
    assert "by a former Camden editor" in page
    assert "Gwen" not in page
    feed = client.get("/projects/seamless-wi-fi/feed/").text
    assert "Gwen" not in feed and "a former Camden editor" in feed
    history = central_client.get(f"/admin/boroughs/user/{records['gone'].pk}/history/")
    assert history.status_code == 200
    assert "Gwen" not in history.text and "gone@camden.example" not in history.text


def test_the_placeholder_cannot_sign_in(records, rf):
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="recent@camden.example", password=TEST_PASSWORD) is None  # inactive
    personal_data_purge()
    gone = User.objects.get(pk=records["gone"].pk)
    gone.is_active = True  # even were it switched back on by mistake
    gone.save()
    for username in [gone.email, "gone@camden.example"]:
        assert authenticate(request, username=username, password=TEST_PASSWORD) is None


def test_the_command_and_the_daily_task_run_the_same_job(records, capsys):
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "2 contributors and 1 suggesters" in out
    assert "1 accounts" in out
    assert purge_personal_data.call() == {
        "contributors": 0,
        "suggesters": 0,
        "accounts": 0,
        "unconfirmed_subscriptions": 0,
    }
    result = purge_personal_data.enqueue()
    assert result.status == "SUCCESSFUL"


def test_the_privacy_notice_states_both_periods(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 45
    settings.DEACTIVATED_ACCOUNT_RETENTION_DAYS = 200
    html = client.get("/privacy/").text
    assert "45 days after" in html
    assert "200 days after" in html


def test_a_central_team_account_becomes_a_former_member_of_the_team(settings):
    user = deactivated(400, central_team=True)
    personal_data_purge()
    user.refresh_from_db()
    assert user.get_full_name() == "a former member of the LOTI central team"
    assert str(user) == "a former member of the LOTI central team"
