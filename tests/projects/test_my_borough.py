"""Report once: a task list of the borough's projects, and one question page per project."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from projects.forms import CommitmentsForm
from projects.models import DeliverableStatus, MeasureContribution, Participation, Signatory, TaskSummary
from projects.reports import BoroughReport, BoroughTasks, TaskState
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
URL = "/projects/my-borough/"


def page_url(project):
    return f"{URL}{project.slug}/"


@pytest.fixture
def wifi(camden, hackney):
    project = ProjectFactory(title="Seamless Wi-Fi", slug="seamless-wi-fi")
    for b in (camden, hackney):
        ParticipationFactory(project=project, borough=b)
    govwifi = DeliverableFactory(project=project, name="GovWifi", order=1)
    DeliverableFactory(project=project, name="Govroam", order=2)
    DeliverableStatusFactory(deliverable=govwifi, borough=hackney, state="done")
    return project


@pytest.fixture
def apprenticeships(camden, hackney):
    project = ProjectFactory(title="Digital Apprenticeships", slug="digital-apprenticeships", lead_borough=hackney)
    for b in (camden, hackney):
        ParticipationFactory(project=project, borough=b)
    measure = MeasureFactory(project=project, name="Apprenticeship places", target=100)
    MeasureContributionFactory(measure=measure, borough=hackney, value=12)
    return project


@pytest.fixture
def isa(camden):
    project = ProjectFactory(title="Information Governance", slug="information-governance")
    ParticipationFactory(project=project, borough=camden)
    agreement = AgreementFactory(project=project, title="London ISA", opened_on=date(2025, 1, 6))
    return SignatoryFactory(agreement=agreement, borough=camden, state="reviewing")


@pytest.fixture
def hidden(camden):
    """A project Camden takes part in that is not public yet."""
    project = ProjectFactory(title="Quiet pilot", slug="quiet-pilot", private=True)
    ParticipationFactory(project=project, borough=camden)
    DeliverableFactory(project=project, name="Pilot site chosen")
    return project


def current_values(client, url):
    """The form as the page shows it: every field's initial value, ready to post back."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name.endswith("-signed_on"):
            data[f"{name}_0"] = value.day if value else ""
            data[f"{name}_1"] = value.month if value else ""
            data[f"{name}_2"] = value.year if value else ""
        elif value is not None and value is not False:
            data[name] = value
    return data


def save(client, project, changes=None, action="save"):
    data = current_values(client, page_url(project))
    data.update(changes or {})
    data["action"] = action
    return client.post(page_url(project), data)


def states(client):
    return {p.project.title: p.task_state for p in client.get(URL).context["tasks"].participations}


# Who may open the pages -----------------------------------------------------

LIST_MATRIX = {
    "anonymous": 302,
    "member": 403,
    "editor": 200,
    "cdio": 200,
    "other_member": 403,
    "other_editor": 200,  # their own borough's list
    "other_cdio": 200,
    "central_team": 403,  # no borough: the admin is where they change commitments
}

QUESTION_MATRIX = {
    "anonymous": 302,
    "member": 404,
    "editor": 200,
    "cdio": 200,
    "other_member": 404,
    "other_editor": 404,  # Hackney does not take part in Information Governance
    "other_cdio": 404,
    "central_team": 404,
}


def test_task_list_permission_matrix(any_role_client, wifi):
    response = any_role_client.get(URL)
    assert response.status_code == LIST_MATRIX[any_role_client.role]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    if response.status_code == 200:
        own = any_role_client.user.borough
        assert response.context["borough"] == own
        assert {task.borough_id for task in response.context["tasks"].participations} == {own.pk}


def test_question_page_permission_matrix(any_role_client, isa):
    project = isa.agreement.project
    response = any_role_client.get(page_url(project))
    assert response.status_code == QUESTION_MATRIX[any_role_client.role]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    response = any_role_client.post(page_url(project), {"action": "confirm"})
    assert response.status_code in (302, 400, 404)
    if QUESTION_MATRIX[any_role_client.role] != 200:
        isa.refresh_from_db()
        assert isa.updated_by is None and isa.version == 1


def test_a_project_unknown_to_the_site_is_404(editor_client):
    assert editor_client.get(f"{URL}no-such-project/").status_code == 404


# The task list ----------------------------------------------------------------


