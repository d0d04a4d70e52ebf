"""Where signing in takes each kind of person, and what signing out says."""

import pytest

from boroughs import two_factor
from tests.conftest import authenticator_for, code_from
from tests.factories import TEST_PASSWORD, UserFactory, borough

pytestmark = pytest.mark.django_db


def sign_in(client, user, next_url=None):
    """Both steps for those who owe a second factor (tests/boroughs/test_two_factor.py tests the step itself)."""
    device = authenticator_for(user) if two_factor.is_required_for(user) else None
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.email, "password": TEST_PASSWORD})
    if device is not None:
        assert response["Location"].startswith("/accounts/two-factor/?next=")
        response = client.post(response["Location"], {"code": code_from(device)})
    return response


LANDING = {
    "member": "/ideas/",
    "editor": "/projects/my-borough/",
    "cdio": "/projects/my-borough/",
    "central_team": "/admin/",
}
MAKE = {
    "member": lambda: UserFactory(borough=borough("camden")),
    "editor": lambda: UserFactory(borough=borough("camden"), editor=True),
    "cdio": lambda: UserFactory(borough=borough("camden"), cdio=True),
    "central_team": lambda: UserFactory(central_team=True),
}


@pytest.mark.parametrize("role", list(LANDING))
def test_signing_in_lands_each_role_on_its_work(client, role):
    response = sign_in(client, MAKE[role]())
    assert response.status_code == 302
    assert response["Location"] == LANDING[role]
    # ...and that page opens for them.
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("role", list(LANDING))
def test_a_safe_next_wins_over_the_landing_page(client, role):
    response = sign_in(client, MAKE[role](), next_url="/okrs/")
    assert response["Location"] == "/okrs/"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "https:/evil.example/"])
def test_an_unsafe_next_is_ignored_for_the_landing_page(client, unsafe):
    response = sign_in(client, MAKE["cdio"](), next_url=unsafe)
    assert response["Location"] == "/projects/my-borough/"


def test_signed_in_person_visiting_sign_in_goes_to_their_work(editor_client):
    response = editor_client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/projects/my-borough/"


def test_signing_out_says_so_on_the_page_it_lands_on(member_client):
    response = member_client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You have signed out." in response.text
    assert "govuk-notification-banner--success" in response.text
    assert not response.context["user"].is_authenticated
    # Said once: the next page is quiet.
    assert "You have signed out." not in member_client.get("/").text
