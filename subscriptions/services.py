"""Signing up: a write, its confirmation email and the anti-abuse count, together (anyone can type any address)."""

from django.conf import settings
from django.db import transaction

from jobs.antispam import confirmation_allowed, record_submission
from subscriptions.emails import confirmation_send, limit_reached_send
from subscriptions.models import Kind, Subscription

FORM_NAME = "subscribe"


def alert_subscribe(*, request, kind, email, frequency, filters, description):
    """Save an unconfirmed alert and email its confirmation link; None if that address or client had enough today,
    or the address has as many alerts as it may (then it is told so by email).

    The page says "check your email" either way, so it tells nobody whether an address is known.
    """
    with transaction.atomic():
        if not confirmation_allowed(request, email):
            return None
        if Subscription.objects.alerts().for_address(email).count() >= settings.SUBSCRIPTION_ALERTS_PER_ADDRESS:
            sent = limit_reached_send(email)
            record_submission(request, FORM_NAME, confirmed_to=email if sent else "")
            return None
        subscription = Subscription.objects.create(
            email=email, kind=kind, frequency=frequency, filters=filters, description=description
        )
        sent = confirmation_send(subscription)
        record_submission(request, FORM_NAME, confirmed_to=email if sent else "")
    return subscription


def newsletter_subscribe(*, request, email):
    """Sign an address up for the weeknotes, or send an unconfirmed sign-up's link again; confirmed ones are left."""
    with transaction.atomic():
        subscription = Subscription.objects.newsletter().for_address(email).select_for_update().first()
        if (subscription and subscription.is_confirmed) or not confirmation_allowed(request, email):
            return subscription
        if subscription is None:
            subscription = Subscription.objects.create(email=email, kind=Kind.NEWSLETTER)
        sent = confirmation_send(subscription)
        record_submission(request, FORM_NAME, confirmed_to=email if sent else "")
    return subscription
