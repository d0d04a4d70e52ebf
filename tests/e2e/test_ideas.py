"""The ideas bank in a real browser: submitting an idea, voting at the workshop, and the published results."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Idea, Vote
from tests.e2e.conftest import (
    check_page,
    govuk_frontend_ready,
    sign_in,
    success_banner,
)
from tests.factories import TEST_PASSWORD, CallFactory, IdeaFactory, UserFactory, VoteFactory, borough, theme

pytestmark = pytest.mark.e2e


def in_days(n, hour=None):
    when = timezone.localtime() + datetime.timedelta(days=n)
    return when.replace(hour=hour, minute=0, second=0, microsecond=0) if hour is not None else when


@pytest.fixture
def open_call(camden):
    call = CallFactory(
        title="Call for ideas: LOTI projects for 2027",
        slug="projects-2027",
        description="Tell us about a problem your borough cannot solve alone.\n\nDigital inclusion ideas are welcome.",
        opens_at=in_days(-14),
        deadline_at=in_days(14).replace(hour=23, minute=59),
        workshop_on=in_days(28).date(),
        voting_opens_at=in_days(28, hour=10),
        voting_closes_at=in_days(28, hour=12),
        votes_per_borough=3,
    )
    IdeaFactory(
        call=call, title="Reuse old laptops for residents", submitted_by=UserFactory(borough=borough("hackney"))
    )
    IdeaFactory(
        call=call, title="Smart sensors in council housing", under_review=True, theme=theme("digital-districts")
    )
    IdeaFactory(
        call=call, title="Apprenticeships in data roles", shortlisted=True, response="Shortlisted for the vote."
    )
    return call


@pytest.fixture
def voting_call(camden, hackney):
    call = CallFactory(title="Ideas for 2027", slug="ideas-2027", voting=True, votes_per_borough=2)
    for title, slug in [
        ("Apprenticeships in data roles", "hackney"),
        ("Shared front door for housing repairs", "camden"),
        ("Common cyber incident playbook", "islington"),
    ]:
        IdeaFactory(call=call, title=title, shortlisted=True, submitted_by=UserFactory(borough=borough(slug)))
    return call


def test_member_submits_an_idea_and_sees_the_confirmation(page, open_call, camden):
    UserFactory(central_team=True, email="eddie@loti.example")
    member = UserFactory(email="sam@camden.example", first_name="Sam", last_name="Okafor", borough=camden)
    sign_in(page, member)

    page.locator(".govuk-service-navigation").get_by_role("link", name="Ideas").click()
    expect(page).to_have_url(re.compile(r"/ideas/$"))
    expect(page).to_have_title("Ideas bank – LOTI Portal")
    expect(page.get_by_role("heading", level=2, name="Call for ideas: LOTI projects for 2027")).to_be_visible()
    ideas = page.get_by_role("table", name=re.compile("^Ideas submitted to"))
    expect(ideas.locator("tbody th a")).to_have_count(3)
    govuk_frontend_ready(page)
    check_page(page, "ideas-list")

    page.get_by_role("link", name="Submit an idea").click()
    expect(page).to_have_title("Submit an idea – LOTI Portal")
    expect(page.get_by_role("group", name="Boroughs interested").get_by_label("Camden")).to_be_checked()
    check_page(page, "ideas-new")

    # Nothing filled in: the GOV.UK error summary, focused, with a link per problem.
    page.get_by_role("button", name="Submit idea").click()
    expect(page).to_have_title(re.compile(r"^Error: Submit an idea"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter a title",
            "Describe the problem",
            "Describe your proposal",
            "Say who would benefit",
            "Describe the outcomes you expect",
            "Choose a theme",
        ]
    )
    check_page(page, "ideas-new-errors")
    summary.get_by_role("link", name="Choose a theme").click()
    expect(page.get_by_role("group", name="Theme").get_by_label("Skills & Capability")).to_be_focused()
    assert not Idea.objects.filter(submitted_by=member).exists()

    page.get_by_label("Title").fill("Shared accessibility testing")
    page.get_by_label("The problem").fill("Most boroughs cannot afford regular accessibility audits.")
    page.get_by_label("Your proposal").fill("A small shared team that tests services with disabled residents.")
    page.get_by_label("Who benefits").fill("Disabled residents, and the teams who build council services.")
    page.get_by_label("Expected outcomes").fill("Services that meet the accessibility regulations.")
    page.get_by_role("group", name="Theme").get_by_label("Skills & Capability").check()
    page.get_by_role("group", name="Boroughs interested").get_by_label("Islington").check()
    page.get_by_role("button", name="Submit idea").click()

    expect(success_banner(page)).to_contain_text("Your idea has been submitted. We have emailed you a confirmation.")
    expect(page.locator("h1")).to_have_text("Shared accessibility testing")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Camden, Islington")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Submitted")
    expect(page.get_by_role("link", name="Change your idea")).to_be_visible()
    check_page(page, "ideas-submitted")

    idea = Idea.objects.get(submitted_by=member)
    assert idea.borough == camden
    assert set(idea.interested_boroughs.values_list("slug", flat=True)) == {"camden", "islington"}
    assert sorted(m.to[0] for m in mail.outbox) == ["eddie@loti.example", "sam@camden.example"]


def test_submitter_changes_then_withdraws_their_idea(page, open_call, camden):
    member = UserFactory(borough=camden)
    idea = IdeaFactory(
        call=open_call, title="Translate council letters", submitted_by=member, interested_boroughs=[camden]
    )
    sign_in(page, member)
    page.goto(f"/ideas/{idea.pk}/")
    page.get_by_role("link", name="Change your idea").click()
    expect(page).to_have_title("Change your idea – LOTI Portal")
    page.get_by_label("Title").fill("Translate council letters on request")
    page.get_by_role("button", name="Save changes").click()
    expect(success_banner(page)).to_contain_text("Your changes have been saved.")
    expect(page.locator("h1")).to_have_text("Translate council letters on request")

    page.get_by_role("link", name="Withdraw it").click()
    expect(page.locator("h1")).to_have_text("Withdraw your idea")
    check_page(page, "ideas-withdraw")
    page.get_by_role("button", name="Withdraw idea").click()
    expect(success_banner(page)).to_contain_text("You have withdrawn “Translate council letters on request”.")
    idea.refresh_from_db()
    assert idea.status == "withdrawn"


def test_a_late_submission_is_refused_and_shown_back(page, open_call, camden):
    sign_in(page, UserFactory(borough=camden))
    page.goto("/ideas/new/")
    page.get_by_label("Title").fill("Written just too late")
    page.get_by_label("The problem").fill("An hour of careful thought.")
    open_call.deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    open_call.save()
    page.get_by_role("button", name="Submit idea").click()

    expect(page).to_have_title(re.compile(r"^Error: Submit an idea"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The deadline for Call for ideas: LOTI projects for 2027 was"
    )
    expect(page.get_by_label("Title")).to_have_value("Written just too late")
    expect(page.get_by_label("The problem")).to_have_value("An hour of careful thought.")
    expect(page.get_by_role("button", name="Submit idea")).to_have_count(0)
    check_page(page, "ideas-late")
    assert not Idea.objects.filter(title="Written just too late").exists()


def test_cdio_votes_in_workshop_mode(page, voting_call, camden):
    cdio = UserFactory(email="cdio@camden.example", borough=camden, cdio=True)
    sign_in(page, cdio)
    page.goto("/ideas/")
    page.get_by_role("link", name="Go to workshop voting").click()
    expect(page).to_have_title("Workshop voting: Ideas for 2027 – LOTI Portal")
    status = page.get_by_role("status")
    expect(status).to_have_text("Camden has used 0 of its 2 votes, and has 2 left.")
    check_page(page, "ideas-workshop-cdio")

    page.get_by_role("button", name="Vote for Apprenticeships in data roles").click()
    expect(success_banner(page)).to_contain_text("Camden’s vote for “Apprenticeships in data roles” is recorded.")
    page.get_by_role("button", name="Vote for Common cyber incident playbook").click()
    expect(status).to_have_text("Camden has used 2 of its 2 votes, and has 0 left.")
    # No votes left: only the buttons to take one back.
    expect(page.get_by_role("button", name=re.compile(r"^Vote for"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Remove vote for"))).to_have_count(2)
    check_page(page, "ideas-workshop-cdio-voted")

    page.get_by_role("button", name="Remove vote for Common cyber incident playbook").click()
    expect(success_banner(page)).to_contain_text("has been removed")
    page.get_by_role("button", name="Vote for Shared front door for housing repairs").click()
    assert sorted(Vote.objects.filter(borough=camden).values_list("idea__title", flat=True)) == [
        "Apprenticeships in data roles",
        "Shared front door for housing repairs",
    ]


def test_a_vote_refused_in_the_room_is_explained(page, voting_call, camden):
    cdio = UserFactory(borough=camden, cdio=True)
    sign_in(page, cdio)
    page.goto("/ideas/calls/ideas-2027/workshop/")
    # The central team closes voting while the CDIO still has the page open.
    voting_call.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    voting_call.save()
    page.get_by_role("button", name="Vote for Apprenticeships in data roles").click()
    expect(page).to_have_title(re.compile(r"^Error: Workshop voting"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Voting for Ideas for 2027 closed at")
    check_page(page, "ideas-workshop-refused")
    assert not Vote.objects.exists()


def test_central_team_records_votes_for_a_borough_and_sees_the_tallies(page, voting_call, hackney):
    VoteFactory(idea=voting_call.ideas.get(title="Apprenticeships in data roles"), borough=borough("brent"))
    sign_in(page, UserFactory(central_team=True))
    page.goto("/ideas/calls/ideas-2027/workshop/")
    page.get_by_label("Record votes for").select_option(label="Hackney (0 of 2 used)")
    page.get_by_role("button", name="Show this borough’s votes").click()
    page.get_by_role("button", name="Vote for Shared front door for housing repairs").click()
    expect(success_banner(page)).to_contain_text(
        "Hackney’s vote for “Shared front door for housing repairs” is recorded."
    )
    expect(page.get_by_label("Record votes for")).to_have_value("hackney")
    tallies = page.get_by_role("table", name="Votes each member borough has used")
    expect(tallies.locator("tbody tr").filter(has_text="Hackney")).to_contain_text("1 of 2")
    expect(tallies.locator("tbody tr").filter(has_text="Brent")).to_contain_text("1 of 2")
    check_page(page, "ideas-workshop-central-team")
    assert Vote.objects.get(borough=hackney).cast_by.is_staff


def test_published_results_are_ranked_with_votes_per_idea(page):
    call = CallFactory(title="Future Project Ideas Bank: autumn 2019", slug="autumn-2019", closed=True)
    for title, slugs, state in [
        ("Map where residents are likely to be digitally excluded", ["brent", "camden", "hackney"], "selected"),
        ("Shared defences against cyber attacks", ["camden", "islington"], "selected"),
        ("Buy case management systems together", ["hackney"], "not_progressed"),
    ]:
        idea = IdeaFactory(call=call, title=title, status=state, shortlisted_at=call.deadline_at)
        for slug in slugs:
            VoteFactory(idea=idea, borough=borough(slug))

    page.goto("/ideas/calls/autumn-2019/results/")  # public: no sign-in
    expect(page).to_have_title("Results: Future Project Ideas Bank: autumn 2019 – LOTI Portal")
    table = page.get_by_role("table", name="Shortlisted ideas, most votes first")
    expect(table.locator("tbody th")).to_contain_text(["Map where residents", "Shared defences", "Buy case management"])
    expect(table.locator("tbody tr").first.locator("td").nth(2)).to_have_text("3")
    expect(page.locator("main")).to_contain_text("4 boroughs cast 6 votes for 3 shortlisted ideas.")
    check_page(page, "ideas-results")


def test_idea_page_shows_the_response_and_review_note_to_the_central_team(page, open_call):
    idea = Idea.objects.get(title="Apprenticeships in data roles")
    idea.review_note = "Hackney and Brent both keen."
    idea.save()
    sign_in(page, UserFactory(central_team=True))
    page.goto(f"/ideas/{idea.pk}/")
    expect(page.locator("main")).to_contain_text("Shortlisted for the vote.")
    expect(page.locator("main")).to_contain_text("Hackney and Brent both keen.")
    check_page(page, "ideas-detail-central-team")


def test_the_demo_ideas_bank_reads_well(page):
    from boroughs.demo import load_accounts
    from ideas.demo import load_ideas
    from projects.demo import load_projects

    users = {user.email: user for user in load_accounts()}
    load_projects(users)
    load_ideas(users)
    member = users["member@camden.example"]
    member.set_password(TEST_PASSWORD)
    member.save()

    sign_in(page, member)
    page.goto("/ideas/")
    expect(page.get_by_role("table", name=re.compile("^Ideas submitted to")).locator("tbody tr")).to_have_count(
        12
    )  # their own withdrawn idea too
    past = page.get_by_role("region", name="Past calls")
    expect(past.get_by_role("link", name="Digital Exclusion Story Map")).to_be_visible()
    check_page(page, "ideas-demo-list")

    past.get_by_role("link", name=re.compile("^See the results of the vote")).click()
    table = page.get_by_role("table", name="Shortlisted ideas, most votes first")
    expect(table.locator("tbody tr").first).to_contain_text("Map where residents are likely to be digitally excluded")
    expect(table.locator("tbody tr").first).to_contain_text("Votes from")
    check_page(page, "ideas-demo-results")

    table.get_by_role("link", name="Buy case management systems together").click()
    expect(page.locator("main")).to_contain_text("too few contracts end within the next two years")
    expect(page.locator("main")).not_to_contain_text("Revisit in 2021")  # the review note is staff-only
    check_page(page, "ideas-demo-detail")
