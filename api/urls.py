"""/api/ (the documentation page) and /api/v1/ (the data). Everything here is public."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, resolve, reverse

from api import problems, views
from api.licence import LICENCE_URL
from api.service import api


@login_not_required
def unknown(request, rest):
    """An address under /api/v1/ that matches nothing: the same without its last slash redirects, else a 404."""
    try:
        with_slash = resolve(f"{request.path}/")
    except Resolver404:
        return problems.not_found(request)
    if with_slash.func is unknown:
        return problems.not_found(request)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))


@login_not_required
def root(request):
    """/api/v1/ itself: where the documentation, the document and each list are."""
    lists = ["boroughs", "projects", "quarters", "job_descriptions", "roles", "vacancies", "idea_calls"]
    links = {
        "docs": request.build_absolute_uri(reverse("api:docs")),
        "openapi": request.build_absolute_uri(reverse("api_v1:openapi-json")),
        "licence": LICENCE_URL,
        **{name: request.build_absolute_uri(reverse(f"api_v1:{name}")) for name in lists},
    }
    return JsonResponse({"links": links})


def _public(patterns):
    """ninja's views, marked public for LoginRequiredMiddleware: the API is open data, and reads nothing private."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


v1_patterns, _, _ = api.urls
v1 = [path("", root, name="root"), *_public(v1_patterns), path("<path:rest>", unknown, name="unknown")]

docs = [path("", views.docs, name="docs")]
