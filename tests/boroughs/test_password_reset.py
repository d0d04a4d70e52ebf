"""Password reset tells nobody which accounts exist, by its answer or its timing, and cannot be used to mail-bomb."""

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from boroughs.views import PasswordResetView
from outbox.models import FailedEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/password-reset/"


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client; the email the reset task queues on commit is delivered after each post."""
    post = client.post

    def post_and_deliver(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_deliver
    return client


@pytest.fixture
def editor():
    return UserFactory(email="editor@camden.example")


def reset_request(email, **meta):
    request = RequestFactory().post(URL, {"email": email}, **meta)
    request._dont_enforce_csrf_checks = True
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def answer(email):
    """What the view does before its answer is sent: the queries it makes, the mail sent, the response."""
    with CaptureQueriesContext(connection) as queries:
        response = PasswordResetView.as_view()(reset_request(email))
    return response, [q["sql"] for q in queries.captured_queries], len(mail.outbox)


def test_a_real_and_an_unknown_address_get_the_same_answer_with_the_same_work(
    editor, django_capture_on_commit_callbacks
):
    real, real_queries, real_sent = answer("editor@camden.example")
    unknown, unknown_queries, unknown_sent = answer("nobody@camden.example")
    assert (
        (real.status_code, real["Location"])
        == (unknown.status_code, unknown["Location"])
        == (302, "/accounts/password-reset/sent/")
    )
    assert real.content == unknown.content
    # Nothing that depends on the account happens before the answer is sent...
    assert len(real_queries) == len(unknown_queries)
    assert real_sent == unknown_sent == 0
    # ...only once the server has sent it and closes the response.
    # As the test client does, keep the test's database connection open when a response closes.
    request_finished.disconnect(close_old_connections)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            real.close()
            unknown.close()
    finally:
        request_finished.connect(close_old_connections)
    assert [m.to for m in mail.outbox] == [["editor@camden.example"]]


def test_the_reset_link_uses_site_url_whatever_host_the_request_names(client, editor, settings):
    settings.SITE_URL = "https://portal.loti.london"
    settings.ALLOWED_HOSTS = ["portal.loti.london", "evil.example"]
    client.post(URL, {"email": "editor@camden.example"}, HTTP_HOST="evil.example")
    body = mail.outbox[0].body
    assert "https://portal.loti.london/accounts/reset/" in body
    assert "evil.example" not in body


def test_at_most_a_few_reset_emails_an_hour_for_one_address(client, editor, settings):
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3
    for n in range(3):
        assert client.post(URL, {"email": "editor@camden.example"}, REMOTE_ADDR=f"81.2.69.{n}").status_code == 302
    refused = client.post(URL, {"email": "Editor@Camden.example"}, REMOTE_ADDR="81.2.69.99")
    assert refused.status_code == 429
    assert "You have asked for several reset links" in refused.text
    assert len(mail.outbox) == 3


def test_unknown_addresses_count_toward_the_limit_too(client, settings):
    # Or the limit itself would tell which addresses have accounts.
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, {"email": "nobody@camden.example"}).status_code == 302
    assert client.post(URL, {"email": "nobody@camden.example"}).status_code == 429


def test_at_most_a_few_reset_requests_an_hour_from_one_client(client, editor, settings):
    settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR = 4
    for n in range(4):
        assert client.post(URL, {"email": f"person{n}@camden.example"}).status_code == 302
    assert client.post(URL, {"email": "editor@camden.example"}).status_code == 429
    assert mail.outbox == []
    # Another client is not affected.
    assert client.post(URL, {"email": "editor@camden.example"}, REMOTE_ADDR="81.2.69.160").status_code == 302
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_after_the_answer_is_logged_and_recorded_not_raised(client, editor, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    response = client.post(URL, {"email": "editor@camden.example"})
    assert response.status_code == 302
    assert "Failed to send email" in caplog.text
    # The immediate backend (tests) cannot wait to retry, so the failure is recorded for the central team at once.
    assert list(FailedEmail.objects.values_list("to", flat=True)) == ["editor@camden.example"]
