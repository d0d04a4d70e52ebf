"""Public pages are served to signed-out visitors from the cache until the content changes."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from jobs.models import FormSubmission
from pagecache import versions
from pagecache.models import ContentVersion
from projects.models import Project
from tests.conftest import load_reference_data
from tests.factories import JobDescriptionFactory, ProjectFactory, UserFactory
from tests.test_access import PUBLIC_VIEWS, walk

pytestmark = pytest.mark.django_db

NONCE = re.compile(rb'nonce="([^"]+)"')


def get(client, path="/projects/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    response.queries = len(queries)
    return response


def test_a_second_signed_out_visit_is_served_from_the_cache_with_one_query(client):
    ProjectFactory(title="Seamless Wi-Fi")
    first, second = get(client), get(client)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.queries == 1  # the content version
    assert b"Seamless Wi-Fi" in second.content
    assert "Cookie" in second["Vary"]


def test_every_served_page_has_its_own_nonce_matching_its_policy(client):
    ProjectFactory()
    pages = [get(client) for _ in range(3)]
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit", "hit"]
    # One nonce a page, used for all its scripts, and never the same twice.
    assert all(len(set(NONCE.findall(page.content))) == 1 for page in pages)
    values = [NONCE.findall(page.content)[0].decode() for page in pages]
    assert len(set(values)) == 3
    for page, nonce in zip(pages, values, strict=True):
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
        assert b"\x00" not in page.content
    # Apart from the nonce, the page is the one drawn first.
    assert NONCE.sub(b"", pages[0].content) == NONCE.sub(b"", pages[2].content)


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


@pytest.mark.parametrize("role", ["member", "central_team"])
def test_signed_in_people_never_get_or_leave_a_cached_page(client, client_for, role):
    ProjectFactory(title="Private discovery", is_public=False)
    signed_in = client_for(role)
    for _ in range(2):
        response = signed_in.get("/projects/")
        assert "X-Page-Cache" not in response
    # What the central team saw is not what the public is shown.
    assert b"Private discovery" not in client.get("/projects/").content


def test_a_visitor_with_a_message_waiting_gets_a_page_drawn_for_them(client):
    get(client)
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in get(client)


def test_not_found_pages_and_form_pages_are_not_stored(client):
    assert get(client, "/projects/no-such-project/").status_code == 404
    assert get(client, "/projects/no-such-project/").status_code == 404
    assert "X-Page-Cache" not in get(client, "/projects/no-such-project/")


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


def test_only_public_views_are_cached():
    cached = {name for name, view in walk(get_resolver().url_patterns) if getattr(view, "cached_for_the_public", False)}
    assert cached, "no view uses the page cache"
    assert cached <= PUBLIC_VIEWS


# The version every worker reads --------------------------------------------------


@pytest.fixture
def reference_data(transactional_db):
    load_reference_data()  # transactional tests start with empty tables


def stored_version():
    return ContentVersion.objects.get(pk=1).version


def test_the_stored_version_goes_up_once_per_committed_transaction(reference_data):
    before = stored_version()
    with transaction.atomic():
        for n in range(3):
            ProjectFactory(slug=f"project-{n}")
    assert stored_version() == before + 1


def test_a_rolled_back_change_leaves_the_stored_version_alone(reference_data):
    before = stored_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ProjectFactory()
        raise RuntimeError("changed my mind")
    assert stored_version() == before
    ProjectFactory()  # and the next change still counts
    assert stored_version() == before + 1


def test_another_workers_change_reaches_this_workers_cache(reference_data, client):
    """A worker learns of a change made elsewhere only from the stored version."""
    project = ProjectFactory(title="Seamless Wi-Fi")
    get(client, project.get_absolute_url())
    # As another process would: the row changes and the stored version goes up,
    # and this process's own count does not.
    Project.objects.filter(pk=project.pk).update(title="Govroam everywhere")
    versions._raise_version()
    after = get(client, project.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert b"Govroam everywhere" in after.content


def test_what_no_page_shows_leaves_the_version_alone(reference_data):
    user = UserFactory()
    before = (stored_version(), versions.current_version())
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    FormSubmission.objects.create(ip_address="192.0.2.1", form="contribute")
    assert (stored_version(), versions.current_version()) == before


def test_a_new_job_description_changes_the_library_page(client):
    get(client, "/jobs/")
    JobDescriptionFactory()
    assert get(client, "/jobs/")["X-Page-Cache"] == "miss"
