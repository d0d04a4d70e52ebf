"""The admin as the central team has it: their permissions, their home page, their To do list, their labels."""

import datetime

import pytest
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boroughs.groups import CENTRAL_TEAM_GROUP
from outbox.models import FailedEmail
from tests.conftest import force_login_verified
from tests.factories import (
    CallFactory,
    IdeaFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    ObjectiveFactory,
    ParticipationFactory,
    QuarterFactory,
    SignatoryFactory,
    SuggestionFactory,
    UserFactory,
    VacancyFactory,
    WeekNoteFactory,
    theme,
)

ALL = ["view", "add", "change", "delete"]


def perms(app, model, actions, history=False):
    found = {f"{app}.{action}_{model}" for action in actions}
    return found | ({f"{app}.view_historical{model}"} if history else set())


EXPECTED = set().union(
    perms("boroughs", "borough", ["view", "change"], history=True),
    perms("boroughs", "user", ["view", "add", "change"], history=True),
    perms("boroughs", "invitation", ["view"]),
    perms("boroughs", "twofactorreset", ["view"]),
    perms("projects", "theme", ALL),
    perms("projects", "project", ALL, history=True),
    perms("projects", "participation", ALL, history=True),
    perms("projects", "deliverable", ALL),
    perms("projects", "deliverablestatus", ALL, history=True),
    perms("projects", "measure", ALL),
    perms("projects", "measurecontribution", ALL, history=True),
    perms("projects", "agreement", ALL),
    perms("projects", "signatory", ALL, history=True),
    perms("projects", "projectupdate", ALL),
    perms("projects", "follow", ["view", "delete"]),
    perms("okrs", "quarter", ALL, history=True),
    perms("okrs", "objective", ALL, history=True),
    perms("okrs", "keyresult", ALL, history=True),
    perms("okrs", "checkin", ALL, history=True),
    perms("jobs", "rolefamily", ALL),
    perms("jobs", "role", ALL),
    perms("jobs", "jobdescription", ALL, history=True),
    perms("jobs", "suggestion", ALL, history=True),
    perms("jobs", "vacancy", ALL),
    perms("ideas", "call", ALL, history=True),
    perms("ideas", "idea", ["view", "change", "delete"], history=True),
    perms("ideas", "vote", ["view", "delete"], history=True),
    # From the alerts branch (boroughs/groups.py there), which did not update this list.
    perms("subscriptions", "subscription", ["view", "delete"]),
    perms("subscriptions", "suppression", ALL),
    perms("weeknotes", "weeknote", ALL),
    perms("weeknotes", "weeknoterevision", ["view"]),
    perms("outbox", "failedemail", ["view", "change", "delete"]),
    perms("subscriptions", "subscription", ["view", "delete"]),
    perms("subscriptions", "suppression", ALL),
)


def group_permissions():
    group = Group.objects.get(name=CENTRAL_TEAM_GROUP)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_central_team_group_holds_exactly_the_permissions_the_team_needs(db):
    assert group_permissions() == EXPECTED


def test_the_central_team_group_holds_nothing_technical(db):
    technical = {"auth", "contenttypes", "sessions", "axes", "admin", "pagecache", "django_tasks_database"}
    technical |= {"otp_totp", "otp_static"}
    assert not {p for p in group_permissions() if p.split(".")[0] in technical}
    assert not {p for p in group_permissions() if p.endswith(("_stalereminder", "_formsubmission"))}


def test_the_central_team_are_not_superusers(db):
    user = UserFactory(central_team=True)
    assert user.is_staff and not user.is_superuser


TECHNICAL_LISTS = [
    "/admin/auth/group/",
    "/admin/axes/accessattempt/",
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
    "/admin/projects/stalereminder/",
    "/admin/jobs/formsubmission/",
    "/admin/django_tasks_database/dbtaskresult/",
]


