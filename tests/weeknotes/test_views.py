"""Public weeknote pages and feed: who sees what, and what a page costs."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.factories import WeekNoteFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_notes_only(any_role_client):
    WeekNoteFactory(published=True, title="Weeknote 16 of 2021")
    WeekNoteFactory(title="Still a draft")
    response = any_role_client.get(reverse("weeknotes:list"))
    assert response.status_code == 200
    assert "Weeknote 16 of 2021" in response.text
    assert "Still a draft" not in response.text  # not even for the central team: the list is the public one


def test_published_note_is_public_with_its_markdown_rendered(any_role_client):
    note = WeekNoteFactory(published=True, body="### Projects\n\nBoroughs *enabled* Govroam.<script>x</script>")
    response = any_role_client.get(note.get_absolute_url())
    assert response.status_code == 200
    assert "<h3>Projects</h3>" in response.text
    assert "<em>enabled</em>" in response.text
    assert "<script>x" not in response.text


@pytest.mark.parametrize("role", list(ROLES))
def test_draft_note_is_seen_by_the_central_team_only(client_for, role):
    note = WeekNoteFactory(title="Not out yet")
    client = client_for(role)
    response = client.get(note.get_absolute_url())
    if role == "central_team":
        assert response.status_code == 200
        assert "This is a draft" in response.text
        assert "private" in response["Cache-Control"]
    else:
        assert response.status_code == 404


def test_note_page_for_a_week_with_no_note_or_a_bad_date_is_404(client):
    assert client.get(reverse("weeknotes:detail", kwargs={"week": "2021-04-19"})).status_code == 404
    assert client.get(reverse("weeknotes:detail", kwargs={"week": "not-a-date"})).status_code == 404


def test_feed_has_published_notes_in_full(any_role_client):
    WeekNoteFactory(published=True, title="Weeknote 1 of 2022", body="Polly *joins* LOTI.")
    WeekNoteFactory(title="Still a draft")
    response = any_role_client.get(reverse("weeknotes:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Weeknote 1 of 2022" in response.text
    assert "&lt;em&gt;joins&lt;/em&gt;" in response.text
    assert "Still a draft" not in response.text


def test_list_is_paginated_with_govuk_pagination(client):
    for _ in range(12):
        WeekNoteFactory(published=True)
    response = client.get(reverse("weeknotes:list"))
    assert "govuk-pagination" in response.text
    assert "page 1 of 2" in response.text
    assert client.get(reverse("weeknotes:list") + "?page=2").status_code == 200


def test_footer_links_to_weeknotes(client):
    response = client.get(reverse("home"))
    assert f'href="{reverse("weeknotes:list")}"' in response.text


def test_published_note_refreshes_the_cached_list(client):
    url = reverse("weeknotes:list")
    assert "Fresh news" not in client.get(url).text  # now stored for signed-out visitors
    WeekNoteFactory(published=True, title="Fresh news")
    assert "Fresh news" in client.get(url).text


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget_does_not_grow_with_notes(client, no_page_cache, django_assert_max_num_queries, count):
    for _ in range(count):
        WeekNoteFactory(published=True)
    with django_assert_max_num_queries(2):  # the count and the page
        response = client.get(reverse("weeknotes:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_budget_does_not_grow_with_notes(client, no_page_cache, django_assert_max_num_queries, count):
    for _ in range(count):
        WeekNoteFactory(published=True)
    with django_assert_max_num_queries(1):  # the notes, with their authors
        response = client.get(reverse("weeknotes:feed"))
    assert response.status_code == 200
