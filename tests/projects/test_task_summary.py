"""My borough's task list reads summaries (projects.models.tasks) that follow every write; it is kept per borough."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import DeliverableStatus, Participation, TaskSummary
from projects.reports import BoroughTasks
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    borough,
)

pytestmark = pytest.mark.django_db

URL = "/projects/my-borough/"


def kept():
    fields = ["borough_id", "project_id", "project_title", "never_checked", "oldest_check", "newest_check"]
    return {row[0]: row[1:] for row in TaskSummary.objects.values_list("participation_id", *fields)}


def assert_kept_as_worked_out():
    """What the signals kept equals a summary worked out afresh from every row."""
    before = kept()
    TaskSummary.objects.refresh()
    assert before == kept()
    assert set(before) == set(Participation.objects.values_list("pk", flat=True))


def test_summaries_follow_every_kind_of_write(camden):
    now = timezone.now()
    project = ProjectFactory(title="Seamless Wi-Fi")
    part = ParticipationFactory(project=project, borough=camden)
    ParticipationFactory(project=project, borough=borough("hackney"))
    assert TaskSummary.objects.get(participation=part).never_checked == 1  # the part itself, never checked
    assert_kept_as_worked_out()

    deliverable = DeliverableFactory(project=project)  # every borough in the project has a new row to check
    assert TaskSummary.objects.get(participation=part).never_checked == 2
    assert_kept_as_worked_out()

    status = DeliverableStatusFactory(deliverable=deliverable, borough=camden, updated_at=now - timedelta(days=3))
    part.updated_at = now - timedelta(days=1)
    part.save()
    summary = TaskSummary.objects.get(participation=part)
    assert (summary.never_checked, summary.oldest_check) == (0, status.updated_at)
    assert summary.newest_check == part.updated_at
    assert_kept_as_worked_out()

    MeasureContributionFactory(measure=MeasureFactory(project=project), borough=camden, updated_at=now)
    SignatoryFactory(
        agreement=AgreementFactory(project=project),
        borough=camden,
        state="signed",
        signed_on=date(2025, 2, 1),
        updated_at=now - timedelta(days=400),
    )
    assert_kept_as_worked_out()
    assert TaskSummary.objects.get(participation=part).oldest_check == status.updated_at  # a signature never goes stale

    status.delete()
    assert TaskSummary.objects.get(participation=part).never_checked == 1
    project.title = "Seamless Wi-Fi for London"
    project.save()
    assert TaskSummary.objects.get(participation=part).project_title == "Seamless Wi-Fi for London"
    assert_kept_as_worked_out()

    deliverable.delete()
    part.delete()
    assert not TaskSummary.objects.filter(participation_id=part.pk).exists()
    assert_kept_as_worked_out()


def test_after_the_commit_a_summary_counts_writes_it_did_not_see(camden, django_capture_on_commit_callbacks):
    """Two people saving one project at once: the later commit's refresh reads both changes."""
    project = ProjectFactory()
    part = ParticipationFactory(project=project, borough=camden)
    first, second = DeliverableFactory(project=project), DeliverableFactory(project=project)
    with django_capture_on_commit_callbacks(execute=True):
        DeliverableStatusFactory(deliverable=second, borough=camden, updated_at=timezone.now())
        # The other person's row, which this transaction's own refresh did not see (no signal here).
        DeliverableStatus.objects.bulk_create([DeliverableStatus(deliverable=first, borough=camden)])
        DeliverableStatus.objects.filter(deliverable=first).update(updated_at=timezone.now())
        assert TaskSummary.objects.get(participation=part).never_checked == 2
    assert TaskSummary.objects.get(participation=part).never_checked == 1  # the part only: both rows counted


def test_task_list_reads_the_same_queries_and_rows_in_any_number_of_projects(editor_client, camden, no_page_cache):
    def page_queries():
        editor_client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(URL).status_code == 200
        return [q["sql"] for q in queries if "projects_" in q["sql"]]

    for n in range(3):
        DeliverableStatusFactory(deliverable=DeliverableFactory(project=ProjectFactory(title=f"A{n}")), borough=camden)
        ParticipationFactory(project=ProjectFactory(title=f"B{n}"), borough=camden)
    few = page_queries()
    for n in range(60):
        ParticipationFactory(project=ProjectFactory(title=f"C{n:02d}"), borough=camden)
    many = page_queries()
    # One count and one page of summaries, and neither reads a commitment table.
    assert len(few) == len(many) == 2
    assert not any("deliverable" in sql or "measure" in sql or "signatory" in sql for sql in many)


def test_next_to_check_skips_projects_that_are_up_to_date_and_wraps_round(camden):
    now = timezone.now()
    projects = [ProjectFactory(title=f"Project {letter}") for letter in "abcd"]
    for project in projects:
        ParticipationFactory(project=project, borough=camden, updated_at=now if project.title.endswith("c") else None)
    tasks = BoroughTasks(camden)
    assert tasks.next_to_check(after=projects[1]).project == projects[3]
    assert tasks.next_to_check(after=projects[3]).project == projects[0]
    assert tasks.counts() == (3, 4)


# The projects section is kept per borough: FRAGMENT_CACHE_SECONDS is on in tests (conftest).


def get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    response.queries = len(queries)
    response.reads_tasks = any("projects_" in q["sql"] for q in queries)
    return response


@pytest.fixture
def lists(camden):
    ParticipationFactory(project=ProjectFactory(title="Camden's own pilot"), borough=camden)
    ParticipationFactory(project=ProjectFactory(title="Hackney's own pilot"), borough=borough("hackney"))
    shared = ProjectFactory(title="Shared Wi-Fi")
    ParticipationFactory(project=shared, borough=camden)
    ParticipationFactory(project=shared, borough=borough("hackney"))
    return shared


def test_a_warm_task_list_reads_no_summaries(client_for, lists):
    cdio, editor = client_for("cdio"), client_for("editor")  # (a new user is a change to the boroughs)
    cdio.get("/accessibility/")  # the session refresh after sign-in
    editor.get("/accessibility/")
    first, second = get(cdio), get(cdio)
    assert "Camden&#x27;s own pilot" in second.text and "You have checked 0 of 2 projects." in second.text
    assert second.queries < first.queries
    assert first.reads_tasks and not second.reads_tasks
    assert not get(editor).reads_tasks  # the same borough's editor is served the kept list


def test_each_borough_sees_its_own_task_list_from_the_cache(client_for, lists):
    camden_list, hackney_list = get(client_for("cdio")), get(client_for("other_cdio"))
    camden_again, hackney_again = get(client_for("editor")), get(client_for("other_editor"))
    for response in (camden_list, camden_again):
        assert "Camden&#x27;s own pilot" in response.text and "Hackney&#x27;s own pilot" not in response.text
    for response in (hackney_list, hackney_again):
        assert "Hackney&#x27;s own pilot" in response.text and "Camden&#x27;s own pilot" not in response.text


def test_checking_a_project_redraws_the_kept_task_list(client_for, lists, camden):
    cdio = client_for("cdio")
    get(cdio)
    assert "You have checked 0 of 2 projects." in get(cdio).text
    for part in Participation.objects.filter(borough=camden):
        part.updated_at = timezone.now()
        part.save()
    assert "You have checked 2 of 2 projects." in get(cdio).text
