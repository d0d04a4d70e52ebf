"""Who is asking: the client's address and the account they name, as the lockout and the throttles count them.

django-axes calls both (AXES_CLIENT_IP_CALLABLE, AXES_USERNAME_CALLABLE), and
the portal's own throttles (jobs.antispam, password reset) call
`client_address`, so that one rule decides who a client is everywhere.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The address of the client, trusting X-Forwarded-For only as far as our own proxies wrote it.

    With no proxy (TRUSTED_PROXY_COUNT = 0) the header is the client's to
    forge, so only the connection's address counts. Behind N proxies, each
    appends the address it saw to the header: the Nth entry from the right
    is the one our outermost proxy wrote, and everything to its left came
    from the client. A header that is missing, too short or garbled falls
    back to the connection's address.
    """
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote


def normalised_email(value):
    """An email as the lockout counts it: people sign in whatever its case and surrounding spaces."""
    return value.strip().casefold() if isinstance(value, str) else None


def attempted_username(request, credentials):
    """The account a sign-in names, normalised, so that `Editor@` and `editor@` share one lockout."""
    if credentials:
        return normalised_email(credentials.get(settings.AXES_USERNAME_FORM_FIELD))
    data = getattr(request, "data", None) or request.POST
    return normalised_email(data.get(settings.AXES_USERNAME_FORM_FIELD))
