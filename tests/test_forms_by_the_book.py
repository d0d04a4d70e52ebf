"""Every form in the portal, by the GOV.UK book: submitted empty and with each answer wrong.

Each time: a 4xx, the GOV.UK error summary, every summary link going to an
input of the page (the first radio of a group, the date box in error), the
wrong answer's own field among the links, and nothing written.
"""

import time
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs.services import invitation_link
from jobs.antispam import started_token
from tests.conftest import authenticator_for, code_from, force_login_verified
from tests.factories import (
    AgreementFactory,
    CallFactory,
    CheckInFactory,
    IdeaFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    MeasureFactory,
    ObjectiveFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    RoleFactory,
    SignatoryFactory,
    UserFactory,
    borough,
    theme,
)
from tests.jobs import files
from tests.test_fuzz_forms import row_counts

pytestmark = pytest.mark.django_db

FORM_CONTROLS = {"input", "select", "textarea", "button"}
# Django's and Python's own wording, which a GOV.UK message replaces everywhere.
BUILT_IN_MESSAGES = [
    "This field is required",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number",
    "Select a valid choice",
    "Ensure this value",
    "is out of range",
    "didn\u2019t match",
    "didn't match",
    "This password is",
    "The password is too similar",
]


class PageReader(HTMLParser):
    """Every element's id and tag, the links of the GOV.UK error summary, and which ids sit in a group in error."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}
        self.summary_links = []
        self.summaries = 0
        self.in_error_group = set()  # ids inside a govuk-form-group--error
        self._summary_depth = 0
        self._groups = []  # for each open div: is it a form group in error?

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = (tag, a)
            if any(self._groups):
                self.in_error_group.add(a["id"])
        if tag == "div":
            self._groups.append("govuk-form-group--error" in (a.get("class") or "").split())
        if self._summary_depth and tag == "div":
            self._summary_depth += 1
        if tag == "div" and "govuk-error-summary" in (a.get("class") or "").split():
            self.summaries += 1
            self._summary_depth = 1
        elif self._summary_depth and tag == "a":
            self.summary_links.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "div" and self._groups:
            self._groups.pop()
        if self._summary_depth and tag == "div":
            self._summary_depth -= 1

    def classes(self, element_id):
        return (self.ids[element_id][1].get("class") or "").split()


# The GOV.UK error modifier each kind of input in error must carry; radios and
# checkboxes have none of their own (their form group's red bar marks them).
ERROR_MODIFIERS = {
    "select": "govuk-select--error",
    "textarea": "govuk-textarea--error",
    "file": "govuk-file-upload--error",
    "radio": None,
    "checkbox": None,
}


def assert_styled_as_error(page, element_id, where=""):
    """The input is drawn in error, the GOV.UK way: inside a form group in error, with its kind's red border."""
    tag, attrs = page.ids[element_id]
    kind = tag if tag in ("select", "textarea") else attrs.get("type", "text")
    assert element_id in page.in_error_group, f"{where}: #{element_id} is not in a govuk-form-group--error"
    modifier = ERROR_MODIFIERS.get(kind, "govuk-input--error")
    if modifier:
        assert modifier in page.classes(element_id), f"{where}: #{element_id} ({kind}) has no {modifier}"


def check_refused(response, before, wrong_field=None, styled=True):
    where = f"{response.request['PATH_INFO']} with {wrong_field or 'nothing'} wrong"
    assert 400 <= response.status_code < 500, where
    page = PageReader()
    page.feed(response.text)
    assert page.summaries == 1, f"{where}: no GOV.UK error summary"
    assert page.summary_links, f"{where}: an error summary with no links"
    for href in page.summary_links:
        assert href.startswith("#"), (where, href)
        target = page.ids.get(href[1:])
        assert target is not None, f"{where}: {href} goes nowhere"
        tag, attrs = target
        assert tag in FORM_CONTROLS and attrs.get("type") != "hidden", f"{where}: {href} is a <{tag}>, not an input"
        if tag != "button" and styled:
            assert_styled_as_error(page, href[1:], where)
    if wrong_field is not None:
        assert any(href.startswith(f"#id_{wrong_field}") for href in page.summary_links), (
            f"{where}: no summary link to the field",
            page.summary_links,
        )
    assert row_counts() == before, f"{where}: refused, but something was written"
    for message in BUILT_IN_MESSAGES:
        assert message not in response.text, f"{where}: Django's own message {message!r}"
    return page