def test_task_list_shows_each_projects_state_and_when_it_was_last_checked(
    editor_client, camden, wifi, apprenticeships, isa, settings
):
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    now = timezone.now()
    # Seamless Wi-Fi: every row checked last week.
    Participation.objects.filter(project=wifi, borough=camden).update(updated_at=now - timedelta(days=7))
    for deliverable in wifi.deliverables.all():
        DeliverableStatusFactory(deliverable=deliverable, borough=camden, updated_at=now - timedelta(days=7))
    # Information Governance: checked once, long ago.
    Signatory.objects.filter(pk=isa.pk).update(updated_at=now - timedelta(days=40))
    TaskSummary.objects.refresh()  # update() sends no signals
    # Digital Apprenticeships: nothing ever recorded.
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert states(editor_client) == {
        "Seamless Wi-Fi": TaskState.UP_TO_DATE,
        "Information Governance": TaskState.NEEDS_CHECKING,
        "Digital Apprenticeships": TaskState.NOT_STARTED,
    }
    html = response.text
    assert 'class="govuk-task-list"' in html
    assert f'href="{page_url(wifi)}"' in html
    assert "Never checked." in html
    assert f"Last checked {timezone.localtime(now - timedelta(days=7)):%-d %B %Y}" in html
    assert "You have checked 1 of 3 projects." in html


def test_task_list_draws_no_form_fields(editor_client, wifi, apprenticeships, isa):
    html = editor_client.get(URL).text
    main = html[html.index("<main") : html.index("</main>")]
    assert "<select" not in main and "<textarea" not in main and "<input" not in main


def test_task_list_names_a_private_project_but_never_links_its_public_page(editor_client, hidden):
    html = editor_client.get(URL).text
    assert "Quiet pilot" in html and "not public yet" in html
    assert f'href="{page_url(hidden)}"' in html
    assert 'href="/projects/quiet-pilot/"' not in html


def test_sql_states_agree_with_the_row_by_row_staleness_rule(editor_client, camden, settings):
    """The task list works staleness out in SQL; the question page's hints and the reminders, in Python."""
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    now = timezone.now()
    fresh, old = now - timedelta(days=3), now - timedelta(days=45)
    cases = {
        "all fresh": dict(part=fresh, row=fresh, signed=False),
        "participation old": dict(part=old, row=fresh, signed=False),
        "a row old": dict(part=fresh, row=old, signed=False),
        "a row missing": dict(part=fresh, row=None, signed=False),
        "old but signed": dict(part=fresh, row=old, signed=True),
        "nothing recorded": dict(part=None, row=None, signed=False),
    }
    for title, case in cases.items():
        project = ProjectFactory(title=title)
        ParticipationFactory(project=project, borough=camden, updated_at=case["part"])
        kind = "signature" if case["signed"] else "deliverable"
        if kind == "deliverable":
            deliverable = DeliverableFactory(project=project)
            if case["row"]:
                DeliverableStatusFactory(deliverable=deliverable, borough=camden, updated_at=case["row"])
            measure = MeasureFactory(project=project)
            if case["part"]:
                MeasureContributionFactory(measure=measure, borough=camden, updated_at=fresh)
        else:
            agreement = AgreementFactory(project=project)
            SignatoryFactory(
                agreement=agreement, borough=camden, state="signed", signed_on=date(2025, 2, 1), updated_at=case["row"]
            )
    python = {
        section.project.title: any(BoroughReport(camden).is_stale(row) for row in section.rows())
        for section in BoroughReport(camden).projects
    }
    tasks = BoroughTasks(camden)
    sql = {task.project.title: task.needs_checking for task in tasks.tasks(tasks.lines())}
    assert sql == python
    assert tasks.counts() == (4, 6)
    assert python == {
        "all fresh": False,
        "participation old": True,
        "a row old": True,
        "a row missing": True,
        "old but signed": False,
        "nothing recorded": True,
    }
    assert states(editor_client)["nothing recorded"] == TaskState.NOT_STARTED


