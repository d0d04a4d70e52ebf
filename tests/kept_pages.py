"""Helpers for tests of kept (cached) parts: a GET that counts its queries; a client past its first request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get(client, path):
    """The response to a GET of path, which must be a 200, with `.queries`: how many queries drawing it made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    response.queries = len(queries)
    return response


def signed_in(client_for, role):
    """A client past its first request, which also refreshes the session: later ones cost the same."""
    client = client_for(role)
    client.get("/accessibility/")
    return client
