"""Deny by default: every view needs a signed-in user unless it is on this allow-list.

LoginRequiredMiddleware reads each view's `login_required` attribute, which
`@login_not_required` sets to False. This walks every URL pattern and fails
when the set of public views differs from the list below, so making a page
public is always a deliberate, reviewed change.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_VIEWS = {
    "home",
    "accessibility",
    "privacy",
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_password",
    "set_password_complete",
    "boroughs:list",
    "boroughs:detail",
    "projects:list",
    "projects:export",
    "projects:feed",
    "projects:detail",
    "projects:project_feed",
    "projects:boroughs_export",
    "jobs:list",
    "jobs:export",
    "jobs:feed",
    "jobs:contribute",
    "jobs:contribute_done",
    "jobs:detail",
    "jobs:download",
    "jobs:suggest",
    "jobs:role",
    "jobs:salaries",
    "jobs:salaries_export",
    "jobs:vacancies",
    "jobs:vacancies_feed",
    "jobs:vacancy",
    "ideas:results",
    # Email subscriptions without an account: the signed link is the proof (subscriptions.tokens).
    "subscriptions:alert_new",
    "subscriptions:newsletter",
    "subscriptions:check_email",
    "subscriptions:confirm",
    "subscriptions:manage",
    "subscriptions:unsubscribe",
    "okrs:current",
    "okrs:quarter",
    "okrs:quarter_export",
    "okrs:key_result",
    "weeknotes:list",
    "weeknotes:detail",
    "weeknotes:feed",
    # The open data API: public data only (tests/api/test_nothing_private.py).
    "api:docs",
    "api_v1:openapi-json",
    "api_v1:root",
    "api_v1:api-root",  # django-ninja's own, shadowed by api_v1:root
    "api_v1:boroughs",
    "api_v1:borough",
    "api_v1:projects",
    "api_v1:project",
    "api_v1:quarters",
    "api_v1:quarter",
    "api_v1:job_descriptions",
    "api_v1:job_description",
    "api_v1:roles",
    "api_v1:role",
    "api_v1:vacancies",
    "api_v1:vacancy",
    "api_v1:idea_calls",
    "api_v1:idea_call",
    "api_v1:unknown",
}


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


def portal_views():
    # The admin guards itself (staff only) and is tested separately.
    return {name: view for name, view in walk(get_resolver().url_patterns) if not (name or "").startswith("admin:")}


def test_every_url_pattern_is_named():
    assert None not in portal_views()


def test_public_views_are_exactly_the_allow_list():
    public = {name for name, view in portal_views().items() if not getattr(view, "login_required", True)}
    assert public == PUBLIC_VIEWS


@pytest.mark.django_db
def test_admin_redirects_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_admin_refuses_signed_in_borough_people(client_for):
    response = client_for("cdio").get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_admin_lets_the_central_team_in(central_client):
    response = central_client.get("/admin/")
    assert response.status_code == 200
    assert "People" in response.text and "To do" in response.text  # the home is grouped by the team's work