def test_a_borough_in_many_projects_gets_a_paginated_task_list(editor_client, camden):
    for n in range(30):
        ParticipationFactory(project=ProjectFactory(title=f"Project {n:02d}"), borough=camden)
    first = editor_client.get(URL)
    assert len(first.context["tasks"].participations) == 25
    assert "Page 1 of 2" in first.text
    last = editor_client.get(URL + "?page=2")
    assert [p.project.title for p in last.context["tasks"].participations] == [f"Project {n}" for n in range(25, 30)]
    assert "You have checked 0 of 30 projects." in last.text


@pytest.mark.parametrize("projects", [2, 40])
def test_task_list_query_count_does_not_grow_with_projects(editor_client, camden, django_assert_num_queries, projects):
    for _ in range(projects):
        project = ProjectFactory()
        ParticipationFactory(project=project, borough=camden)
        for _ in range(3):
            DeliverableStatusFactory(deliverable=DeliverableFactory(project=project), borough=camden)
        MeasureContributionFactory(measure=MeasureFactory(project=project), borough=camden)
        SignatoryFactory(agreement=AgreementFactory(project=project), borough=camden)
    editor_client.get("/")  # the session refresh after sign-in
    # session, user, borough, the counts of checked projects (which also give the
    # paginator its count), the page's rows, and the key results the borough leads (okrs' tag)
    with django_assert_num_queries(6):
        assert editor_client.get(URL).status_code == 200


def test_borough_with_no_projects_is_told_so(client_for):
    response = client_for("cdio").get(URL)
    assert response.status_code == 200
    assert "is not taking part in any project yet" in response.text


# A question page --------------------------------------------------------------


def test_question_page_shows_every_commitment_of_the_project(editor_client, wifi):
    response = editor_client.get(page_url(wifi))
    assert response.status_code == 200
    html = response.text
    for text in ["Seamless Wi-Fi", "GovWifi", "Govroam", "Status", "Note", "Save and continue"]:
        assert text in html
    assert "Confirm nothing has changed" in html
    assert "Never checked." in html and "Needs checking" in html
    assert 'href="/projects/seamless-wi-fi/"' in html  # public: its page is linked
    assert "data-loti-unsaved-changes" in html


def test_question_page_of_a_private_project_opens_for_its_boroughs_and_hides_its_public_page(editor_client, hidden):
    response = editor_client.get(page_url(hidden))
    assert response.status_code == 200
    assert "Pilot site chosen" in response.text
    assert 'href="/projects/quiet-pilot/"' not in response.text
    assert "not public yet" in response.text


def test_question_page_has_every_kind_of_commitment(editor_client, camden, isa):
    project = isa.agreement.project
    DeliverableFactory(project=project, name="Workshop attended")
    MeasureFactory(project=project, name="Staff trained", unit="people", target=40)
    html = editor_client.get(page_url(project)).text
    expected = ["Workshop attended", "Staff trained your borough commits", "London ISA: your borough&#x27;s signature"]
    for text in expected:
        assert text in html
    assert "Date signed" in html


@pytest.mark.parametrize("deliverables", [1, 30])
def test_question_page_query_count_does_not_grow_with_rows(
    editor_client, camden, django_assert_num_queries, deliverables
):
    project = ProjectFactory(slug="big")
    ParticipationFactory(project=project, borough=camden)
    for _ in range(deliverables):
        DeliverableStatusFactory(
            deliverable=DeliverableFactory(project=project), borough=camden, updated_by=editor_client.user
        )
        MeasureContributionFactory(measure=MeasureFactory(project=project), borough=camden)
        SignatoryFactory(agreement=AgreementFactory(project=project), borough=camden)
    editor_client.get("/")
    # session, user, the participation (with its borough), then the report's three queries
    with django_assert_num_queries(6):
        assert editor_client.get(page_url(project)).status_code == 200


def test_save_and_continue_saves_changes_checks_the_rest_and_goes_to_the_next_project(
    editor_client, camden, wifi, apprenticeships, isa
):
    govwifi = wifi.deliverables.get(name="GovWifi")
    # Order by title: Digital Apprenticeships, Information Governance, Seamless Wi-Fi.
    response = save(editor_client, wifi, {f"del-{govwifi.pk}-state": "done"})
    assert response.status_code == 302
    assert response["Location"] == page_url(apprenticeships)  # wraps round to the first that needs checking

    status = DeliverableStatus.objects.get(deliverable=govwifi, borough=camden)
    assert status.state == "done" and status.updated_by == editor_client.user and status.version == 1
    assert status.history.get().history_user == editor_client.user
    # The unchanged rows are recorded as checked, with their values as they were.
    govroam = DeliverableStatus.objects.get(deliverable__name="Govroam", borough=camden)
    assert govroam.state == "not_started" and govroam.updated_by == editor_client.user
    assert Participation.objects.get(project=wifi, borough=camden).updated_by == editor_client.user
    wifi.refresh_from_db()
    assert timezone.now() - wifi.last_updated_at < timedelta(minutes=1)
    assert "Seamless Wi-Fi: saved 1 change." in editor_client.get(URL).text
    assert states(editor_client)["Seamless Wi-Fi"] == TaskState.UP_TO_DATE


