"""The admin as the central team sees it: every list, first record and add form, at 1,280 px.

The walk starts from the admin home's app list, so a page the team can reach
but this test forgets cannot exist: whatever the home links to is checked.
"""

import pytest

from projects.models import Follow
from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, save_screenshot, sign_in
from tests.factories import (
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


def test_every_admin_page_the_central_team_reaches_passes_axe_at_1280px(page, one_of_everything):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    sign_in(page, UserFactory(central_team=True))
    page.goto("/admin/")
    check_admin_page(page, "home")
    links = admin_links(page)
    assert len(links) > 15, links
    failures = []
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
