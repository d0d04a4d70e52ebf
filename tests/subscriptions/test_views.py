"""The sign-up, confirm, manage and unsubscribe pages: public, GOV.UK forms, double opt-in, signed links."""

import html
import re

import pytest
from django.core import mail, signing
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from subscriptions.models import Frequency, Kind, Subscription, Suppression
from subscriptions.tokens import CONFIRM_SALT, confirmation_token, manage_token
from tests.factories import RoleFactory, RoleFamilyFactory, VacancyFactory
from tests.subscriptions.conftest import SubscriptionFactory, link_in
from tests.test_forms_by_the_book import FormCase, walk
from tests.test_fuzz_forms import FUZZ, fuzz, mutate

pytestmark = pytest.mark.django_db

VACANCY_ALERT = "/subscriptions/alerts/vacancies/new/"
JD_ALERT = "/subscriptions/alerts/job-descriptions/new/"
NEWSLETTER = "/subscriptions/newsletter/"


def error_summary(response):
    """The messages in the GOV.UK error summary, in order."""
    assert 'class="govuk-error-summary"' in response.text
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    return [
        html.unescape(re.sub(r"\s+", " ", m).strip()) for m in re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", summary)
    ]


INLINE_ERROR = (
    r'<span id="[^"]+_error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>'
)


def inline_errors(response):
    return [
        html.unescape(re.sub(r"\s+", " ", m).strip())
        for m in re.findall(INLINE_ERROR + "([^<]+)</span>", response.text)
    ]


@pytest.fixture
def data_family():
    return RoleFamilyFactory(name="Data", slug="data")


def token_pages():
    """Every page behind a signed link, for a confirmed alert: (path, expected status)."""
    alert = SubscriptionFactory(vacancies=True)
    return [
        (f"/subscriptions/confirm/{confirmation_token(alert)}/", 200),
        (f"/subscriptions/manage/{manage_token(alert)}/", 200),
        (f"/subscriptions/unsubscribe/{manage_token(alert)}/", 200),
    ]


# Permission matrix: every page is public, the same for everyone; the signed link is the only key.


@pytest.mark.parametrize("path", [VACANCY_ALERT, JD_ALERT, NEWSLETTER, "/subscriptions/check-your-email/"])
def test_sign_up_pages_are_open_to_everyone(any_role_client, path):
    assert any_role_client.get(path).status_code == 200


def test_signed_link_pages_are_open_to_everyone_with_the_link(any_role_client):
    for path, status in token_pages():
        response = any_role_client.get(path)
        assert response.status_code == status, path
        assert "no-store" in response["Cache-Control"]  # the link is a key: never kept by a cache


def test_signed_link_pages_refuse_everyone_without_a_valid_link(any_role_client):
    for name in ["confirm", "manage", "unsubscribe"]:
        response = any_role_client.get(f"/subscriptions/{name}/not-a-token/")
        assert response.status_code == 400
        assert "This link does not work" in response.text


def test_an_unknown_list_is_not_found(client):
    assert client.get("/subscriptions/alerts/ideas/new/").status_code == 404


# The job alert form


def test_the_lists_link_carries_their_filters_but_not_the_order_or_page(client, data_family):
    VacancyFactory(role__family=data_family)
    page = client.get("/jobs/vacancies/", {"family": "data", "area": "inner", "sort": "newest", "page": "1"})
    link = html.unescape(re.search(r'id="alert-link" href="([^"]+)"', page.text).group(1))
    assert link == f"{VACANCY_ALERT}?family=data&area=inner"
    library = client.get("/jobs/", {"level": "senior"})
    assert f'href="{JD_ALERT}?level=senior"' in library.text


def test_the_alert_form_describes_the_filters_in_words(client, data_family):
    VacancyFactory(role__family=data_family)
    response = client.get(VACANCY_ALERT, {"family": "data", "area": "inner", "salary_from": "40000"})
    description = re.search(r'id="alert-description">([^<]+)<', response.text).group(1)
    assert html.unescape(description) == "Role family: Data; Area: Inner London; Salary from: £40,000"


@pytest.mark.parametrize(
    "role, words", [("data-analyst", "Data analyst"), ("Data analyst", "Data analyst"), ("analyst", "“analyst”")]
)
def test_the_alert_form_describes_the_role_box_as_typed(client, data_family, role, words):
    VacancyFactory(role=RoleFactory(family=data_family, name="Data analyst", slug="data-analyst"))
    response = client.get(VACANCY_ALERT, {"role": role})
    description = re.search(r'id="alert-description">([^<]+)<', response.text).group(1)
    assert html.unescape(description).endswith(f": {words}")


