"""The draft is drawn from what the public pages show, changed within the week, and nothing private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.forms import RowChange
from projects.models import DeliverableStatus, Signatory
from projects.services import commitments_save, project_update_publish
from tests.factories import (
    AgreementFactory,
    CallFactory,
    CheckInFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    IdeaFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    SignatoryFactory,
    UserFactory,
    VacancyFactory,
    VoteFactory,
    borough,
)
from weeknotes import drafting
from weeknotes.models import monday_of

pytestmark = pytest.mark.django_db


def this_monday():
    return monday_of(timezone.localdate())


def before_the_week(*records):
    """Move rows' history to last week: as if they had been saved then."""
    earlier = timezone.now() - timedelta(days=8)
    for record in records:
        record.history.update(history_date=earlier)


def body():
    return drafting.draft(this_monday())[1]


def project_with_deliverable(title, boroughs=("camden", "hackney", "islington"), **kwargs):
    project = ProjectFactory(title=title, **kwargs)
    for slug in boroughs:
        ParticipationFactory(project=project, borough=borough(slug))
    return project, DeliverableFactory(project=project, name="Govroam")


def test_draft_has_the_weeks_commitment_key_result_and_job_description_and_nothing_private():
    editor = UserFactory(editor=True)
    # A commitment: Hackney had finished Govroam last week; Camden finishes it this week.
    project, govroam = project_with_deliverable("Seamless Wi-Fi")
    before_the_week(DeliverableStatusFactory(deliverable=govroam, borough=borough("hackney"), state="done"))
    camden = borough("camden")
    change = RowChange(
        row=DeliverableStatus(deliverable=govroam, borough=camden),
        project_id=project.pk,
        lookup={"deliverable": govroam, "borough": camden},
        values={"state": "done"},
        version=0,
        label="Govroam",
    )
    commitments_save(changes=[change], by=editor)  # as the My borough page saves it
    # The same change in a project that is not public.
    private, hidden = project_with_deliverable("Secret pilot", is_public=False)
    DeliverableStatusFactory(deliverable=hidden, borough=borough("camden"), state="done")
    private_update = private.updates.create(
        title="Hush-hush progress", body="Not for the public.", phase="alpha", health="on_track"
    )
    # A key result: 40 last week, 65 this week.
    quarter = QuarterFactory(year=8, number=2)
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), title="Publish a guide to hiring")
    CheckInFactory(key_result=kr, checked_on=this_monday() - timedelta(days=3), value=40)
    CheckInFactory(key_result=kr, checked_on=timezone.localdate(), value=65)
    # A key result of a quarter not published yet.
    draft_quarter = QuarterFactory(year=9, number=1, is_published=False)
    secret_kr = KeyResultFactory(objective=ObjectiveFactory(quarter=draft_quarter), title="Unannounced plan")
    CheckInFactory(key_result=secret_kr, checked_on=timezone.localdate(), value=10)
    # A job description published this week, one waiting for moderation, one published long ago.
    jd = JobDescriptionFactory(title="Senior Data Analyst", pending=True)
    jd.publish(by=UserFactory(central_team=True))
    jd.save()
    JobDescriptionFactory(title="Pending Product Manager", pending=True)
    JobDescriptionFactory(title="Old Developer", published_at=timezone.now() - timedelta(days=30))

    text = body()

    assert "Seamless Wi-Fi" in text
    assert "1 more borough completed Govroam: 2 of 3" in text
    assert "1 borough updated their commitments" in text
    assert "Publish a guide to hiring" in text and "moved from 40 to 65% of 100%" in text
    assert "Senior Data Analyst" in text
    for secret in ("Secret pilot", private_update.title, "Unannounced plan", "Pending Product Manager"):
        assert secret not in text
    assert "Old Developer" not in text


def test_draft_ends_with_coming_up_for_the_team_to_write():
    title, text = drafting.draft(this_monday())
    assert title == f"Weeknote {this_monday().isocalendar()[1]} of {this_monday().isocalendar()[0]}"
    assert text.rstrip().endswith("### Coming up")


