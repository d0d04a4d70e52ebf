"""The admin as the central team sees it: every list, first record and add form, at 1,280 px.

The walk starts from the admin home's app list, so a page the team can reach
but this test forgets cannot exist: whatever the home links to is checked.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from boroughs.demo import DEMO_USERS, demo_user
from outbox.models import FailedEmail
from projects.models import Follow
from subscriptions.models import Frequency, Kind, Subscription, Suppression
from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, save_screenshot, sign_in
from tests.factories import (
    TEST_PASSWORD,
    AgreementFactory,
    CheckInFactory,
    DeliverableStatusFactory,
    IdeaFactory,
    JobDescriptionFactory,
    MeasureContributionFactory,
    ParticipationFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SignatoryFactory,
    SuggestionFactory,
    UserFactory,
    VacancyFactory,
    VoteFactory,
    WeekNoteFactory,
)

pytestmark = pytest.mark.e2e

WIDTH = 1280


@pytest.fixture
def one_of_everything():
    """A record for every model the team manages, so each list has a first record to open."""
    project = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=project)
    DeliverableStatusFactory(deliverable__project=project)
    MeasureContributionFactory(measure__project=project)
    SignatoryFactory(agreement=AgreementFactory(project=project))
    ProjectUpdateFactory(project=project)
    Follow.objects.create(user=UserFactory(), project=project)
    check_in = CheckInFactory()
    check_in.key_result.lead_borough = project.lead_borough
    check_in.key_result.save()
    SuggestionFactory(job_description=JobDescriptionFactory(pending=True))
    VacancyFactory()
    VoteFactory()
    IdeaFactory()
    WeekNoteFactory().save_edit(by=None)  # with a revision, so its change page shows the history
    FailedEmail.objects.create(
        subject="Your job description was published",
        to="someone@council.example",
        body="Hello,",
        attempts=6,
        error="550 mailbox unavailable",
    )
    Subscription.objects.create(
        email="reader@council.example",
        kind=Kind.VACANCIES,
        filters={"family": "data"},
        description="Role family: Data",
        frequency=Frequency.WEEKLY,
    )
    Suppression.objects.create(email="bounced@council.example", reason=Suppression.Reason.BOUNCE)


def assert_no_sideways_scrolling(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px window"


def check_admin_page(page, name):
    save_screenshot(page, f"admin-{name}")
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
    assert_no_csp_errors(page)


def admin_links(page):
    """(list, add) addresses from the admin home's app list, in the order shown."""
    rows = page.locator("#content-main .module tr[class^='model-']")
    links = []
    for i in range(rows.count()):
        row = rows.nth(i)
        list_link = row.locator("th a")
        add_link = row.locator("a.addlink")
        links.append(
            (
                list_link.get_attribute("href") if list_link.count() else None,
                add_link.get_attribute("href") if add_link.count() else None,
            )
        )
    return links


def central_team_demo_account():
    """The demo's central-team login, made as load_demo_data makes it, with the tests' password."""
    user = demo_user(*next(row for row in DEMO_USERS if row[3] is None))
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


def lists_the_user_can_open(user):
    """Every admin list the user may open, by the admin's own permission checks."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_or_change_permission(request)
    }


def test_every_admin_page_the_central_team_reaches_passes_axe_at_1280px(page, one_of_everything):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    user = central_team_demo_account()
    sign_in(page, user)
    page.goto("/admin/")
    check_admin_page(page, "home")
    links = admin_links(page)
    # The home links to every list the team may open, so walking the home misses none.
    assert {list_url for list_url, _ in links} == lists_the_user_can_open(user)
    sections = page.locator("#content-main .module caption a").evaluate_all("(links) => links.map((a) => a.href)")
    todo = page.locator(".loti-todo a").evaluate_all("(links) => links.map((a) => a.href)")
    failures = []
    for url in [*sections, *todo]:  # each section's own page, and each To do list, filtered
        page.goto(url)
        try:
            check_admin_page(page, url.split("/admin/")[1].strip("/").replace("/", "-").split("?")[0] or "section")
        except BaseException as error:
            failures.append(str(error))
    for list_url, add_url in links:
        for url, kind in ((list_url, "list"), (add_url, "add")):
            if not url:
                continue
            page.goto(url)
            try:
                check_admin_page(page, url.strip("/").replace("/", "-") + f"-{kind}")
            except BaseException as error:  # collect every page's problems, not only the first
                failures.append(str(error))
            if kind == "list":
                first = page.locator("#result_list tbody tr").first.locator("th a, td a").first
                if not first.count():
                    failures.append(f"{url} has no record to open: make one above")
                    continue
                page.goto(first.get_attribute("href"))
                try:
                    check_admin_page(page, url.strip("/").replace("/", "-") + "-first")
                except BaseException as error:
                    failures.append(str(error))
    assert not failures, "\n\n".join(failures)
