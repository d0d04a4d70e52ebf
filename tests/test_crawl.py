"""Request every URL pattern as every role, with mangled paths and query strings.

Never a server error, and no page shows a role what it may not see: private
projects, draft quarters, unpublished job descriptions, contributors' emails,
staff-only notes. Bounded: a few path and query variants per pattern.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ROLES, _client_for
from tests.factories import (
    KeyResultFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
)

pytestmark = pytest.mark.django_db

SECRET_PROJECT = "Secret reorganisation project"
DRAFT_QUARTER_KR = "Draft key result nobody may see"

HOSTILE = [
    "999999999",
    "99999999999999999999",
    "a" * 300,
    "..%2f..%2fetc%2fpasswd",
    "%3Cscript%3E",
    "1%27%20OR%201%3D1",
]
QUERIES = [
    "",
    "?page=999999999",
    "?page=-1&sort=%27%3B+DROP+TABLE",
    "?q=%3Cscript%3Ealert(1)%3C/script%3E&theme=%00&phase=x&borough=%27&status=%FF",
]


def patterns(resolvers=None, prefix="", namespace=None):
    for p in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from patterns(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


def fill(route, value):
    """Replace every <converter:name> in a route with `value`."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


@pytest.fixture
def secrets(db):
    private = ProjectFactory(title=SECRET_PROJECT, slug="secret-project", private=True)
    ParticipationFactory(project=private, borough=borough("camden"))
    draft = QuarterFactory(year=3, number=3, is_published=False)
    KeyResultFactory(objective=ObjectiveFactory(quarter=draft), number=1, title=DRAFT_QUARTER_KR)
    return {"central_team": [SECRET_PROJECT, DRAFT_QUARTER_KR]}


def real_values():
    """Values that name real objects, so that pages render with content rather than 404."""
    return ["camden", "secret-project", "1"]


@pytest.mark.parametrize("role", list(ROLES))
def test_no_url_gives_a_server_error_or_leaks(role, secrets):
    client = _client_for(role)
    client.raise_request_exception = False
    may_see = secrets.get(role, [])
    hidden = [text for text in [SECRET_PROJECT, DRAFT_QUARTER_KR] if text not in may_see]
    checked = 0
    for _name, route in patterns():
        values = real_values() + HOSTILE if "<" in route else [""]
        # Every value plainly, and the hostile query strings on the first (real) one.
        for value, query in [(v, "") for v in values] + [(values[0], q) for q in QUERIES[1:]]:
            url = fill(route, value) + query
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                assert response.status_code < 500, f"{method.upper()} {url} as {role}: {response.status_code}"
                if response.status_code == 200:
                    raw = b"".join(response.streaming_content) if response.streaming else response.content
                    body = raw.decode("utf-8", "replace")
                    for text in hidden:
                        assert text not in body, f"{url} shows {text!r} to {role}"
                    assert "<script>alert" not in body, f"{url} reflects a script as {role}"
    assert checked > 100
