"""LOTI's weeknotes by email: sign-up lives in subscriptions.views, sending here.

The weeknotes app calls send_to_subscribers() when a note is published.
"""

from django.db import transaction

from subscriptions.emails import email_subscriber
from subscriptions.models import Subscription
from subscriptions.tokens import absolute


def send_to_subscribers(subject: str, body: str, url: str) -> int:
    """Queue one email per confirmed, unsuppressed newsletter subscriber; return how many were queued.

    - subject: the email's subject line, e.g. "LOTI weeknotes: 1 December 2026".
    - body: plain text (markdown reads fine as it is); the note's link and the
      subscriber's footer are added after it.
    - url: the note's page, absolute ("https://...") or a path ("/weeknotes/12/"),
      which is made absolute with settings.SITE_URL.

    Each email goes through outbox.mail.enqueue (the worker sends it, with
    retries) with RFC 8058 headers, `List-Unsubscribe: <SITE_URL/subscriptions/unsubscribe/TOKEN/>`
    and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and a footer with
    the same link and one to manage the subscription. Unconfirmed sign-ups and
    addresses on the suppression list get nothing. Everything is queued in one
    transaction: called inside the caller's own (publishing the note), the
    emails are sent only if that commits. Call it once per note: it does not
    remember what it sent.
    """
    link = absolute(url) if url.startswith("/") else url
    text = f"{body.rstrip()}\n\nRead this on the web: {link}"
    count = 0
    with transaction.atomic():
        for subscription in Subscription.objects.newsletter().confirmed().unsuppressed().iterator(chunk_size=500):
            email_subscriber(subscription, subject, text, check_suppression=False)
            count += 1
    return count
