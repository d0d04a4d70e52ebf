"""Public pages are served to signed-out visitors from the cache until the content changes."""

import datetime
import threading

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver

from boroughs.models import Invitation, PasswordResetRequest, TwoFactorReset
from jobs.models import FormSubmission
from pagecache.signals import all_groups, watched
from pagecache.versions import current_versions
from projects.models import Follow, Project, StaleReminder, TaskSummary
from tests.conftest import load_reference_data
from tests.factories import CallFactory, JobDescriptionFactory, ProjectFactory, UserFactory
from tests.test_access import PUBLIC_VIEWS
from weeknotes.models import WeekNoteRevision

pytestmark = pytest.mark.django_db


def get(client, path="/projects/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    response.queries = len(queries)
    return response


def test_a_second_signed_out_visit_is_served_from_the_cache_without_a_query(client):
    ProjectFactory(title="Seamless Wi-Fi")
    first, second = get(client), get(client)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.queries == 0
    assert b"Seamless Wi-Fi" in second.content
    assert "Cookie" in second["Vary"]


def test_a_served_page_is_the_page_drawn_under_the_same_strict_policy(client):
    ProjectFactory()
    drawn, served = get(client), get(client)
    assert served.content == drawn.content
    assert b"nonce" not in served.content
    assert served["Content-Security-Policy"] == drawn["Content-Security-Policy"]
    assert "'sha256-" in served["Content-Security-Policy"]
    assert served["X-Frame-Options"] == "DENY"


def test_a_change_is_shown_on_the_next_visit(client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    get(client, project.get_absolute_url())
    project.title = "Seamless Wi-Fi for every borough"
    project.save()
    after = get(client, project.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert b"Seamless Wi-Fi for every borough" in after.content


def test_a_change_through_queryset_update_is_shown_too(client):
    project = ProjectFactory()
    get(client, project.get_absolute_url())
    project.touch()
    assert get(client, project.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_new_job_description_changes_the_library_page(client):
    get(client, "/jobs/")
    JobDescriptionFactory()
    assert get(client, "/jobs/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("role", ["member", "central_team"])
def test_signed_in_people_never_get_or_leave_a_cached_page(client, client_for, role):
    ProjectFactory(title="Private discovery", is_public=False)
    signed_in = client_for(role)
    get(client)  # the public's copy is stored
    for _ in range(2):
        response = signed_in.get("/projects/")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    # What the central team saw is not what the public is shown.
    public = get(client)
    assert public["X-Page-Cache"] == "hit"
    assert b"Private discovery" not in public.content


def test_a_visitor_with_a_message_waiting_gets_a_page_drawn_for_them(client):
    get(client)
    client.cookies["messages"] = "anything"
    response = get(client)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_form_pages_are_drawn_for_each_visitor_and_kept_private(client):
    # The sign-in form carries a CSRF token, and sets its cookie.
    for _ in range(2):
        response = get(client, "/accounts/login/")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    assert response.cookies


def test_not_found_pages_are_not_stored(client):
    for _ in range(2):
        response = get(client, "/projects/no-such-project/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_posts_are_never_answered_from_the_cache(client):
    get(client, "/accounts/login/")
    response = client.post("/accounts/login/", {"username": "nobody@example.com", "password": "x"})
    assert "X-Page-Cache" not in response


def test_query_strings_are_pages_of_their_own(client):
    ProjectFactory(title="Seamless Wi-Fi")
    assert get(client, "/projects/?q=nothing-like-it")["X-Page-Cache"] == "miss"
    assert get(client, "/projects/")["X-Page-Cache"] == "miss"
    assert get(client, "/projects/?q=nothing-like-it")["X-Page-Cache"] == "hit"


def test_very_long_query_strings_are_drawn_but_not_stored(client):
    path = "/projects/?q=" + "x" * 400
    assert get(client, path).status_code == 200
    assert "X-Page-Cache" not in get(client, path)


def test_it_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client)
    assert "X-Page-Cache" not in get(client)


def test_a_new_day_draws_pages_afresh(client, monkeypatch):
    # Pages say "3 days ago": yesterday's copy would be wrong today.
    get(client)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: tomorrow)
    assert get(client)["X-Page-Cache"] == "miss"


def test_a_page_is_kept_at_most_page_cache_seconds(client, clock, settings):
    # The bound for workers that each keep their own memory cache.
    get(client)
    clock.forward(settings.PAGE_CACHE_SECONDS - 5)
    assert get(client)["X-Page-Cache"] == "hit"
    clock.forward(10)
    assert get(client)["X-Page-Cache"] == "miss"


def test_vote_results_are_kept_a_minute_at_most(client, clock):
    call = CallFactory()
    path = f"/ideas/calls/{call.slug}/results/"
    first = get(client, path)
    assert first.status_code == 200, "a call's results page is public"
    assert "max-age=60" in first["Cache-Control"]
    clock.forward(30)
    second = get(client, path)
    assert second["X-Page-Cache"] == "hit"
    assert int(second["Age"]) >= 30  # so a browser keeps it only for the rest of the minute
    clock.forward(31)
    assert get(client, path)["X-Page-Cache"] == "miss"


def routes(patterns, prefix="", namespace=None):
    """(name, route) for every URL pattern, its route joined from its resolvers'."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route, pattern.namespace or namespace)
        else:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route


def test_only_public_pages_are_stored(client):
    """LoginRequiredMiddleware redirects signed-out visitors from every other view, and only 200s are stored."""
    private = [
        route
        for name, route in routes(get_resolver().url_patterns)
        if name not in PUBLIC_VIEWS and not name.startswith("admin:") and "<" not in route
    ]
    assert "projects/my-borough/" in private  # the walk finds the signed-in pages
    for route in private:
        response = get(client, "/" + route)
        assert response.status_code != 200, route
        assert "X-Page-Cache" not in response, route


# What raises the versions ---------------------------------------------------------

# Models no public page shows: their changes keep the cached pages.
NOT_ON_PUBLIC_PAGES = {
    Invitation,
    PasswordResetRequest,
    TwoFactorReset,
    FormSubmission,
    Follow,
    StaleReminder,
    TaskSummary,  # My borough only; written only with the rows it sums, whose groups are watched
    WeekNoteRevision,
}
PORTAL_APPS = {"boroughs", "projects", "okrs", "jobs", "ideas", "weeknotes"}


def test_every_model_a_public_page_may_show_is_watched():
    for model in apps.get_models():
        history_copy = hasattr(model, "instance_type")  # django-simple-history's: saved with its original
        if model._meta.app_label in PORTAL_APPS and not history_copy and model not in NOT_ON_PUBLIC_PAGES:
            assert watched(model), f"{model._meta.label}: watch it in its AppConfig.ready(), or list it here"
    assert not any(watched(model) for model in NOT_ON_PUBLIC_PAGES)


def test_what_no_page_shows_leaves_the_generation_alone():
    user = UserFactory()
    before = current_versions(all_groups())
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    FormSubmission.objects.create(ip_address="192.0.2.1", form="contribute")
    assert current_versions(all_groups()) == before


# Other workers, sharing the cache -------------------------------------------------


@pytest.fixture
def reference_data(transactional_db):
    load_reference_data()  # transactional tests start with empty tables


def in_another_worker(work, *args):
    """Run work on another thread: its own database connection, the same (shared) cache."""
    failures = []

    def run():
        try:
            work(*args)
        except Exception as failure:  # noqa: BLE001 - reported on the test's thread
            failures.append(failure)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def rename(pk, title, saved=None, drawn=None):
    with transaction.atomic():
        project = Project.objects.get(pk=pk)
        project.title = title
        project.save()
        if saved:
            saved.set()
            assert drawn.wait(10), "the page was never drawn"


def test_a_change_another_worker_commits_reaches_this_one_at_once(reference_data, client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    get(client, project.get_absolute_url())
    assert get(client, project.get_absolute_url())["X-Page-Cache"] == "hit"
    thread, failures = in_another_worker(rename, project.pk, "Govroam everywhere")
    thread.join()
    assert not failures
    after = get(client, project.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert b"Govroam everywhere" in after.content


def test_a_page_drawn_while_a_change_commits_is_not_kept(reference_data, client):
    """Drawn after the change was saved but before it was committed, the page shows the old data: it must not stay."""
    project = ProjectFactory(title="Seamless Wi-Fi")
    saved, drawn = threading.Event(), threading.Event()
    thread, failures = in_another_worker(rename, project.pk, "Govroam everywhere", saved, drawn)
    assert saved.wait(10)
    meanwhile = get(client, project.get_absolute_url())
    assert b"Seamless Wi-Fi" in meanwhile.content and meanwhile["X-Page-Cache"] == "miss"
    drawn.set()
    thread.join()
    assert not failures
    after = get(client, project.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert b"Govroam everywhere" in after.content