def test_saving_the_last_project_needing_checking_returns_to_the_task_list(editor_client, camden, wifi):
    response = save(editor_client, wifi)
    assert response.status_code == 302 and response["Location"] == URL
    html = editor_client.get(URL).text
    assert "Every project is up to date." in html
    assert "You have checked 1 of 1 project." in html


def test_the_next_project_is_the_following_one_that_needs_checking(editor_client, camden):
    projects = [ProjectFactory(title=f"Project {letter}", slug=f"p-{letter}") for letter in "abcd"]
    for project in projects:
        ParticipationFactory(project=project, borough=camden)
    Participation.objects.filter(project=projects[2]).update(updated_at=timezone.now())  # c is up to date
    TaskSummary.objects.refresh()  # update() sends no signals
    assert save(editor_client, projects[1])["Location"] == page_url(projects[3])  # b -> d, skipping c
    assert save(editor_client, projects[3])["Location"] == page_url(projects[0])  # d -> a, round again
    assert save(editor_client, projects[0])["Location"] == URL  # nothing left


def test_confirm_nothing_has_changed_stamps_every_row_without_changing_it(editor_client, camden, wifi, isa):
    project = isa.agreement.project
    before = project.last_updated_at
    response = save(editor_client, project, action="confirm")
    assert response.status_code == 302
    isa.refresh_from_db()
    assert (isa.state, isa.updated_by, isa.version) == ("reviewing", editor_client.user, 2)
    assert isa.history.latest().history_user == editor_client.user
    participation = Participation.objects.get(project=project, borough=camden)
    assert participation.updated_by == editor_client.user and participation.status == "not_started"
    project.refresh_from_db()
    assert project.last_updated_at == before  # checking is not a change to the project
    assert "Information Governance: marked as checked, nothing changed." in editor_client.get(URL).text
    assert states(editor_client)["Information Governance"] == TaskState.UP_TO_DATE


def test_confirm_nothing_has_changed_after_changing_an_answer_asks_and_keeps_it(editor_client, camden, wifi):
    govwifi = wifi.deliverables.get(name="GovWifi")
    response = save(editor_client, wifi, {f"del-{govwifi.pk}-state": "done"}, action="confirm")
    assert response.status_code == 400
    assert "You have changed some answers" in response.text
    assert response.context["form"][f"del-{govwifi.pk}-state"].value() == "done"
    assert not DeliverableStatus.objects.filter(borough=camden).exists()
    assert 'data-loti-unsaved-changes="pending"' in response.text


def test_an_editor_cannot_change_another_boroughs_rows(editor_client, wifi, hackney):
    hackney_participation = Participation.objects.get(project=wifi, borough=hackney)
    hackney_status = DeliverableStatus.objects.get(borough=hackney)
    response = save(
        editor_client,
        wifi,
        {f"part-{hackney_participation.pk}-status": "blocked", f"part-{hackney_participation.pk}-version": "0"},
    )
    assert response.status_code == 302  # the unknown fields are not part of the form
    hackney_participation.refresh_from_db()
    assert hackney_participation.status == "not_started" and hackney_participation.updated_by is None
    hackney_status.refresh_from_db()
    assert hackney_status.updated_by is None


def test_form_has_fields_for_the_boroughs_rows_only(camden, hackney, wifi, isa):
    form = CommitmentsForm(BoroughReport(camden))
    names = set(form.fields)
    assert {f"part-{p.pk}-note" for p in Participation.objects.filter(borough=camden)} <= names
    assert f"sig-{isa.pk}-signed_on" in names and f"sig-{isa.pk}-version" in names
    hackney_rows = Participation.objects.filter(borough=hackney).values_list("pk", flat=True)
    assert not {f"part-{pk}-note" for pk in hackney_rows} & names


