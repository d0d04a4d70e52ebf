"""Property-based tests: every form in the portal survives hostile input.

For each form, hypothesis fills the fields the page really has with arbitrary
unicode, control characters, very long strings, boundary and non-numeric
numbers, or leaves them out. Never a server error; when the form refuses the
input, nothing at all is written; when it accepts, that is fine too.
"""

import string

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perf.forms import form_fields
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    SignatoryFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db

WATCHED_APPS = ["boroughs", "projects", "okrs", "ideas", "jobs"]

hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=30000),
    st.text(alphabet=string.whitespace + "\x00\x01\x1b\u200b\u202e", max_size=20),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", '=HYPERLINK("x")', "../../etc/passwd", "{{ 7*7 }}"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "-0", "1e309", "NaN", "0x10", "3.5", "99999999999999999999", "31", "2", "2026"]),
)


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in WATCHED_APPS
        if apps.is_installed(app)
        for model in apps.get_app_config(app).get_models()
    }


def fuzz(client, url, data_draw):
    page = client.get(url)
    assert page.status_code == 200, url
    fields = form_fields(page.text)
    csrf = fields.pop("csrfmiddlewaretoken", None)
    data = data_draw(fields)
    if csrf:
        data["csrfmiddlewaretoken"] = csrf
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code >= 400:
        assert row_counts() == before, f"{url} refused the input but wrote something"
    return response


def mutate(draw, fields):
    """Each real field: keep it, drop it, or replace it with something hostile."""
    data = {}
    for name, value in fields.items():
        choice = draw(st.sampled_from(["keep", "drop", "hostile", "hostile"]))
        if choice == "keep":
            data[name] = value
        elif choice == "hostile":
            data[name] = draw(hostile_text)
    return data


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture
def commitments(camden):
    project = ProjectFactory(title="Seamless Wi-Fi", lead_borough=camden)
    ParticipationFactory(project=project, borough=camden)
    DeliverableFactory(project=project, name="GovWifi")
    MeasureFactory(project=project, name="Places")
    SignatoryFactory(agreement=AgreementFactory(project=project), borough=camden)
    return project


@FUZZ
@given(data=st.data())
def test_my_borough_form(client_for, commitments, data):
    client = client_for("cdio")
    fuzz(client, f"/projects/my-borough/{commitments.slug}/", lambda fields: mutate(data.draw, fields))


@FUZZ
@given(data=st.data())
def test_project_update_form(client_for, commitments, data):
    client = client_for("cdio")
    fuzz(client, f"/projects/{commitments.slug}/updates/new/", lambda fields: mutate(data.draw, fields))


@pytest.fixture
def someone():
    return UserFactory(email="cdio@camden.example")


@FUZZ
@given(data=st.data())
def test_login_form(client, someone, data):
    fuzz(client, "/accounts/login/", lambda fields: mutate(data.draw, fields))


@FUZZ
@given(data=st.data())
def test_password_reset_form(client, data):
    fuzz(client, "/accounts/password-reset/", lambda fields: mutate(data.draw, fields))


@FUZZ
@given(data=st.data())
def test_set_password_form(client, data):
    from boroughs.services import invitation_link

    user = UserFactory(invited=True, borough=borough("camden"))
    path = "/" + invitation_link(user).split("/", 3)[3]
    url = client.get(path).url  # the token moves into the session
    fuzz(client, url, lambda fields: mutate(data.draw, fields))


@pytest.fixture
def open_call():
    from tests.factories import CallFactory

    return CallFactory()


@FUZZ
@given(data=st.data())
def test_idea_submission_form(client_for, open_call, data):
    client = client_for("member")
    fuzz(client, "/ideas/new/", lambda fields: mutate(data.draw, fields))