@dataclass
class FormCase:
    client: object
    url: str
    valid: dict
    # field name -> the answers (the field's own, or its boxes') that make it wrong. A word after
    # the name tells two cases apart: "username (wrong password)" links to the username. A
    # "whole form" case is an error about no one field: its link goes to the first field, in no error style.
    wrong: dict = field(default_factory=dict)
    empty: dict = field(default_factory=dict)  # what an empty submission still carries (hidden fields)


def walk(case):
    """Submit the form empty, then right but for one field at a time."""
    assert case.client.get(case.url).status_code == 200
    before = row_counts()
    check_refused(case.client.post(case.url, case.empty), before)
    for name, answers in case.wrong.items():
        response = case.client.post(case.url, {**case.valid, **answers})
        check_refused(response, before, name.split()[0], styled="whole form" not in name)


def signed_in(user):
    from django.test import Client

    client = Client()
    force_login_verified(client, user)
    return client


def bad_date(name, day="31", month="2", year="2025"):
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


# The forms ----------------------------------------------------------------------


def test_sign_in(client):
    UserFactory(email="ada@camden.example", password="a long enough passphrase")
    valid = {"username": "ada@camden.example", "password": "a long enough passphrase"}
    walk(
        FormCase(
            client,
            "/accounts/login/",
            valid,
            wrong={
                "username": {"username": "not an email"},
                "password": {"password": ""},
                "username (wrong password: whole form)": {"password": "wrong"},
            },
        )
    )


def test_sign_in_empty_says_what_to_enter_once_per_field(client):
    response = client.post("/accounts/login/", {})
    assert response.text.count("This field is required") == 0
    assert "Enter your email address" in response.text and "Enter your password" in response.text


def test_password_reset(client):
    walk(FormCase(client, "/accounts/password-reset/", {"email": "ada@camden.example"}, {"email": {"email": "nope"}}))


def test_set_password(client):
    user = UserFactory(invited=True, borough=borough("camden"))
    path = "/" + invitation_link(user).split("/", 3)[3]
    url = client.get(path).url  # the token moves into the session
    valid = {"new_password1": "a long enough passphrase", "new_password2": "a long enough passphrase"}
    walk(
        FormCase(
            client,
            url,
            valid,
            wrong={
                "new_password1": {"new_password1": "short", "new_password2": "short"},
                "new_password1 (numbers only)": {"new_password1": "1234567890123", "new_password2": "1234567890123"},
                "new_password1 (common)": {"new_password1": "password1234", "new_password2": "password1234"},
                "new_password2": {"new_password2": "another one"},
            },
        )
    )


def test_set_password_mismatch_is_said_the_gov_uk_way(client):
    user = UserFactory(invited=True, borough=borough("camden"))
    url = client.get("/" + invitation_link(user).split("/", 3)[3]).url
    response = client.post(url, {"new_password1": "a long enough passphrase", "new_password2": "not the same"})
    assert "didn" not in response.text
    assert "The passwords do not match" in response.text


def test_two_factor_code(client):
    user = UserFactory(borough=borough("camden"), cdio=True)
    device = authenticator_for(user)
    client.force_login(user)  # the password step
    wrong = f"{(int(code_from(device)) + 500_000) % 10**6:06d}"
    walk(
        FormCase(
            client,
            "/accounts/two-factor/",
            {"code": code_from(device)},
            wrong={
                "code": {"code": "12345"},
                "code (not a code)": {"code": "<b>"},
                "code (wrong code)": {"code": wrong},
            },
        )
    )


def test_two_factor_set_up(client):
    user = UserFactory(borough=borough("camden"), cdio=True)
    client.force_login(user)  # owes a second factor: the set-up page is the only one open
    client.get("/accounts/two-factor/set-up/")
    wrong = f"{(int(code_from(TOTPDevice.objects.get(user=user))) + 500_000) % 10**6:06d}"
    walk(
        FormCase(
            client,
            "/accounts/two-factor/set-up/",
            {},
            wrong={"code": {"code": "abcdefgh"}, "code (wrong code)": {"code": wrong}},
        )
    )
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_two_factor_empty_says_what_to_enter(client):
    user = UserFactory(borough=borough("camden"), cdio=True)
    authenticator_for(user)
    client.force_login(user)
    response = client.post("/accounts/two-factor/", {})
    assert "Enter the 6-digit code from your authenticator app" in response.text


