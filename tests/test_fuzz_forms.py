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

WATCHED_APPS = ["boroughs", "projects", "okrs", "ideas", "jobs", "subscriptions"]

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
def half_signed_in_cdio(client, settings):
    """A CDIO past the password step. No lockout: the examples share one database, and the page must stay a form."""
    from tests.conftest import authenticator_for

    settings.TWO_FACTOR_FAILURE_LIMIT = 10**6
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = UserFactory(email="cdio@camden.example", borough=borough("camden"), cdio=True)
    client.force_login(user)
    return user, authenticator_for


@FUZZ
@given(data=st.data())
def test_two_factor_set_up_form(client, half_signed_in_cdio, data):
    fuzz(client, "/accounts/two-factor/set-up/", lambda fields: mutate(data.draw, fields))


@FUZZ
@given(data=st.data())
def test_two_factor_code_form(client, half_signed_in_cdio, data):
    user, authenticator_for = half_signed_in_cdio
    authenticator_for(user)
    fuzz(client, "/accounts/two-factor/", lambda fields: mutate(data.draw, fields))


@pytest.fixture
def open_call():
    from tests.factories import CallFactory

    return CallFactory()


@FUZZ
@given(data=st.data())
def test_idea_submission_form(client_for, open_call, data):
    client = client_for("member")
    fuzz(client, "/ideas/new/", lambda fields: mutate(data.draw, fields))


# Anonymous job forms and the workshop's borough parameter (issue 14, item 10) ------


@pytest.fixture
def data_analyst():
    from tests.factories import RoleFactory

    return RoleFactory(name="Data analyst", slug="data-analyst")


@pytest.fixture
def published_jd(data_analyst):
    from tests.factories import JobDescriptionFactory

    return JobDescriptionFactory(role=data_analyst)


def contribution_with(data_analyst, **overrides):
    from tests.jobs.conftest import contribution

    return contribution(data_analyst, **overrides)


@pytest.mark.parametrize(
    "day, month, year",
    [("1", "1", "99999999999999999999"), ("99999999999999999999", "1", "2020"), ("1", "10" * 12, "2020")],
)
def test_an_enormous_date_on_the_contribution_form_is_an_error_not_a_crash(client, data_analyst, day, month, year):
    post = contribution_with(data_analyst, advertised_on_0=day, advertised_on_1=month, advertised_on_2=year)
    response = client.post("/jobs/contribute/", post)
    assert response.status_code == 400
    assert "The date advertised must be a real date" in response.text


@FUZZ
@given(data=st.data())
def test_contribute_form(client, data_analyst, data):
    def draw(fields):
        # Start from a complete, valid contribution so that the date is reached.
        fields = {**fields, **contribution_with(data_analyst)}
        return mutate(data.draw, fields)

    fuzz(client, "/jobs/contribute/", draw)


@FUZZ
@given(data=st.data())
def test_suggestion_form(client, published_jd, data):
    fuzz(client, f"/jobs/descriptions/{published_jd.pk}/suggest/", lambda fields: mutate(data.draw, fields))


@pytest.fixture
def voting_call():
    from tests.factories import CallFactory, IdeaFactory

    call = CallFactory(voting=True)
    IdeaFactory(call=call, shortlisted=True)
    return call


hostile_parameter = st.one_of(hostile_text, st.sampled_from(["\x00", "camden\x00", "%00", "../camden"]))


@pytest.mark.parametrize("value", ["\x00", "camden\x00"])
def test_a_nul_in_the_workshop_borough_is_ignored_not_a_crash(client_for, voting_call, value):
    client = client_for("central_team")
    assert client.get(f"/ideas/calls/{voting_call.slug}/workshop/", {"borough": value}).status_code == 200
    idea = voting_call.ideas.get()
    response = client.post(
        f"/ideas/calls/{voting_call.slug}/vote/", {"idea": idea.pk, "action": "cast", "borough": value}
    )
    assert response.status_code == 400


@FUZZ
@given(value=hostile_parameter)
def test_workshop_and_vote_borough_parameter(client_for, voting_call, value):
    client = client_for("central_team")
    response = client.get(f"/ideas/calls/{voting_call.slug}/workshop/", {"borough": value})
    assert response.status_code < 500
    idea = voting_call.ideas.get()
    before = row_counts()
    response = client.post(
        f"/ideas/calls/{voting_call.slug}/vote/", {"idea": idea.pk, "action": "cast", "borough": value}
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert row_counts() == before
