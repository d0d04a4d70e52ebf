"""Emails to contributors and suggesters, addresses nobody has proved they own (issue 14, items 7 and 9).

Anyone can type anyone's address into the public forms: what the portal
then sends there carries no free text from the form but the job's title,
made inert, and only a few such emails go to one address or come from
one client.
"""

import pytest
from django.core import mail

from jobs.emails import inert_title
from jobs.models import JobDescription, Suggestion
from jobs.services import job_description_publish, job_description_reject, suggestion_approve
from tests.factories import JobDescriptionFactory, SuggestionFactory, UserFactory
from tests.jobs.conftest import contribution, opened_a_minute_ago
from tests.jobs.test_contribute import error_summary

pytestmark = pytest.mark.django_db

URL = "/jobs/contribute/"
ATTACK = "URGENT: your account is suspended, sign in at https://evil.example"
VICTIM = "victim@hackney.example"


def contribute(client, role, address="10.0.0.1", **overrides):
    return client.post(URL, contribution(role, **overrides), REMOTE_ADDR=address)


def suggest(client, jd, email, address="10.0.0.1", name="Sam"):
    data = {"body": "Add SQL.", "name": name, "email": email, "website": "", "started": opened_a_minute_ago("suggest")}
    return client.post(f"/jobs/descriptions/{jd.pk}/suggest/", data, REMOTE_ADDR=address)


def assert_no_attack_text(message):
    text = f"{message.subject}\n{message.body}"
    for words in ["URGENT", "suspended", "evil.example", "https://evil", "0800"]:
        assert words not in text


# No free text from the form --------------------------------------------------------


