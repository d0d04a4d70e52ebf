"""Every email a subscription sends: queued through outbox.mail, never to a suppressed address.

Each carries RFC 8058 one-click unsubscribe headers (mail clients show an
"Unsubscribe" button that POSTs to the link) and, in its footer, the same
link and one to manage the subscription, signed afresh (subscriptions.tokens).
"""

from django.conf import settings
from django.template.loader import render_to_string

from outbox.mail import enqueue
from subscriptions.models import Suppression
from subscriptions.tokens import confirm_url, manage_token, manage_url, unsubscribe_url


def unsubscribe_headers(url):
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_subscriber(subscription, subject, body, *, check_suppression=True):
    """Queue `body` with the subscription's footer to its address; False (nothing queued) if it is suppressed.

    A caller that has already left suppressed addresses out of its query passes check_suppression=False.
    """
    if check_suppression and Suppression.objects.holds(subscription.email):
        return False
    token = manage_token(subscription)
    unsubscribe = unsubscribe_url(subscription, token)
    footer = render_to_string(
        "subscriptions/email/footer.txt",
        {"subscription": subscription, "unsubscribe_url": unsubscribe, "manage_url": manage_url(subscription, token)},
    )
    enqueue(subject, f"{body.rstrip()}\n\n{footer}", [subscription.email], headers=unsubscribe_headers(unsubscribe))
    return True


def confirmation_send(subscription):
    """The double opt-in: the one email a subscription sends before it is confirmed."""
    subject = "Confirm your job alert" if subscription.is_alert else "Confirm your subscription to LOTI's weeknotes"
    body = render_to_string(
        "subscriptions/email/confirm.txt",
        {
            "subscription": subscription,
            "confirm_url": confirm_url(subscription),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
        },
    )
    return email_subscriber(subscription, subject, body)


def limit_reached_send(email):
    """Why no new alert was made, told only to the address: the page says "check your email" as for any sign-up."""
    if Suppression.objects.holds(email):
        return False
    body = render_to_string("subscriptions/email/limit_reached.txt", {"most": settings.SUBSCRIPTION_ALERTS_PER_ADDRESS})
    enqueue("Your job alert was not set up", body, [email])
    return True
