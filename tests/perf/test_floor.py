"""The benchmark's floor view exists under perf.urls only: the portal's own URLs have no benchmark switch."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse


@override_settings(ROOT_URLCONF="perf.urls")
def test_floor_answers_an_anonymous_visitor_with_an_empty_page_through_every_middleware(client):
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content == b""
    # The middleware stack still ran: the security headers are there.
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


@override_settings(ROOT_URLCONF="perf.urls")
def test_perf_urls_keep_the_portals_pages_and_error_handlers(client, db):
    assert client.get("/healthz").status_code == 200
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_the_portals_own_urls_have_no_floor(client, db):
    assert client.get("/bench/floor/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


@pytest.mark.django_db
def test_the_benchmark_signs_in_past_both_steps(client):
    # Else every CDIO and admin page it times would be the redirect to the code step.
    from perf.measure import force_login_verified
    from tests.factories import UserFactory, borough

    force_login_verified(client, UserFactory(borough=borough("camden"), cdio=True))
    assert client.get("/projects/my-borough/").status_code == 200
    force_login_verified(client, UserFactory(central_team=True))
    assert client.get("/admin/").status_code == 200