def test_a_contribution_in_someone_elses_name_sends_them_only_a_fixed_confirmation(
    client, data_analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = contribute(
            client, data_analyst, contributor_name=ATTACK, contributor_email=VICTIM, summary="Call 0800 123 4567 now."
        )
    assert response.status_code == 302
    assert JobDescription.objects.get().contributor_name == ATTACK  # kept for the moderators, never sent
    (message,) = mail.outbox
    assert message.to == [VICTIM]
    assert_no_attack_text(message)
    assert message.body.startswith("Hello,\n")
    assert "Data Analyst (Housing), Camden" in message.body


def test_a_title_reaches_the_email_on_one_line_without_its_links(
    client, data_analyst, django_capture_on_commit_callbacks
):
    title = "Analyst URGENT sign in at https://evil.example/login or www.evil.example or evil.example/x"
    with django_capture_on_commit_callbacks(execute=True):
        contribute(client, data_analyst, title=title, contributor_email=VICTIM)
    (message,) = mail.outbox
    quoted = message.body.split("\n\n")[2].strip()
    assert quoted == ("Analyst URGENT sign in at [link removed] or [link removed] or [link removed], Camden")
    assert "evil" not in message.body


def test_a_council_outside_london_is_not_repeated_in_the_email(
    client, data_analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contribute(client, data_analyst, council="other", other_council=ATTACK[:150], contributor_email=VICTIM)
    (message,) = mail.outbox
    assert_no_attack_text(message)


def test_a_suggestion_in_someone_elses_name_sends_them_only_a_fixed_confirmation(
    client, data_analyst, django_capture_on_commit_callbacks
):
    jd = JobDescriptionFactory(role=data_analyst, title="Data Analyst")
    with django_capture_on_commit_callbacks(execute=True):
        assert suggest(client, jd, VICTIM, name=ATTACK).status_code == 302
    (message,) = mail.outbox
    assert message.to == [VICTIM]
    assert_no_attack_text(message)
    assert "Data Analyst, Camden" in message.body


def test_moderation_emails_carry_no_name_from_the_form(data_analyst, django_capture_on_commit_callbacks):
    moderator = UserFactory(central_team=True)
    published = JobDescriptionFactory(role=data_analyst, pending=True, contributor_name=ATTACK, title="Analyst")
    rejected = JobDescriptionFactory(role=data_analyst, pending=True, contributor_name=ATTACK, title="Analyst 2")
    suggestion = SuggestionFactory(job_description=published, name=ATTACK)
    with django_capture_on_commit_callbacks(execute=True):
        job_description_publish(jd=published, by=moderator)
        job_description_reject(jd=rejected, by=moderator, reason="Not a digital role.")
        suggestion_approve(suggestion=suggestion, by=moderator)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_no_attack_text(message)
        assert message.body.startswith("Hello,\n")
    assert "Not a digital role." in mail.outbox[1].body


@pytest.mark.parametrize(
    "text, inert",
    [
        ("Data  Analyst\r\n(Housing)", "Data Analyst (Housing)"),
        ("See http://x.example/a?b=c now", "See [link removed] now"),
        ("Mail help@evil.example", "Mail [link removed]"),
        ("mailto:help@evil.example", "[link removed]"),
        ("Ring +44 20 7946 0000", "Ring [number removed]"),
        ("Band 7.5, grade PO4", "Band 7.5, grade PO4"),
        ("x" * 150, "x" * 99 + "…"),
    ],
)
def test_inert_title(text, inert):
    assert inert_title(text) == inert


# Limits per recipient and per client -----------------------------------------------


def test_acknowledgements_to_one_address_stop_at_the_daily_limit_but_the_contributions_are_kept(
    client, data_analyst, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):  # from three different clients
            response = contribute(client, data_analyst, f"10.0.0.{n}", title=f"Analyst {n}", contributor_email=VICTIM)
            assert response.status_code == 302
        assert suggest(client, JobDescriptionFactory(role=data_analyst), VICTIM.upper(), "10.0.0.9").status_code == 302
    assert JobDescription.objects.filter(contributor_email=VICTIM).count() == 3
    assert Suggestion.objects.filter(email=VICTIM).count() == 1
    assert [m.to for m in mail.outbox] == [[VICTIM], [VICTIM]]


def test_acknowledgements_from_one_client_stop_at_the_hourly_limit(
    client, data_analyst, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_CONFIRMATIONS_PER_CLIENT_PER_HOUR = 2
    jd = JobDescriptionFactory(role=data_analyst)
    with django_capture_on_commit_callbacks(execute=True):
        contribute(client, data_analyst, title="Analyst 1", contributor_email="one@council.example")
        suggest(client, jd, "two@council.example")
        contribute(client, data_analyst, title="Analyst 3", contributor_email="three@council.example")
        # Another client is not held back by the first.
        suggest(client, jd, "four@council.example", address="10.9.9.9")
    assert JobDescription.objects.pending().count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "four@council.example",
        "one@council.example",
        "two@council.example",
    ]


# One line at the form (item 9) -------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "Data Analyst\r\nBcc: everyone@council.example", "The job title must be on one line"),
        ("contributor_name", "Ada\nContributor", "Your name must be on one line"),
        ("other_council", "Leeds\rCity Council", "The council's name must be on one line"),
        ("grade", "PO4\u2028PO5", "The grade must be on one line"),
    ],
)
def test_a_line_break_in_a_one_line_answer_is_refused_and_nothing_is_written(
    client, data_analyst, field, value, message
):
    overrides = {field: value}
    if field == "other_council":
        overrides["council"] = "other"
    response = contribute(client, data_analyst, **overrides)
    assert response.status_code == 400
    assert any(line.startswith(message) for line in error_summary(response))
    assert not JobDescription.objects.exists()
    assert mail.outbox == []


def test_a_line_break_in_a_suggesters_name_is_refused(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    response = suggest(client, jd, "sam@council.example", name="Sam\r\nSuggester")
    assert response.status_code == 400
    assert "Your name must be on one line: remove the line breaks" in error_summary(response)
    assert not Suggestion.objects.exists()
