"""/api/ (the documentation page) and /api/v1/ (the data). Everything here is public."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, path, resolve

from api import problems, views
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


def _public(patterns):
    """ninja's views, marked public for LoginRequiredMiddleware: the API is open data, and reads nothing private."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


v1_patterns, _, _ = api.urls
v1 = [*_public(v1_patterns), path("<path:rest>", unknown)]

docs = [path("", views.docs, name="docs")]