@pytest.mark.parametrize("url", TECHNICAL_LISTS)
def test_technical_tables_are_for_superusers_only(client, db, url):
    force_login_verified(client, UserFactory(central_team=True))
    assert client.get(url).status_code == 403
    force_login_verified(client, UserFactory(central_team=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_technical_tables_stay_hidden_even_if_someone_grants_their_permissions(client, db):
    user = UserFactory(central_team=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["axes", "auth"]))
    force_login_verified(client, user)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def section_names(response):
    return [section["name"] for section in response.context["app_list"]]


def test_the_admin_home_is_grouped_by_the_teams_work(client, db):
    force_login_verified(client, UserFactory(central_team=True))
    response = client.get("/admin/")
    assert section_names(response) == ["Programme", "OKRs", "Jobs", "Ideas", "Weeknotes", "People", "Email"]
    models = {
        section["name"]: [m["object_name"] for m in section["models"]] for section in response.context["app_list"]
    }
    assert models["People"] == ["User", "Borough"]
    assert models["Jobs"][:2] == ["JobDescription", "Suggestion"]
    assert "StaleReminder" not in models["Programme"]


def test_the_admin_home_names_things_in_sentence_case_with_check_ins_hyphenated(client, db):
    force_login_verified(client, UserFactory(central_team=True))
    html = client.get("/admin/").text
    assert ">Check-ins<" in html  # Django would say "Check ins"
    assert "Check ins" not in html
    names = [m["name"] for section in client.get("/admin/").context["app_list"] for m in section["models"]]
    assert all(name[0].isupper() and name[1:] == name[1:].lower() for name in names), names


def test_superusers_also_see_the_technical_tables_last(client, db):
    force_login_verified(client, UserFactory(central_team=True, is_superuser=True))
    response = client.get("/admin/")
    assert section_names(response) == [
        "Programme",
        "OKRs",
        "Jobs",
        "Ideas",
        "Weeknotes",
        "People",
        "Email",
        "Technical (superusers only)",
    ]
    technical = [m["object_name"] for m in response.context["app_list"][-1]["models"]]
    assert {"Group", "AccessAttempt", "StaleReminder", "FormSubmission", "DBTaskResult"} <= set(technical)
    assert b"Technical (superusers only)" in response.content


def make_work_waiting():
    """Two of each thing that waits for the team, and one of each that does not."""
    now = timezone.now()
    JobDescriptionFactory.create_batch(2, pending=True)
    JobDescriptionFactory()
    SuggestionFactory.create_batch(2)
    SuggestionFactory(approved=True)
    IdeaFactory(call=CallFactory())
    IdeaFactory(call=CallFactory(reviewing=True), under_review=True)
    IdeaFactory(call=CallFactory(voting=True))  # past review: the workshop is under way
    IdeaFactory(call=CallFactory(), shortlisted=True)
    ParticipationFactory()  # never updated
    ParticipationFactory(updated_at=now - datetime.timedelta(days=61))
    ParticipationFactory(updated_at=now)
    today = timezone.localdate()
    SignatoryFactory(
        state="signed", signed_on=today, updated_at=now - datetime.timedelta(days=200)
    )  # signed: stays signed
    today = timezone.localdate()
    VacancyFactory(closing_on=today)
    VacancyFactory(closing_on=today + datetime.timedelta(days=7))
    VacancyFactory(closing_on=today + datetime.timedelta(days=8))
    VacancyFactory(closing_on=today + datetime.timedelta(days=3), is_published=False)
    VacancyFactory(closed=True)
    WeekNoteFactory()
    WeekNoteFactory(published=True)
    for resent_at in [None, None, now]:
        FailedEmail.objects.create(
            subject="Hello", to="a@example.com", body="Hi", attempts=6, error="down", resent_at=resent_at
        )


def test_the_to_do_panel_counts_what_waits_and_links_to_exactly_those_records(client, db, settings):
    settings.COMMITMENT_STALE_AFTER_DAYS = 60
    make_work_waiting()
    force_login_verified(client, UserFactory(central_team=True))
    response = client.get("/admin/")
    todo = {what: (count, url) for count, what, url in response.context["todo"]}
    assert {what: count for what, (count, _url) in todo.items()} == {
        "participations not updated for 60 days": 2,
        "deliverable statuses not updated for 60 days": 0,
        "measure contributions not updated for 60 days": 0,
        "signatories not updated for 60 days": 0,
        "job descriptions to moderate": 2,
        "suggestions to moderate": 2,
        "vacancies closing within 7 days": 2,
        "ideas to review": 2,
        "emails that could not be sent": 2,
        "weeknotes drafted, not yet published": 1,
    }
    assert b"To do" in response.content
    for what, (count, url) in todo.items():
        listing = client.get(url)
        assert listing.status_code == 200, url  # Django redirects a filter it does not accept to ?e=1
        assert listing.context["cl"].result_count == count, (what, url)


def test_the_admin_home_costs_the_same_queries_whatever_is_waiting(client, db):
    force_login_verified(client, UserFactory(central_team=True))
    client.get("/admin/")  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    make_work_waiting()
    make_work_waiting()
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few)
    assert len(few) <= 20


