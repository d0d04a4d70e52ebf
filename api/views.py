"""The API's documentation page, /api/: every endpoint from the OpenAPI document, with examples."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from api.licence import LICENCE_NAME, LICENCE_URL
from api.service import api


@cache
def endpoints():
    """(path, summary, description, parameters) for each operation, in the document's order; drawn once a process."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    rows = []
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        parameters = [
            {
                "name": p["name"],
                "where": p["in"],
                "description": p.get("description") or p.get("schema", {}).get("description", ""),
                "values": p.get("schema", {}).get("enum")
                or next((s.get("enum") for s in p.get("schema", {}).get("anyOf", []) if s.get("enum")), None),
            }
            for p in operation.get("parameters", [])
        ]
        rows.append(
            {
                "path": path,
                "id": operation["operationId"],
                "tag": (operation.get("tags") or [""])[0],
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
            }
        )
    return rows


@login_not_required
def docs(request):
    return render(
        request,
        "api/index.html",
        {
            "endpoints": endpoints(),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "site_url": settings.SITE_URL,
            "requests_per_minute": settings.API_REQUESTS_PER_MINUTE,
        },
    )