def test_status_is_a_choice_only_where_the_project_has_no_commitments(camden, wifi):
    from tests.factories import ParticipationFactory, ProjectFactory

    plain = ParticipationFactory(project=ProjectFactory(), borough=camden)
    with_commitments = Participation.objects.get(project=wifi, borough=camden)
    names = set(CommitmentsForm(BoroughReport(camden)).fields)
    assert f"part-{plain.pk}-status" in names
    # Worked out from the deliverables: shown in the note's hint, never chosen.
    assert f"part-{with_commitments.pk}-status" not in names
    assert "worked out from the commitments below" in str(
        CommitmentsForm(BoroughReport(camden)).fields[f"part-{with_commitments.pk}-note"].help_text
    )


# Bad input ------------------------------------------------------------------


def place_field(apprenticeships):
    return f"mea-{apprenticeships.measures.get().pk}-value"


@pytest.mark.parametrize(
    "value, message",
    [
        ("-3", "must be 0 or more"),
        ("three", "as a whole number"),
        ("2.5", "as a whole number"),
        ("1e3", "as a whole number"),
        ("", "or 0 if none"),
        ("1000000", "or fewer"),
        ("9" * 25, "or fewer"),
    ],
)
def test_a_bad_pledge_is_refused_with_errors_and_nothing_is_written(editor_client, apprenticeships, value, message):
    participation = Participation.objects.get(project=apprenticeships, borough__slug="camden")
    changes = {place_field(apprenticeships): value, f"part-{participation.pk}-note": "Typed, not lost"}
    response = save(editor_client, apprenticeships, changes)
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    assert 'class="govuk-error-summary"' in response.text
    assert f'href="#id_{place_field(apprenticeships)}"' in response.text
    assert message in response.text
    assert 'class="govuk-error-message"' in response.text
    assert f'value="{value}"' in response.text or value == ""
    assert "Typed, not lost" in response.text
    assert not MeasureContribution.objects.filter(borough__slug="camden").exists()
    participation.refresh_from_db()
    assert participation.note == "" and participation.updated_at is None


def test_a_pledge_with_thousands_separators_is_a_whole_number(editor_client, camden, apprenticeships):
    apprenticeships.measures.update(target=5000)
    assert save(editor_client, apprenticeships, {place_field(apprenticeships): "1,200"}).status_code == 302
    assert MeasureContribution.objects.get(borough=camden).value == 1200


def test_a_pledge_above_the_whole_target_asks_to_be_confirmed(editor_client, camden, apprenticeships):
    field = place_field(apprenticeships)
    confirm = field.removesuffix("-value") + "-confirm"
    response = save(editor_client, apprenticeships, {field: "150"})
    assert response.status_code == 400
    assert "150 places is more than the whole target of 100" in response.text
    assert "Yes, save 150 places" in response.text
    assert not MeasureContribution.objects.filter(borough=camden).exists()

    # Ticked for another number: asked again.
    response = save(editor_client, apprenticeships, {field: "160", confirm: "150"})
    assert response.status_code == 400 and "Yes, save 160 places" in response.text

    response = save(editor_client, apprenticeships, {field: "150", confirm: "150"})
    assert response.status_code == 302
    assert MeasureContribution.objects.get(borough=camden).value == 150
    # Saved once, the pledge is not questioned again on the next visit.
    assert save(editor_client, apprenticeships, action="confirm").status_code == 302


@pytest.mark.parametrize(
    "state, day, message",
    [
        ("signed", None, "Enter the date London ISA was signed"),
        ("reviewing", (1, 3, 2025), "Remove the date, or choose Signed"),
        ("signed", "future", "must be today or in the past"),
        ("signed", (1, 12, 2024), "on or after 6 January 2025"),
        ("signed", (31, 2, 2025), "Enter a real date"),
        ("signed", (1, 2, "9" * 20), "Enter a real date"),
        ("signed", ("9" * 20, 2, 2025), "Enter a real date"),
    ],
)
def test_signature_dates_are_checked(editor_client, isa, state, day, message):
    if day == "future":
        future = date.today() + timedelta(days=2)
        day = (future.day, future.month, future.year)
    prefix = f"sig-{isa.pk}"
    changes = {f"{prefix}-state": state}
    if day:
        changes.update({f"{prefix}-signed_on_{n}": part for n, part in enumerate(day)})
    response = save(editor_client, isa.agreement.project, changes)
    assert response.status_code == 400
    assert message in response.text
    isa.refresh_from_db()
    assert isa.state == "reviewing" and isa.version == 1


