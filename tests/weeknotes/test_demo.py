import pytest

from tests.factories import UserFactory
from weeknotes.demo import load_weeknotes
from weeknotes.models import WeekNote

pytestmark = pytest.mark.django_db


def test_demo_weeknotes_are_published_and_loading_again_creates_nothing_twice(client):
    central = UserFactory(central_team=True)
    load_weeknotes(central)
    notes = load_weeknotes(central)
    assert WeekNote.objects.count() == len(notes) == 2
    assert all(note.is_published and note.revisions.count() == 1 for note in notes)
    response = client.get("/weeknotes/")
    assert "Weeknote 16 of 2021" in response.text and "Weeknote 1 of 2022" in response.text
    assert "Polly Kwok" in client.get("/weeknotes/2022-01-10/").text
