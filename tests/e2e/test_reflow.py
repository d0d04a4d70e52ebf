"""Every page type at 320 px wide, on the demo data: no sideways page scrolling (WCAG 1.4.10 reflow), axe-clean.

A table may be wider than the screen only inside a labelled scroll region
(`.loti-scroll`), which scrolls by itself; the page never does. One test loads
the demo once and visits every page, signed out and then as the people who can
reach the signed-in ones, and reports every page that fails, not just the first.
"""

import io

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from boroughs.models import User
from ideas.models import Call, Idea
from jobs.models import JobDescription, Role, Vacancy
from okrs.models import KeyResult, Quarter
from projects.models import Participation, Project
from tests.e2e.conftest import assert_accessible, assert_no_csp_errors, sign_in
from tests.factories import TEST_PASSWORD, IdeaFactory
from weeknotes.models import WeekNote

pytestmark = pytest.mark.e2e

PHONE = {"width": 320, "height": 640}

# True when the page does not scroll sideways; else what sticks out, for the failure message.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return true;
  return [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}: right at ${Math.round(e.getBoundingClientRect().right)}px`)
    .concat([`page ${root.scrollWidth}px wide in a ${root.clientWidth}px window`]);
}"""


def public_pages():
    projects = [project.get_absolute_url() for project in Project.objects.public().order_by("title")]
    jd = JobDescription.objects.published().first()
    return [
        ("/", 200),
        ("/boroughs/", 200),
        ("/boroughs/camden/", 200),
        ("/accessibility/", 200),
        ("/privacy/", 200),
        ("/api/", 200),
        ("/no-such-page/", 404),
        ("/accounts/login/", 200),
        ("/accounts/password-reset/", 200),
        ("/accounts/password-reset/sent/", 200),
        (password_reset_link(), 200),  # choosing a new password
        ("/accounts/reset/done/", 200),
        ("/accounts/set-password/done/", 200),
        ("/projects/", 200),
        ("/projects/?theme=nope&phase=beta", 200),  # a filter in error: the summary
        *[(url, 200) for url in projects],  # each draws different tables
        ("/okrs/", 200),
        *[(q.get_absolute_url(), 200) for q in Quarter.objects.filter(is_published=True)],
        (KeyResult.objects.filter(quarter__is_published=True).first().get_absolute_url(), 200),
        ("/jobs/", 200),
        ("/jobs/?page=2", 200),  # numbered pagination
        ("/jobs/?salary_from=abc&salary_to=40000", 200),
        (jd.get_absolute_url(), 200),
        (f"/jobs/descriptions/{jd.pk}/suggest/", 200),
        (Role.objects.filter(descriptions__isnull=False).first().get_absolute_url(), 200),
        ("/jobs/salaries/", 200),
        ("/jobs/vacancies/", 200),
        (Vacancy.objects.open().first().get_absolute_url(), 200),
        ("/jobs/contribute/", 200),
        ("/jobs/contribute/sent/", 200),
        *[(f"/ideas/calls/{call.slug}/results/", 200) for call in Call.objects.past(timezone.now())],
        ("/weeknotes/", 200),
        *[(note.get_absolute_url(), 200) for note in WeekNote.objects.published()],
    ]


def password_reset_link():
    """The page a password reset email links to, for the demo member."""
    user = User.objects.get(email="member@camden.example")
    return f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/"


def signed_in_pages():
    today = timezone.localdate()
    member = User.objects.get(email="member@camden.example")
    cdio = User.objects.get(email="cdio@camden.example")
    central = User.objects.get(email="central@loti.example")
    check_in = KeyResult.objects.filter(quarter__is_published=True, quarter__starts_on__lte=today, measure=None).first()
    current_call = Call.objects.current(timezone.now()).first()
    # The member's own idea in the open call: its edit and withdraw pages.
    own_idea = IdeaFactory(call=current_call, submitted_by=member, title="Shared booking for council rooms")
    question = Participation.objects.editable_by(cdio).select_related("project").order_by("project__title").first()
    return [
        (
            member,
            [
                "/ideas/",
                Idea.objects.visible_to(member).filter(call=current_call).first().get_absolute_url(),
                "/ideas/new/",
                f"/ideas/{own_idea.pk}/edit/",
                f"/ideas/{own_idea.pk}/withdraw/",
            ],
        ),
        (
            cdio,
            [
                "/projects/my-borough/",  # the task list
                f"/projects/my-borough/{question.project.slug}/",  # a question page
                *[f"/ideas/calls/{call.slug}/workshop/" for call in Call.objects.opened(timezone.now())],
            ],
        ),
        (
            central,
            [
                f"{Project.objects.order_by('title').first().get_absolute_url()}updates/new/",
                f"{check_in.get_absolute_url()}check-in/",
                *admin_pages(),
            ],
        ),
    ]


def admin_pages():
    """The admin as the central team meets it: home, a list with filters, a record with inline rows, an add form."""
    project = Project.objects.order_by("title").first()
    key_result = KeyResult.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/projects/project/",
        f"/admin/projects/project/{project.pk}/change/",
        "/admin/okrs/quarter/",
        f"/admin/okrs/quarter/{key_result.quarter_id}/change/",
        f"/admin/okrs/keyresult/{key_result.pk}/change/",
        "/admin/okrs/keyresult/add/",
        "/admin/jobs/jobdescription/",
        "/admin/boroughs/user/",
        "/admin/boroughs/user/add/",
    ]


def problems_on(page, path, status):
    response = page.goto(path)
    if response.status != status:
        return [f"{path}: answered {response.status}, expected {status}"]
    problems = []
    fits = page.evaluate(OVERFLOW)
    if fits is not True:
        problems.append(f"{path} scrolls sideways at 320px:\n    " + "\n    ".join(fits))
    for check in (assert_accessible, assert_no_csp_errors):
        try:
            check(page)
        except pytest.fail.Exception as failure:
            problems.append(str(failure))
    return problems


def test_every_page_type_reflows_at_320px_and_is_accessible(page, context):
    call_command("load_demo_data", force=True, stdout=io.StringIO())
    for email in ("member@camden.example", "cdio@camden.example", "central@loti.example"):
        user = User.objects.get(email=email)
        user.set_password(TEST_PASSWORD)
        user.save()
    page.set_viewport_size(PHONE)

    problems = []
    for path, status in public_pages():
        problems += problems_on(page, path, status)
    for user, paths in signed_in_pages():
        context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 800})  # the sign-in journey's own viewport
        sign_in(page, user)
        page.set_viewport_size(PHONE)
        for path in paths:
            problems += problems_on(page, path, 200)
    assert not problems, "\n".join(problems)


def test_a_wide_table_scrolls_in_its_own_labelled_focusable_region_with_a_cue(page):
    call_command("load_demo_data", force=True, stdout=io.StringIO())
    page.set_viewport_size(PHONE)
    page.goto("/jobs/salaries/")
    region = page.get_by_role("region", name="Salary benchmarks by role")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("(e) => e.scrollWidth > e.clientWidth")  # the table is wider than the phone...
    assert page.evaluate(OVERFLOW) is True  # ...the page is not
    cue = region.evaluate("(e) => getComputedStyle(e, '::before').content")
    assert cue == '"Scroll sideways to see the whole table"'
    # With the keyboard: focus the region, and the arrow keys scroll it.
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)
    # On a wider screen the cue goes.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert region.evaluate("(e) => getComputedStyle(e, '::before').display") == "none"