def test_a_signed_signature_with_its_date_is_saved(cdio_client, isa):
    prefix = f"sig-{isa.pk}"
    changes = {f"{prefix}-state": "signed", f"{prefix}-signed_on_0": "3", f"{prefix}-signed_on_1": "2"}
    changes[f"{prefix}-signed_on_2"] = "2025"
    assert save(cdio_client, isa.agreement.project, changes).status_code == 302
    isa.refresh_from_db()
    assert (isa.state, isa.signed_on, isa.updated_by) == ("signed", date(2025, 2, 3), cdio_client.user)


def test_a_second_person_saving_over_a_newer_change_is_told_and_loses_nothing(client_for, wifi, camden):
    first, second = client_for("editor"), client_for("cdio")
    govwifi = wifi.deliverables.get(name="GovWifi")
    field = f"del-{govwifi.pk}-state"
    url = page_url(wifi)
    first_data, second_data = current_values(first, url), current_values(second, url)  # both open the page

    first_data.update({field: "done", "action": "save"})
    assert first.post(url, first_data).status_code == 302

    second_data.update({field: "in_progress", "action": "save"})
    response = second.post(url, second_data)
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in response.text
    assert "Seamless Wi-Fi: GovWifi" in response.text
    assert "Theirs: Done. Yours: In progress." in response.text
    assert f'href="#id_{field}"' in response.text
    assert DeliverableStatus.objects.get(deliverable=govwifi, borough=camden).state == "done"
    # What the second person chose is still in the form, now with the newer versions...
    form = response.context["form"]
    assert form[field].value() == "in_progress"
    assert form.data[f"del-{govwifi.pk}-version"] == 1
    # ...so saving again is a deliberate overwrite, and it works.
    assert second.post(url, dict(form.data.items())).status_code == 302
    status = DeliverableStatus.objects.get(deliverable=govwifi, borough=camden)
    assert (status.state, status.updated_by, status.version) == ("in_progress", second.user, 2)


def test_a_row_not_checked_for_the_configured_days_is_flagged(editor_client, wifi, camden, settings):
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    for deliverable in wifi.deliverables.all():
        DeliverableStatusFactory(deliverable=deliverable, borough=camden, updated_at=timezone.now() - timedelta(days=5))
    Participation.objects.filter(borough=camden).update(updated_at=timezone.now() - timedelta(days=31), version=1)
    report = BoroughReport(camden)
    assert [type(row) for _, row in report.stale_rows()] == [Participation]
    assert states(editor_client)["Seamless Wi-Fi"] == TaskState.NEEDS_CHECKING


def test_task_list_offers_check_ins_for_key_results_the_borough_leads(cdio_client, camden):
    from tests.factories import KeyResultFactory

    key_result = KeyResultFactory(lead_borough=camden)
    page = cdio_client.get(URL).content.decode()
    assert "Key results your borough leads" in page
    assert key_result.get_check_in_url() in page


def test_a_conflict_names_and_links_to_the_answer_that_changed_not_the_rows_first(client_for, wifi, camden):
    first, second = client_for("editor"), client_for("cdio")
    part = Participation.objects.get(project=wifi, borough=camden)
    url = page_url(wifi)
    first_data, second_data = current_values(first, url), current_values(second, url)
    first_data.update({f"part-{part.pk}-note": "Theirs", "action": "save"})
    assert first.post(url, first_data).status_code == 302

    second_data.update({f"part-{part.pk}-note": "Mine", "action": "save"})
    response = second.post(url, second_data)
    assert response.status_code == 409
    assert f'href="#id_part-{part.pk}-note">Seamless Wi-Fi: Note</a>' in response.text
    assert "Theirs: note “Theirs”. Yours: note “Mine”." in response.text
    # The form is below the summary, and the summary says so (it once said "the rows above").
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "Your answers are still in the form below" in summary
    assert "above" not in summary
