import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from loti import views

pytestmark = pytest.mark.django_db


def test_home_introduces_loti_and_counts_member_boroughs(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "London Office of Technology and Innovation" in response.text
    assert f"helps {response.context['counts'].member_count} member boroughs" in response.text
    assert response.context["counts"].member_count == 25


def test_home_greets_a_signed_in_cdio_with_their_borough(cdio_client):
    response = cdio_client.get("/")
    assert "CDIO for Camden" in response.text
    assert "Sign out" in response.text


def test_layout_has_skip_link_generic_header_navigation_and_footer_links(client):
    html = client.get("/").text
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "govuk-generic-header" in html and "loti-logo" in html
    assert "govuk-service-navigation" in html
    assert 'href="/accessibility/"' in html and 'href="/privacy/"' in html
    assert 'lang="en-GB"' in html


def test_current_section_is_marked_in_the_navigation(client):
    html = client.get("/boroughs/").text
    assert 'aria-current="page"' in html
    assert '<strong class="govuk-service-navigation__active-fallback">Boroughs</strong>' in html


def test_accessibility_statement_follows_the_model_with_contact_and_review_date(client):
    html = client.get("/accessibility/").text
    for heading in [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]:
        assert heading in html
    assert "mailto:hello@loti.london" in html
    assert "will next be reviewed by 1 June 2027" in html
    assert "WCAG22" in html


def test_accessibility_statement_lists_what_it_announces_and_says_where_the_admin_stands(client):
    html = client.get("/accessibility/").text
    # It once promised "non-compliances listed below" and listed none.
    assert "listed below" not in html
    non_compliance = html.split("Non-compliance with the accessibility regulations</h3>")[1].split("<h3")[0]
    assert "We know of no content that fails WCAG 2.2 AA" in non_compliance
    assert "administration pages" in non_compliance
    assert "partially compliant" not in html  # nothing known to fail: no claim of failures it cannot name


def test_privacy_notice_names_the_data_and_the_rights(client):
    html = client.get("/privacy/").text
    assert "Privacy notice" in html
    assert "only essential cookies" in html
    assert "Your rights" in html


def test_healthz_answers_200_after_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch.object(views.connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "down"


def test_unknown_page_is_a_friendly_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-generic-header" in response.text


def test_403_page_is_in_the_layout():
    request = RequestFactory().get("/somewhere/")
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content
    assert b"govuk-generic-header" in response.content


def test_500_page_is_in_the_layout_and_tells_nothing_technical():
    request = RequestFactory().get("/")
    try:
        raise ValueError("secret internals")
    except ValueError:
        response = views.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"secret internals" not in response.content


def test_lost_database_gives_a_503_page_instead_of_a_500():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Sorry, the service is unavailable" in response.content
    assert b"could not connect" not in response.content


def test_a_view_that_loses_the_database_answers_with_the_503_page(client):
    client.raise_request_exception = False
    with mock.patch("loti.views.Borough.objects.members", side_effect=OperationalError("gone")):
        response = client.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.text