@pytest.fixture
def role():
    return RoleFactory()


def contribution(role):
    return {
        "role": str(role.pk),
        "title": "Data Analyst (Housing)",
        "council": "camden",
        "salary_min": "42000",
        "salary_max": "48000",
        "london_weighting": "included",
        **{f"advertised_on_{i}": part for i, part in enumerate(["3", "3", "2025"])},
        "external_url": "https://www.camden.gov.uk/jobs/data-analyst",
        "contributor_name": "Ada Contributor",
        "contributor_email": "ada@camden.example",
        "website": "",
        "started": started_token("contribute", time.time() - 60),
    }


def test_contribute_a_job_description(client, role):
    valid = contribution(role)
    walk(
        FormCase(
            client,
            "/jobs/contribute/",
            valid,
            wrong={
                "role": {"role": "999999"},
                "title": {"title": "x" * 201},
                "council": {"council": "atlantis"},
                "other_council": {"council": "other", "other_council": ""},
                "salary_min": {"salary_min": "lots"},
                "salary_max": {"salary_max": "1000"},
                "london_weighting": {"london_weighting": "sometimes"},
                "advertised_on": bad_date("advertised_on"),
                "external_url": {"external_url": "not a link"},
                "contributor_name": {"contributor_name": ""},
                "contributor_email": {"contributor_email": "nope"},
                "document": {"document": files.upload("jd.exe.pdf", files.PDF), "external_url": ""},
                "document (empty)": {"document": files.upload("empty.pdf", b""), "external_url": ""},
                "document (neither file nor link)": {"external_url": ""},
            },
            empty={"started": valid["started"]},
        )
    )
    response = client.post("/jobs/contribute/", {**valid, "london_weighting": ""})
    page = check_refused(response, row_counts())
    assert "#id_london_weighting_1" in page.summary_links
    response = client.post("/jobs/contribute/", {**valid, **bad_date("advertised_on")})
    assert "day is out of range" not in response.text
    assert "#id_advertised_on_0" in check_refused(response, row_counts()).summary_links
    response = client.post("/jobs/contribute/", {**valid, **bad_date("advertised_on", day="3", month="13")})
    assert "#id_advertised_on_0" in check_refused(response, row_counts()).summary_links


def read(response):
    page = PageReader()
    page.feed(response.text)
    return page


def test_select_and_email_in_error_are_styled_as_errors(client, role):
    page = read(client.post("/jobs/contribute/", {**contribution(role), "role": "", "contributor_email": "nope"}))
    assert "govuk-select--error" in page.classes("id_role")
    assert "govuk-input--error" not in page.classes("id_role")
    assert "govuk-input--error" in page.classes("id_contributor_email")


# One case for each kind of input the portal draws: (what, answers that make it wrong, the input's id).
CONTRIBUTE_INPUTS_IN_ERROR = [
    ("text input", {"title": ""}, "id_title", "govuk-input--error"),
    ("number in a text input", {"salary_min": "lots"}, "id_salary_min", "govuk-input--error"),
    ("email input", {"contributor_email": "nope"}, "id_contributor_email", "govuk-input--error"),
    ("URL input", {"external_url": "not a link"}, "id_external_url", "govuk-input--error"),
    ("select", {"role": ""}, "id_role", "govuk-select--error"),
    ("textarea", {"summary": "x" * 2001}, "id_summary", "govuk-textarea--error"),
    (
        "file upload",
        {"document": files.upload("jd.exe.pdf", files.PDF), "external_url": ""},
        "id_document",
        "govuk-file-upload--error",
    ),
    ("radios", {"london_weighting": ""}, "id_london_weighting_1", None),
]


@pytest.mark.parametrize(("what", "answers", "element_id", "modifier"), CONTRIBUTE_INPUTS_IN_ERROR)
def test_each_kind_of_input_in_error_gets_its_gov_uk_error_style(client, role, what, answers, element_id, modifier):
    page = read(client.post("/jobs/contribute/", {**contribution(role), **answers}))
    assert_styled_as_error(page, element_id, what)
    if modifier:
        assert modifier in page.classes(element_id)
    # Only the field in error: its neighbours keep their plain style.
    assert "govuk-input--error" not in page.classes("id_contributor_name")


