"""Errors as problem details (RFC 9457): `application/problem+json` with type, title, status and detail.

One shape for every error the API gives, so a client handles them all the same way.
"""

import json

from django.http import HttpResponse

from api.licence import add_licence_link

PROBLEM_TYPES = "https://portal.loti.london/api/#errors"


class Problem(Exception):
    """Raised anywhere in an endpoint; answered as a problem details response."""

    def __init__(self, status, title, detail, *, kind, errors=None, headers=None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.kind = status, title, detail, kind
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(request, *, status, title, detail, kind, errors=None, headers=None):
    body = {
        "type": f"{PROBLEM_TYPES}-{kind}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
    }
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
    for name, value in (headers or {}).items():
        response[name] = value
    return add_licence_link(response)


def not_found(request, detail="There is nothing at this address."):
    return problem_response(request, status=404, title="Not found", detail=detail, kind="not-found")


def from_problem(request, problem):
    return problem_response(
        request,
        status=problem.status,
        title=problem.title,
        detail=problem.detail,
        kind=problem.kind,
        errors=problem.errors,
        headers=problem.headers,
    )


def invalid_parameters(errors):
    """A 400 naming each query parameter that was wrong and why, in the words the HTML page uses."""
    return Problem(
        400,
        "Invalid query parameters",
        "One or more query parameters are not valid: see errors.",
        kind="invalid-parameters",
        errors=errors,
    )
