"""Calls' stages, ideas' status changes, the database's own guarantees, and how times are written."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from govuk.formats import clock, moment, until
from ideas.models import Call, Idea, IdeaStateError, Stage, Status, Vote
from tests.factories import CallFactory, IdeaFactory, ProjectFactory, UserFactory, VoteFactory, borough

pytestmark = pytest.mark.django_db


def london(*args):
    return timezone.make_aware(datetime.datetime(*args))


# Calls -----------------------------------------------------------------------


@pytest.fixture
def call_2019():
    return CallFactory(
        opens_at=london(2019, 7, 22, 9, 0),
        deadline_at=london(2019, 9, 6, 23, 59),
        workshop_on=datetime.date(2019, 9, 20),
        voting_opens_at=london(2019, 9, 20, 10, 0),
        voting_closes_at=london(2019, 9, 20, 12, 0),
    )


@pytest.mark.parametrize(
    ("moment_", "stage"),
    [
        ((2019, 7, 22, 8, 59), Stage.UPCOMING),
        ((2019, 7, 22, 9, 0), Stage.OPEN),
        ((2019, 9, 6, 23, 59), Stage.OPEN),  # the deadline itself is still in time
        ((2019, 9, 7, 0, 0), Stage.REVIEWING),
        ((2019, 9, 20, 9, 59), Stage.REVIEWING),
        ((2019, 9, 20, 10, 0), Stage.VOTING),
        ((2019, 9, 20, 11, 59), Stage.VOTING),
        ((2019, 9, 20, 12, 0), Stage.CLOSED),
    ],
)
def test_a_calls_stage_follows_its_dates(call_2019, moment_, stage):
    assert call_2019.stage(london(*moment_)) == stage


@pytest.mark.parametrize(
    "fields",
    [
        {"deadline_at": london(2019, 7, 1)},  # before it opens
        {"voting_opens_at": london(2019, 9, 6, 12, 0)},  # before the deadline
        {"voting_closes_at": london(2019, 9, 20, 10, 0)},  # an empty window
        {"votes_per_borough": 0},
        {"votes_per_borough": 21},
    ],
)
def test_the_database_refuses_a_call_with_impossible_dates_or_allowance(call_2019, fields):
    for name, value in fields.items():
        setattr(call_2019, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        call_2019.save()


def test_current_and_past_calls(call_2019):
    now = timezone.now()
    open_call = CallFactory()
    CallFactory(opens_at=now + datetime.timedelta(days=1))  # not open yet: neither
    voting = CallFactory(voting=True)
    assert list(Call.objects.current()) == [open_call, voting]
    assert list(Call.objects.past()) == [call_2019]


# Ideas -----------------------------------------------------------------------


def test_status_changes_record_who_and_when_and_shortlisting_is_remembered():
    idea = IdeaFactory()
    central = UserFactory(central_team=True)
    idea.start_review(by=central)
    idea.shortlist(by=central)
    shortlisted_at = idea.shortlisted_at
    assert shortlisted_at is not None
    idea.set_aside(by=central)
    idea.refresh_from_db()
    assert idea.status == Status.NOT_PROGRESSED
    assert idea.shortlisted_at == shortlisted_at  # still part of the vote's results
    assert [h.status for h in idea.history.order_by("history_id")] == [
        "submitted",
        "under_review",
        "shortlisted",
        "not_progressed",
    ]
    assert {h.history_user for h in idea.history.exclude(status="submitted")} == {central}


@pytest.mark.parametrize(
    ("start", "method"),
    [
        (Status.SUBMITTED, "select"),
        (Status.WITHDRAWN, "start_review"),
        (Status.WITHDRAWN, "shortlist"),
        (Status.SHORTLISTED, "shortlist"),
        (Status.SHORTLISTED, "withdraw"),
        (Status.SELECTED, "withdraw"),
    ],
)
def test_status_changes_the_idea_does_not_allow_are_refused(start, method):
    idea = IdeaFactory(status=start, shortlisted_at=timezone.now())
    with pytest.raises(IdeaStateError):
        getattr(idea, method)(by=None)
    idea.refresh_from_db()
    assert idea.status == start


def test_the_database_keeps_a_project_for_selected_ideas_only():
    idea = IdeaFactory(under_review=True)
    idea.project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        idea.save()


def test_the_database_refuses_a_shortlisted_idea_without_its_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaFactory(status=Status.SHORTLISTED, shortlisted_at=None)


def test_the_database_refuses_an_empty_title():
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaFactory(title="")


def test_the_database_refuses_a_second_vote_from_a_borough_for_one_idea():
    vote = VoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(idea=vote.idea, borough=vote.borough)


def test_visible_to_hides_other_peoples_withdrawn_ideas():
    mine = UserFactory()
    IdeaFactory(title="Mine, withdrawn", submitted_by=mine, withdrawn=True)
    IdeaFactory(title="Theirs, withdrawn", withdrawn=True)
    IdeaFactory(title="Open")
    titles = set(Idea.objects.visible_to(mine).values_list("title", flat=True))
    assert titles == {"Mine, withdrawn", "Open"}
    central = UserFactory(central_team=True)
    assert Idea.objects.visible_to(central).count() == 3


def test_ranked_puts_the_most_votes_first_and_shares_ranks():
    call = CallFactory(closed=True)
    a, b, c, d = (IdeaFactory(call=call, title=t, shortlisted=True) for t in "ABCD")
    for idea, slugs in [(b, ["camden", "hackney"]), (c, ["camden", "brent"]), (d, ["camden"])]:
        for slug in slugs:
            VoteFactory(idea=idea, borough=borough(slug))
    ranked = [(i.title, i.vote_count, i.rank) for i in call.ideas.ranked()]
    assert ranked == [("B", 2, 1), ("C", 2, 1), ("D", 1, 3), ("A", 0, 4)]


# Times the GOV.UK way --------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "text"),
    [
        ((2019, 9, 6, 23, 59), "11:59pm"),
        ((2019, 9, 20, 10, 0), "10am"),
        ((2019, 9, 20, 12, 0), "midday"),
        ((2019, 9, 20, 12, 30), "12:30pm"),
        ((2019, 12, 1, 0, 5), "12:05am"),
    ],
)
def test_clock_writes_times_as_govuk_does(when, text):
    assert clock(london(*when)) == text


def test_moment_is_in_london_time_whatever_the_season():
    summer = datetime.datetime(2019, 9, 6, 22, 59, tzinfo=datetime.UTC)  # 11:59pm BST
    winter = datetime.datetime(2026, 12, 10, 23, 59, tzinfo=datetime.UTC)
    assert moment(summer) == "11:59pm on 6 September 2019"
    assert moment(winter) == "11:59pm on 10 December 2026"
    assert moment(None) == ""


def test_until_names_the_day_once_when_a_span_fits_in_it():
    assert until(london(2019, 9, 20, 10, 0), london(2019, 9, 20, 12, 0)) == "10am to midday on 20 September 2019"
    assert until(london(2019, 9, 20, 16, 0), london(2019, 9, 21, 9, 30)) == (
        "4pm on 20 September 2019 to 9:30am on 21 September 2019"
    )