def test_bad_filters_are_refused_with_a_way_back_and_no_form(client):
    response = client.get(VACANCY_ALERT, {"family": "no-such-family", "salary_from": "lots"})
    assert response.status_code == 400
    messages = error_summary(response)
    assert any(m.startswith("Role family:") for m in messages)
    assert "Salary from (£): Enter a number of pounds, like 40000" in messages
    assert 'name="email"' not in response.text
    response = client.post(f"{VACANCY_ALERT}?salary_from=lots", {"email": "a@example.org", "frequency": "daily"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_alert_form_errors_the_govuk_way_keeps_input_and_writes_nothing(client, sent):
    with sent():
        response = client.post(VACANCY_ALERT, {"email": "not an address"})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter an email address in the correct format, like name@example.com",
        "Select how often you want emails",
    ]
    assert inline_errors(response) == error_summary(response)
    assert 'value="not an address"' in response.text
    assert response.text.count('href="#id_email"') == 1 and 'href="#id_frequency_1"' in response.text
    assert "<title>Error:" in response.text
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_empty_alert_form_asks_for_both_answers(client):
    response = client.post(JD_ALERT, {})
    assert error_summary(response) == ["Enter your email address", "Select how often you want emails"]


def test_an_address_may_have_only_so_many_alerts_and_the_page_does_not_say_so(client, settings, sent):
    # Whoever types an address must not learn how many alerts it has: the page is the one any sign-up
    # gets, and only the address's owner is told, by email, why no new alert was made.
    settings.SUBSCRIPTION_ALERTS_PER_ADDRESS = 2
    SubscriptionFactory(vacancies=True, email="busy@example.org")
    SubscriptionFactory(descriptions=True, email="busy@example.org", confirmed_at=None)
    SubscriptionFactory(email="busy@example.org")  # the newsletter does not count
    with sent():
        response = client.post(VACANCY_ALERT, {"email": "Busy@Example.org", "frequency": "weekly"})
    assert response.status_code == 302 and response["Location"] == "/subscriptions/check-your-email/"
    assert Subscription.objects.alerts().count() == 2
    [email] = mail.outbox
    assert email.to == ["busy@example.org"]
    assert email.subject == "Your job alert was not set up"
    assert "already has 2 job alerts" in email.body
    assert "http" not in email.body.split("LOTI")[0]  # nothing of the visitor's, no link but the portal's


def test_a_suppressed_address_at_its_limit_gets_nothing(client, settings, sent):
    settings.SUBSCRIPTION_ALERTS_PER_ADDRESS = 1
    SubscriptionFactory(vacancies=True, email="gone@example.org")
    Suppression.objects.create(email="gone@example.org", reason=Suppression.Reason.BOUNCE)
    with sent():
        response = client.post(VACANCY_ALERT, {"email": "gone@example.org", "frequency": "weekly"})
    assert response.status_code == 302
    assert mail.outbox == []


# Double opt-in


def test_subscribing_saves_an_unconfirmed_alert_and_sends_only_the_confirmation(client, data_family, sent, settings):
    settings.SITE_URL = "https://portal.loti.example"
    with sent():
        response = client.post(
            f"{VACANCY_ALERT}?family=data&sort=newest", {"email": " Someone@Example.org ", "frequency": "weekly"}
        )
    assert response.status_code == 302 and response["Location"] == "/subscriptions/check-your-email/"
    alert = Subscription.objects.get()
    assert (alert.email, alert.kind, alert.frequency) == ("someone@example.org", Kind.VACANCIES, Frequency.WEEKLY)
    assert alert.filters == {"family": "data"} and alert.description == "Role family: Data"
    assert alert.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["someone@example.org"] and message.subject == "Confirm your job alert"
    assert "https://portal.loti.example/subscriptions/confirm/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing is sent before confirming, however new the vacancy.
    from subscriptions.alerts import alerts_send_due

    VacancyFactory(role__family=data_family, posted_on=alert.created_at.date())
    mail.outbox.clear()
    with sent():
        alerts_send_due()
    assert mail.outbox == []


def test_following_the_confirmation_link_asks_then_confirms_with_a_button(client, sent):
    with sent():
        client.post(NEWSLETTER, {"email": "reader@example.org"})
    confirm = link_in(mail.outbox[0].body, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and "<button" in page.text
    assert Subscription.objects.get().confirmed_at is None  # a mail scanner opening the link confirms nothing
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"].startswith("/subscriptions/manage/")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None and subscription.checked_at == subscription.confirmed_at
    assert "You will get LOTI" in client.get(response["Location"]).text


def test_signing_up_again_resends_an_unconfirmed_link_and_leaves_a_confirmed_one(client, sent):
    with sent():
        client.post(NEWSLETTER, {"email": "again@example.org"})
        client.post(NEWSLETTER, {"email": "AGAIN@example.org"})
    assert len(mail.outbox) == 2 and Subscription.objects.count() == 1
    Subscription.objects.update(confirmed_at="2026-01-01T00:00Z")
    mail.outbox.clear()
    with sent():
        response = client.post(NEWSLETTER, {"email": "again@example.org"})
    assert response.status_code == 302  # the same page: it tells nobody the address is known
    assert mail.outbox == []


def test_the_newsletter_form_errors_the_govuk_way(client):
    response = client.post(NEWSLETTER, {"email": "nope"})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter an email address in the correct format, like name@example.com"]
    assert 'value="nope"' in response.text
    assert not Subscription.objects.exists()


def test_confirmation_emails_to_one_address_are_limited(client, settings, sent):
    settings.JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY = 2
    with sent():
        for _ in range(3):
            client.post(JD_ALERT, {"email": "target@example.org", "frequency": "daily"})
    assert len(mail.outbox) == 2
    assert Subscription.objects.count() == 2


# Signed links


def test_an_expired_confirmation_link_is_refused_with_a_clear_page(client, settings):
    subscription = SubscriptionFactory(unconfirmed=True)
    token = confirmation_token(subscription)
    settings.SUBSCRIPTION_CONFIRM_DAYS = 0
    response = client.post(f"/subscriptions/confirm/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.text and "<title>This link has expired" in response.text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_an_expired_unsubscribe_link_is_refused(settings):
    subscription = SubscriptionFactory()
    token = manage_token(subscription)
    settings.SUBSCRIPTION_LINK_DAYS = 0
    response = Client().post(f"/subscriptions/unsubscribe/{token}/")
    assert response.status_code == 410 and "This link has expired" in response.text
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_tampered_links_and_links_for_another_purpose_are_refused(client):
    subscription = SubscriptionFactory(unconfirmed=True)
    other = SubscriptionFactory(unconfirmed=True)
    token = confirmation_token(subscription)
    forged = signing.dumps(other.pk, salt=CONFIRM_SALT)[:-2] + "xx"
    for path in [
        f"/subscriptions/confirm/{token[:-1]}/",
        f"/subscriptions/confirm/{forged}/",
        f"/subscriptions/manage/{token}/",  # a confirmation link cannot manage
        f"/subscriptions/unsubscribe/{token}/",
        f"/subscriptions/confirm/{signing.dumps(subscription.pk, salt='another.purpose')}/",
    ]:
        response = client.post(path)
        assert response.status_code == 400, path
        assert "This link does not work" in response.text
    assert Subscription.objects.confirmed().count() == 0 and Subscription.objects.count() == 2


def test_a_link_to_a_deleted_subscription_says_it_is_gone(client):
    subscription = SubscriptionFactory()
    token = manage_token(subscription)
    subscription.delete()
    assert client.get(f"/subscriptions/manage/{token}/").status_code == 404
    response = client.post(f"/subscriptions/unsubscribe/{token}/")
    assert response.status_code == 200 and "You have unsubscribed" in response.text


# Manage and unsubscribe


def test_the_manage_page_changes_how_often(client):
    alert = SubscriptionFactory(vacancies=True)
    url = f"/subscriptions/manage/{manage_token(alert)}/"
    assert "All open vacancies" in client.get(url).text
    response = client.post(url, {"frequency": "weekly"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.frequency == Frequency.WEEKLY


def test_the_manage_form_errors_the_govuk_way_and_changes_nothing(client):
    alert = SubscriptionFactory(vacancies=True)
    response = client.post(f"/subscriptions/manage/{manage_token(alert)}/", {"frequency": "hourly"})
    assert response.status_code == 400
    assert error_summary(response) == ["Select how often you want emails"]
    alert.refresh_from_db()
    assert alert.frequency == Frequency.DAILY


def test_unsubscribe_get_asks_and_changes_nothing_and_the_button_deletes(client):
    alert = SubscriptionFactory(vacancies=True)
    url = f"/subscriptions/unsubscribe/{manage_token(alert)}/"
    page = client.get(url)
    assert "<button" in page.text and "Unsubscribe" in page.text
    assert Subscription.objects.filter(pk=alert.pk).exists()
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You have unsubscribed" in response.text
    assert not Subscription.objects.filter(pk=alert.pk).exists()


# By the book (tests/test_forms_by_the_book.py) and fuzzed (tests/test_fuzz_forms.py), as every form is


def test_the_alert_form_by_the_book(client):
    valid = {"email": "a@example.org", "frequency": "daily"}
    wrong = {"email": {"email": "not an address"}, "frequency": {"frequency": "hourly"}}
    walk(FormCase(client, f"{VACANCY_ALERT}?area=inner", valid, wrong))


def test_the_newsletter_form_by_the_book(client):
    walk(FormCase(client, NEWSLETTER, {"email": "a@example.org"}, {"email": {"email": "@example.org"}}))


def test_the_manage_form_by_the_book(client):
    alert = SubscriptionFactory(vacancies=True)
    walk(FormCase(client, f"/subscriptions/manage/{manage_token(alert)}/", {"frequency": "weekly"}, {
        "frequency": {"frequency": "x"}
    }))  # fmt: skip


@FUZZ
@given(data=st.data())
def test_the_alert_form_fuzzed(client, data):
    fuzz(client, f"{JD_ALERT}?q=analyst", lambda fields: mutate(data.draw, fields))


@FUZZ
@given(data=st.data())
def test_the_newsletter_form_fuzzed(client, data):
    fuzz(client, NEWSLETTER, lambda fields: mutate(data.draw, fields))
