"""The report-once page: a borough's editors and CDIO update every commitment in one submission."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from projects.forms import MyBoroughForm
from projects.models import DeliverableStatus, MeasureContribution, Participation
from projects.reports import BoroughReport
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


def current_values(client):
    return current_values_at(client, URL)


def current_values_at(client, url):
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


# Who may open the page ------------------------------------------------------

MATRIX = {
    "anonymous": 302,
    "member": 403,
    "editor": 200,
    "cdio": 200,
    "other_member": 403,
    "other_editor": 200,
    "other_cdio": 200,
    "central_team": 403,
}


def test_permission_matrix(any_role_client, wifi):
    response = any_role_client.get(URL)
    assert response.status_code == MATRIX[any_role_client.role]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    if response.status_code == 200:
        # each borough sees its own borough's rows and nobody else's
        own = any_role_client.user.borough
        assert response.context["report"].borough == own
        assert f"{own.name}" in response.text


def test_page_lists_every_commitment_of_the_borough_across_projects(editor_client, wifi, apprenticeships, isa):
    response = editor_client.get(URL)
    html = response.text
    for text in [
        "Seamless Wi-Fi",
        "GovWifi",
        "Govroam",
        "Digital Apprenticeships",
        "Apprenticeship places",
        "London ISA",
    ]:
        assert text in html
    # Camden has no rows yet for its deliverables and measure: shown as never updated, flagged
    assert "Never updated." in html
    assert "Needs checking" in html


def test_saving_changes_only_changed_rows_and_records_who_and_when(editor_client, wifi, apprenticeships, camden):
    data = current_values(editor_client)
    govwifi = wifi.deliverables.get(name="GovWifi")
    measure = apprenticeships.measures.get()
    data[f"del-{govwifi.pk}-state"] = "done"
    data[f"mea-{measure.pk}-value"] = "8"
    response = editor_client.post(URL, data)
    assert response.status_code == 302

    status = DeliverableStatus.objects.get(deliverable=govwifi, borough=camden)
    assert status.state == "done" and status.updated_by == editor_client.user and status.version == 1
    assert status.history.get().history_user == editor_client.user
    contribution = MeasureContribution.objects.get(measure=measure, borough=camden)
    assert contribution.value == 8
    # unchanged rows are not touched
    assert not DeliverableStatus.objects.filter(deliverable__name="Govroam", borough=camden).exists()
    assert Participation.objects.get(project=wifi, borough=camden).updated_at is None
    wifi.refresh_from_db()
    assert timezone.now() - wifi.last_updated_at < timedelta(minutes=1)
    assert "Saved 2 changes" in editor_client.get(URL).text


def test_confirming_all_marks_every_row_checked(cdio_client, wifi, camden):
    data = current_values(cdio_client)
    data["confirm_all"] = "on"
    assert cdio_client.post(URL, data).status_code == 302
    assert DeliverableStatus.objects.filter(borough=camden, updated_by=cdio_client.user).count() == 2
    assert Participation.objects.get(project=wifi, borough=camden).updated_by == cdio_client.user
    response = cdio_client.get(URL)
    assert response.context["report"].stale_rows() == []
    assert "need checking" not in response.text and "needs checking" not in response.text


def test_a_row_not_checked_for_the_configured_days_is_flagged(editor_client, wifi, camden, settings):
    settings.COMMITMENT_STALE_AFTER_DAYS = 30
    for deliverable in wifi.deliverables.all():
        DeliverableStatusFactory(deliverable=deliverable, borough=camden, updated_at=timezone.now() - timedelta(days=5))
    Participation.objects.filter(borough=camden).update(updated_at=timezone.now() - timedelta(days=31), version=1)
    report = BoroughReport(camden)
    stale = report.stale_rows()
    assert [type(row) for _, row in stale] == [Participation]


def test_an_editor_cannot_change_another_boroughs_rows(editor_client, wifi, hackney):
    hackney_participation = Participation.objects.get(project=wifi, borough=hackney)
    hackney_status = DeliverableStatus.objects.get(borough=hackney)
    data = current_values(editor_client)
    data[f"part-{hackney_participation.pk}-status"] = "blocked"
    data[f"part-{hackney_participation.pk}-version"] = "0"
    response = editor_client.post(URL, data)
    assert response.status_code == 302  # the unknown fields are not part of the form
    hackney_participation.refresh_from_db()
    assert hackney_participation.status == "not_started" and hackney_participation.updated_by is None
    hackney_status.refresh_from_db()
    assert hackney_status.updated_by is None


@pytest.mark.parametrize(
    "value, message",
    [
        ("-3", "must be 0 or more"),
        ("three", "as a whole number"),
        ("2.5", "as a whole number"),
        ("", "or 0 if none"),
        ("1000000", "or fewer"),
    ],
)
def test_a_bad_contribution_is_refused_with_errors_and_nothing_is_written(
    editor_client, wifi, apprenticeships, value, message
):
    data = current_values(editor_client)
    govwifi = wifi.deliverables.get(name="GovWifi")
    measure = apprenticeships.measures.get()
    data[f"del-{govwifi.pk}-state"] = "done"  # a valid change alongside: must not be saved either
    data[f"mea-{measure.pk}-value"] = value
    response = editor_client.post(URL, data)
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    assert 'class="govuk-error-summary"' in response.text
    assert message in response.text
    assert 'class="govuk-error-message"' in response.text
    assert f'value="{value}"' in response.text or value == ""
    assert not DeliverableStatus.objects.filter(deliverable=govwifi, borough__slug="camden").exists()
    assert not MeasureContribution.objects.filter(measure=measure, borough__slug="camden").exists()


@pytest.mark.parametrize(
    "state, day, message",
    [
        ("signed", None, "Enter the date London ISA was signed"),
        ("reviewing", date(2025, 3, 1), "Remove the date, or choose Signed"),
        ("signed", date.today() + timedelta(days=2), "must be today or in the past"),
        ("signed", date(2024, 12, 1), "on or after 6 January 2025"),
    ],
)
def test_signature_dates_are_checked(editor_client, isa, state, day, message):
    data = current_values(editor_client)
    prefix = f"sig-{isa.pk}"
    data[f"{prefix}-state"] = state
    if day:
        data.update(
            {f"{prefix}-signed_on_0": day.day, f"{prefix}-signed_on_1": day.month, f"{prefix}-signed_on_2": day.year}
        )
    response = editor_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.text
    isa.refresh_from_db()
    assert isa.state == "reviewing" and isa.version == 1


def test_a_signed_signature_with_its_date_is_saved(cdio_client, isa):
    data = current_values(cdio_client)
    prefix = f"sig-{isa.pk}"
    data.update(
        {
            f"{prefix}-state": "signed",
            f"{prefix}-signed_on_0": "3",
            f"{prefix}-signed_on_1": "2",
            f"{prefix}-signed_on_2": "2025",
        }
    )
    assert cdio_client.post(URL, data).status_code == 302
    isa.refresh_from_db()
    assert (isa.state, isa.signed_on, isa.updated_by) == ("signed", date(2025, 2, 3), cdio_client.user)


def test_a_second_person_saving_over_a_newer_change_is_told_and_loses_nothing(client_for, wifi, camden):
    first, second = client_for("editor"), client_for("cdio")
    govwifi = wifi.deliverables.get(name="GovWifi")
    field = f"del-{govwifi.pk}-state"
    first_data, second_data = current_values(first), current_values(second)  # both open the page

    first_data[field] = "done"
    assert first.post(URL, first_data).status_code == 302

    second_data[field] = "in_progress"
    response = second.post(URL, second_data)
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in response.text
    assert "Seamless Wi-Fi: GovWifi" in response.text
    assert DeliverableStatus.objects.get(deliverable=govwifi, borough=camden).state == "done"
    # What the second person chose is still in the form, now with the newer version...
    assert response.context["form"]["del-%d-state" % govwifi.pk].value() == "in_progress"
    assert response.context["form"].data[f"del-{govwifi.pk}-version"] == 1
    # ...so saving again is a deliberate overwrite, and it works.
    resubmit = {k: v for k, v in response.context["form"].data.items()}
    assert second.post(URL, resubmit).status_code == 302
    status = DeliverableStatus.objects.get(deliverable=govwifi, borough=camden)
    assert (status.state, status.updated_by, status.version) == ("in_progress", second.user, 2)


def test_borough_with_no_projects_is_told_so(client_for):
    response = client_for("cdio").get(URL)
    assert response.status_code == 200
    assert "is not taking part in any project yet" in response.text


@pytest.mark.parametrize("projects", [1, 12])
def test_query_count_does_not_grow_with_projects_and_rows(editor_client, camden, django_assert_num_queries, projects):
    for _ in range(projects):
        project = ProjectFactory()
        ParticipationFactory(project=project, borough=camden)
        for _ in range(3):
            DeliverableStatusFactory(
                deliverable=DeliverableFactory(project=project), borough=camden, updated_by=editor_client.user
            )
        MeasureContributionFactory(measure=MeasureFactory(project=project), borough=camden)
        SignatoryFactory(agreement=AgreementFactory(project=project), borough=camden)
    editor_client.get("/")  # the session refresh after sign-in
    # session, user, borough, the page of projects (count and ids), then the report's six queries
    with django_assert_num_queries(11):
        assert editor_client.get(URL).status_code == 200


def test_a_borough_in_many_projects_gets_them_five_a_page_and_saves_each_page(editor_client, camden):
    projects = [ProjectFactory(title=f"Project {n:02d}") for n in range(23)]
    for project in projects:
        ParticipationFactory(project=project, borough=camden)
    first = editor_client.get(URL)
    assert len(first.context["report"].projects) == 5
    assert "page 1 of 5" in first.text
    last = editor_client.get(URL + "?page=5")
    assert [s.project.title for s in last.context["report"].projects] == ["Project 20", "Project 21", "Project 22"]
    data = current_values_at(editor_client, URL + "?page=5")
    participation = Participation.objects.get(project=projects[22], borough=camden)
    data[f"part-{participation.pk}-status"] = "done"
    response = editor_client.post(URL + "?page=5", data)
    assert response.status_code == 302 and response["Location"] == URL + "?page=5"
    participation.refresh_from_db()
    assert participation.status == "done"


def test_form_has_fields_for_the_boroughs_rows_only(camden, hackney, wifi, isa):
    form = MyBoroughForm(BoroughReport(camden))
    names = set(form.fields)
    assert {f"part-{p.pk}-status" for p in Participation.objects.filter(borough=camden)} <= names
    assert f"sig-{isa.pk}-signed_on" in names and f"sig-{isa.pk}-version" in names
    hackney_rows = Participation.objects.filter(borough=hackney).values_list("pk", flat=True)
    assert not {f"part-{pk}-status" for pk in hackney_rows} & names