def test_checkboxes_in_error_sit_in_a_form_group_in_error(client_for):
    CallFactory()
    page = read(client_for("member").post("/ideas/new/", {**idea_answers(), "interested_boroughs": ["999999"]}))
    assert_styled_as_error(page, "id_interested_boroughs_1", "checkboxes")
    assert "govuk-input--error" not in page.classes("id_title")


def test_password_input_in_error_has_a_red_border(client):
    page = read(client.post("/accounts/login/", {"username": "ada@camden.example", "password": ""}))
    assert_styled_as_error(page, "id_password", "password input")


def date_boxes_in_error(page, name):
    return ["govuk-input--error" in page.classes(f"{name}_{i}") for i in range(3)]


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        (("31", "2", "2025"), [True, True, True]),  # no such date: the whole date
        (("3", "", "2025"), [False, True, False]),  # the month missing: that box alone
        (("3", "3", "year"), [False, False, True]),
        (("", "", ""), [True, True, True]),  # nothing entered
    ],
)
def test_date_boxes_in_error_get_a_red_border_the_gov_uk_way(client, role, boxes, expected):
    answers = {f"advertised_on_{i}": part for i, part in enumerate(boxes)}
    page = read(client.post("/jobs/contribute/", {**contribution(role), **answers}))
    assert date_boxes_in_error(page, "id_advertised_on") == expected
    assert "id_advertised_on_0" in page.in_error_group


def test_check_in_date_out_of_its_quarter_borders_every_box(client_for):
    kr = KeyResultFactory(objective=ObjectiveFactory(quarter=QuarterFactory(year=3, number=2)), number=1)
    kr.lead_borough = borough("camden")
    kr.save()
    answers = {"value": "20", "confidence": "medium", **bad_date("checked_on", day="10", month="12", year="2026")}
    page = read(client_for("cdio").post("/okrs/year-3/q2/1/check-in/", answers))
    assert "#id_checked_on_0" in page.summary_links
    assert date_boxes_in_error(page, "id_checked_on") == [True, True, True]
    answers = {**answers, **bad_date("checked_on", day="10", month="", year="2021")}
    page = read(client_for("cdio").post("/okrs/year-3/q2/1/check-in/", answers))
    assert date_boxes_in_error(page, "id_checked_on") == [False, True, False]


def test_suggest_an_improvement(client, role):
    jd = JobDescriptionFactory(role=role)
    started = started_token("suggest", time.time() - 60)
    valid = {"body": "Mention the apprenticeship route.", "name": "Sam", "email": "sam@example.org", "started": started}
    walk(
        FormCase(
            client,
            f"/jobs/descriptions/{jd.pk}/suggest/",
            valid,
            wrong={"body": {"body": "x" * 3001}, "name": {"name": ""}, "email": {"email": "nope"}},
            empty={"started": started},
        )
    )


def idea_answers():
    return {
        "title": "Shared cyber security monitoring",
        "problem": "Each borough watches its own network alone.",
        "proposal": "One monitoring service every member borough can join.",
        "beneficiaries": "Residents and IT teams.",
        "outcomes": "Attacks spotted sooner.",
        "theme": str(theme("cyber-security").pk),
        "interested_boroughs": [str(borough("camden").pk)],
    }


IDEA_WRONG = {
    "title": {"title": "x" * 151},
    "problem": {"problem": ""},
    "theme": {"theme": "999999"},
    "interested_boroughs": {"interested_boroughs": ["999999"]},
}


def test_submit_an_idea(client_for):
    call = CallFactory()
    client = client_for("member")
    walk(FormCase(client, "/ideas/new/", {**idea_answers(), "call": call.pk}, IDEA_WRONG, empty={"call": call.pk}))


def test_edit_an_idea(client_for):
    client = client_for("member")
    idea = IdeaFactory(call=CallFactory(), submitted_by=client.user)
    walk(FormCase(client, f"/ideas/{idea.pk}/edit/", idea_answers(), IDEA_WRONG))


@pytest.fixture
def project():
    camden = borough("camden")
    project = ProjectFactory(title="Seamless Wi-Fi", lead_borough=camden)
    ParticipationFactory(project=project, borough=camden)
    MeasureFactory(project=project, name="Places", target=100)
    SignatoryFactory(agreement=AgreementFactory(project=project), borough=camden)
    return project