# The user page ----------------------------------------------------------------


def fields_shown(response):
    return set(flatten_fieldsets(response.context["adminform"].fieldsets))


def test_the_user_page_shows_the_team_only_what_they_need(client, db):
    force_login_verified(client, UserFactory(central_team=True))
    person = UserFactory()
    response = client.get(f"/admin/boroughs/user/{person.pk}/change/")
    assert fields_shown(response) == {
        "email",
        "first_name",
        "last_name",
        "borough",
        "role",
        "listed_on_borough_page",  # whether the CDIO agreed to be named on the borough page
        "is_active",
        "is_staff",
        "last_login",
        "date_joined",
        "two_factor",  # set up or not; the reset is an action on the user list
    }
    assert b"pbkdf2" not in response.content and b"md5$" not in response.content
    assert b"Superuser status" not in response.content


def test_superusers_still_see_every_access_setting(client, db):
    force_login_verified(client, UserFactory(central_team=True, is_superuser=True))
    person = UserFactory()
    response = client.get(f"/admin/boroughs/user/{person.pk}/change/")
    assert {"is_superuser", "groups", "user_permissions", "password"} <= fields_shown(response)


def test_the_team_cannot_set_passwords_or_change_superusers(client, db):
    force_login_verified(client, UserFactory(central_team=True))
    person = UserFactory()
    assert client.get(f"/admin/boroughs/user/{person.pk}/password/").status_code == 403
    boss = UserFactory(central_team=True, is_superuser=True)
    response = client.post(f"/admin/boroughs/user/{boss.pk}/change/", {"email": boss.email, "is_staff": "on"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_active and boss.is_superuser


# Unambiguous choices ----------------------------------------------------------


def test_an_objective_choice_names_its_quarter(client, db):
    skills = theme("skills-and-capability")
    ObjectiveFactory(quarter=QuarterFactory(year=3, number=1), theme=skills)
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=QuarterFactory(year=3, number=2), theme=skills))
    force_login_verified(client, UserFactory(central_team=True))
    field = client.get(f"/admin/okrs/keyresult/{kr.pk}/change/").context["adminform"].form.fields["objective"]
    labels = [label for _value, label in field.choices if _value]
    assert "Year 3 Q1: Skills & Capability" in labels
    assert "Year 3 Q2: Skills & Capability" in labels


def test_a_check_in_key_result_choice_names_its_quarter(client, db):
    kr = KeyResultFactory(title="Enrol women digital leaders")
    force_login_verified(client, UserFactory(central_team=True))
    field = client.get("/admin/okrs/checkin/add/").context["adminform"].form.fields["key_result"]
    assert f"{kr.quarter}: {kr}" in [label for value, label in field.choices if value]


def test_inline_rows_carry_no_view_on_site_link_too_small_to_tap(client, db):
    """Django puts a 9 px "View on site" link in each tabular row: too small a target (WCAG 2.5.8)."""
    quarter = QuarterFactory(year=3, number=2)
    ObjectiveFactory(quarter=quarter)
    ObjectiveFactory(quarter=quarter, theme=theme("cyber-security"))
    force_login_verified(client, UserFactory(central_team=True))
    html = client.get(f"/admin/okrs/quarter/{quarter.pk}/change/").text
    rows = html.split('class="tabular inline-related')[1]
    assert rows.count("form-row has_original") == 2  # the rows are drawn...
    assert "/admin/r/" not in rows  # ...without the tiny link
