import re

import pytest

from tests.factories import CallFactory, UserFactory, borough, theme


@pytest.fixture
def open_call(db):
    return CallFactory(title="Ideas for 2027", slug="ideas-2027", votes_per_borough=2)


@pytest.fixture
def central_team_member(db):
    return UserFactory(central_team=True, email="eddie@loti.example")


def idea_data(**overrides):
    """A complete, valid idea as the form posts it."""
    data = {
        "title": "Shared cyber security monitoring",
        "problem": "Each borough watches its own network alone, at night too.",
        "proposal": "One monitoring service that every member borough can join.",
        "beneficiaries": "Residents whose data boroughs hold, and IT teams.",
        "outcomes": "Attacks spotted sooner and answered together.",
        "theme": str(theme("cyber-security").pk),
        "interested_boroughs": [str(borough("camden").pk), str(borough("hackney").pk)],
    }
    data.update(overrides)
    return data


def checked_values(html, name):
    """The values of the checked radios or checkboxes called `name` in the page."""
    inputs = re.findall(r"<input\b[^>]*>", html)
    return {
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag)
    }