def test_post_a_project_update(client_for, project):
    valid = {"title": "Week 3", "body": "We met.", "phase": "discovery", "health": "on_track"}
    walk(
        FormCase(
            client_for("cdio"),
            f"/projects/{project.slug}/updates/new/",
            valid,
            wrong={
                "title": {"title": ""},
                "body": {"body": ""},
                "phase": {"phase": "nowhere"},
                "health": {"health": "purple"},
            },
        )
    )


def test_project_update_radios_have_no_blank_choice_and_are_stacked(client_for, project):
    response = client_for("cdio").get(f"/projects/{project.slug}/updates/new/")
    assert "Select an option" not in response.text
    assert 'value=""' not in response.text.split('name="phase"')[1].split(">")[0]
    assert "govuk-radios--inline" not in response.text and 'class="govuk-radios--inline' not in response.text


def test_my_borough_question_page(client_for, project):
    from perf.forms import form_fields

    client = client_for("cdio")
    url = f"/projects/my-borough/{project.slug}/"
    valid = {**form_fields(client.get(url).text), "action": "save"}
    value = next(name for name in valid if name.endswith("-value"))
    signed = next(name for name in valid if name.endswith("-signed_on_0")).removesuffix("_0")
    hidden = {name: v for name, v in valid.items() if name.endswith("-version")}
    walk(
        FormCase(
            client,
            url,
            valid,
            wrong={value: {value: "lots"}, signed: {f"{signed}_0": "31", f"{signed}_1": "2", f"{signed}_2": "2025"}},
            empty={**hidden, "action": "save"},
        )
    )


def test_key_result_check_in(client_for):
    quarter = QuarterFactory(year=3, number=2)
    kr = KeyResultFactory(
        objective=ObjectiveFactory(quarter=quarter),
        number=1,
        target=50,
        unit="women enrolled",
        lead_borough=borough("camden"),
    )
    CheckInFactory(key_result=kr, value=12, checked_on=date(2021, 11, 5))
    valid = {
        "value": "20",
        "confidence": "medium",
        "comment": "",
        **{f"checked_on_{i}": part for i, part in enumerate(["10", "12", "2021"])},
    }
    walk(
        FormCase(
            client_for("cdio"),
            "/okrs/year-3/q2/1/check-in/",
            valid,
            wrong={
                "value": {"value": "lots"},
                "confidence": {"confidence": "sure"},
                "comment": {"comment": "x" * 2001},
                "checked_on": bad_date("checked_on", year="2021"),
            },
        )
    )


def test_workshop_vote(client_for):
    call = CallFactory(voting=True, votes_per_borough=2)
    idea = IdeaFactory(call=call, shortlisted=True)
    valid = {"idea": idea.pk, "action": "cast"}
    client = client_for("cdio")
    url = f"/ideas/calls/{call.slug}/vote/"
    before = row_counts()
    assert client.get(f"/ideas/calls/{call.slug}/workshop/").status_code == 200
    check_refused(client.post(url, {}), before)
    for answers in [{"idea": "999999"}, {"action": "shout"}]:
        check_refused(client.post(url, {**valid, **answers}), before)


def test_my_borough_lean_fields_in_error_get_their_gov_uk_error_style(client_for, project):
    """The my-borough question page draws its fields in Python (govuk_field): the same error styles."""
    from perf.forms import form_fields

    client = client_for("cdio")
    url = f"/projects/my-borough/{project.slug}/"
    valid = {**form_fields(client.get(url).text), "action": "save"}
    value = next(name for name in valid if name.endswith("-value"))
    state = next(name for name in valid if name.endswith("-state"))
    signed = next(name for name in valid if name.endswith("-signed_on_0")).removesuffix("_0")
    page = read(client.post(url, {**valid, value: "lots", state: "nowhere", **bad_date(signed, month="")}))
    assert_styled_as_error(page, f"id_{value}", "lean text input")
    assert "govuk-select--error" in page.classes(f"id_{state}")
    assert date_boxes_in_error(page, f"id_{signed}") == [False, True, False]
    page = read(client.post(url, {**valid, **bad_date(signed)}))
    assert date_boxes_in_error(page, f"id_{signed}") == [True, True, True]
    assert f"#id_{signed}_0" in page.summary_links
