"""The service navigation and footer every page shows (loti/templatetags/layout.py)."""

import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import set_script_prefix

pytestmark = pytest.mark.django_db


def navigation(html):
    return re.search(r'<section class="govuk-service-navigation".*?</section>', html, re.S).group(0)


def labels(nav):
    return re.findall(r'class="govuk-service-navigation__link"[^>]*>(?:<strong[^>]*>)?([^<]+)', nav)


def test_visitors_see_the_sections_and_sign_in(client):
    nav = navigation(client.get("/jobs/").text)
    assert labels(nav) == ["Home", "Projects", "Jobs", "Ideas", "OKRs", "Boroughs", "Sign in"]
    assert "Sign out" not in nav and "Admin" not in nav


def test_the_current_section_is_marked_once_with_the_bold_fallback(client):
    nav = navigation(client.get("/jobs/salaries/").text)
    assert nav.count('aria-current="page"') == 1
    assert nav.count("govuk-service-navigation__item--active") == 1
    assert (
        '<a class="govuk-service-navigation__link" href="/jobs/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Jobs</strong></a>'
    ) in nav


def test_the_sign_in_page_marks_sign_in(client):
    nav = navigation(client.get("/accounts/login/").text)
    assert 'href="/accounts/login/" aria-current="page"><strong' in nav


def test_a_cdio_sees_my_borough_their_account_and_a_sign_out_form_with_their_token(cdio_client):
    response = cdio_client.get("/projects/my-borough/")
    nav = navigation(response.text)
    assert labels(nav) == ["Home", "Projects", "Jobs", "Ideas", "OKRs", "Boroughs", "My borough", "Your account"]
    assert 'href="/projects/my-borough/" aria-current="page"><strong' in nav  # its own item, not Projects
    assert "Admin" not in nav
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
    assert '<form method="post" action="/accounts/logout/"' in nav
    assert f'Sign out<span class="govuk-visually-hidden"> ({cdio_client.user.email})</span>' in nav
    # The token is the session's own: signing out with it works.
    assert cdio_client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_the_central_team_sees_the_admin_link(central_client):
    nav = navigation(central_client.get("/").text)
    assert 'href="/admin/">Admin</a>' in nav
    assert "My borough" not in nav


def test_error_pages_show_only_the_sections(cdio_client):
    response = cdio_client.get("/no-such-page/")
    assert response.status_code == 404
    nav = navigation(response.text)
    assert labels(nav) == ["Home", "Projects", "Jobs", "Ideas", "OKRs", "Boroughs"]
    assert cdio_client.user.email not in response.text


def test_links_follow_the_script_prefix():
    # Behind a proxy that mounts the portal under a path, every link keeps it, though links are reversed once.
    tag = Template("{% load layout %}{% service_navigation %}{% site_footer %}")
    assert 'href="/jobs/"' in tag.render(Context({"error_page": True}))
    set_script_prefix("/portal/")
    try:
        html = tag.render(Context({"error_page": True}))
    finally:
        set_script_prefix("/")
    assert 'href="/portal/jobs/"' in html and 'href="/portal/privacy/"' in html
    assert 'href="/jobs/"' not in html


def test_the_footer_has_the_support_links_and_the_contact_address(client):
    html = client.get("/").text
    footer = re.search(r'<footer class="govuk-footer">.*?</footer>', html, re.S).group(0)
    for href in ("/accessibility/", "/privacy/", "/weeknotes/", "/api/"):
        assert f'href="{href}"' in footer
    with override_settings(LOTI_CONTACT_EMAIL="hello@loti.example"):
        assert 'href="mailto:hello@loti.example"' in client.get("/privacy/").text