def test_a_change_last_week_is_not_in_this_weeks_draft():
    project, govroam = project_with_deliverable("Seamless Wi-Fi")
    before_the_week(project, DeliverableStatusFactory(deliverable=govroam, state="done"))
    assert "Seamless Wi-Fi" not in body()


def test_draft_has_updates_posted_and_phase_and_health_changes():
    project = ProjectFactory(title="Digital Apprenticeships", phase="alpha", health="on_track")
    before_the_week(project)
    project_update_publish(
        project=project, by=UserFactory(central_team=True), title="Pledges are in", body="Good news.",
        phase="beta", health="at_risk",
    )  # fmt: skip
    text = body()
    assert "Pledges are in" in text
    assert "moved from alpha to beta" in text
    assert "is now at risk (was on track)" in text


def test_draft_counts_places_pledged_and_signatures():
    measure = MeasureFactory(name="digital apprenticeship places", unit="places", target=100)
    before_the_week(MeasureContributionFactory(measure=measure, borough=borough("hackney"), value=51))
    MeasureContributionFactory(measure=measure, borough=borough("camden"), value=12)
    agreement = AgreementFactory(title="Pan-London ISA")
    signed = Signatory.State.SIGNED
    long_ago = timezone.localdate() - timedelta(days=9)
    before_the_week(SignatoryFactory(agreement=agreement, borough=borough("hackney"), state=signed, signed_on=long_ago))
    SignatoryFactory(agreement=agreement, borough=borough("camden"), state=signed, signed_on=timezone.localdate())
    SignatoryFactory(agreement=agreement, body=True)
    text = body()
    assert "12 more places pledged to digital apprenticeship places: 63 of 100" in text
    assert "1 more signature on Pan-London ISA: 2 of 3 signed" in text


def test_draft_counts_ideas_and_votes_and_names_no_idea_before_results():
    call = CallFactory(voting=True, title="Ideas for 2027")
    IdeaFactory(call=call, title="Share a data lake")
    IdeaFactory(call=call, title="Withdrawn thought", withdrawn=True)
    shortlisted = IdeaFactory(call=call, shortlisted=True, title="Joint cyber team")
    VoteFactory(idea=shortlisted, borough=borough("camden"))
    VoteFactory(idea=shortlisted, borough=borough("hackney"))
    text = body()
    assert "Ideas for 2027" in text
    assert "2 ideas submitted" in text  # the withdrawn one is not counted
    assert "1 idea shortlisted for the vote" in text
    assert "2 votes cast by 2 boroughs" in text
    assert "Share a data lake" not in text and "Joint cyber team" not in text


def test_draft_lists_vacancies_posted_this_week():
    VacancyFactory(title="Head of Data", posted_on=timezone.localdate())
    VacancyFactory(title="Old vacancy")  # posted a week ago, by default
    text = body()
    assert "Head of Data" in text
    assert "1 vacancy went on the jobs board" in text
    assert "Old vacancy" not in text


def make_a_busy_week(projects):
    """`projects` public projects, each with a borough finishing a deliverable, a pledge and a signature."""
    objective = ObjectiveFactory(quarter=QuarterFactory(year=8, number=2))
    for n in range(projects):
        project, govroam = project_with_deliverable(f"Busy project {n}")
        DeliverableStatusFactory(deliverable=govroam, state="done")
        MeasureContributionFactory(measure=MeasureFactory(project=project), value=3)
        SignatoryFactory(agreement=AgreementFactory(project=project), state="signed", signed_on=timezone.localdate())
        project.updates.create(title=f"Update {n}", body="News.", phase="beta", health="on_track")
        kr = KeyResultFactory(objective=objective)
        CheckInFactory(key_result=kr, checked_on=timezone.localdate(), value=n + 1)
        JobDescriptionFactory()
        VacancyFactory(posted_on=timezone.localdate())
        IdeaFactory(call=CallFactory())


@pytest.mark.parametrize("projects", [1, 6])
def test_drafting_costs_the_same_queries_however_busy_the_week(django_assert_max_num_queries, projects):
    make_a_busy_week(projects)
    with django_assert_max_num_queries(40):
        text = body()
    assert text.count("more borough completed Govroam") == projects
