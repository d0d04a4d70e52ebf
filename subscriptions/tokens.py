"""Signed links: how a visitor with no account proves the subscription is theirs.

Only the person who received the email has its link, so the link itself is
the proof: a signature (django.core.signing, keyed by SECRET_KEY) over the
subscription's id, with a salt per purpose so a confirmation link cannot be
used to manage, nor the other way round, and a time limit, so an old email
found later does not work for ever. Nothing is stored: every email carries
freshly signed links, which is what keeps them from expiring while in use.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"


class BadLink(Exception):
    """The link was altered, or signed for something else, or its time is up (`expired`)."""

    def __init__(self, *, expired):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _sign(subscription, salt):
    return signing.dumps(subscription.pk, salt=salt)


def _read(token, salt, days):
    try:
        pk = signing.loads(token, salt=salt, max_age=days * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink(expired=False) from None
    if not isinstance(pk, int):
        raise BadLink(expired=False)
    return pk


def confirmation_token(subscription):
    return _sign(subscription, CONFIRM_SALT)


def read_confirmation_token(token):
    """The subscription's id, or BadLink: works for SUBSCRIPTION_CONFIRM_DAYS."""
    return _read(token, CONFIRM_SALT, settings.SUBSCRIPTION_CONFIRM_DAYS)


def manage_token(subscription):
    return _sign(subscription, MANAGE_SALT)


def read_manage_token(token):
    """The subscription's id, or BadLink: works for SUBSCRIPTION_LINK_DAYS (the unsubscribe and manage links)."""
    return _read(token, MANAGE_SALT, settings.SUBSCRIPTION_LINK_DAYS)


def absolute(path):
    """Emails are read outside the site, so their links carry the site's public address (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscription):
    return absolute(reverse("subscriptions:confirm", args=[confirmation_token(subscription)]))


def unsubscribe_url(subscription, token=None):
    return absolute(reverse("subscriptions:unsubscribe", args=[token or manage_token(subscription)]))


def manage_url(subscription, token=None):
    return absolute(reverse("subscriptions:manage", args=[token or manage_token(subscription)]))
