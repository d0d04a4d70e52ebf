"""Writes about accounts that send email, called from the admin and commands."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from boroughs.models import Invitation
from boroughs.tokens import invitation_token_generator
from outbox.mail import enqueue


def invitation_link(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    path = reverse("set_password", kwargs={"uidb64": uidb64, "token": token})
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def user_invite(*, user, by):
    """Record an invitation and email the person a one-time set-password link.

    The email is queued with the transaction (outbox), so a rolled-back account
    is never invited, and a mail failure cannot undo the account.
    """
    invitation = Invitation.objects.create(user=user, invited_by=by)
    context = {
        "user": user,
        "invited_by": by,
        "link": invitation_link(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)),
        "contact_email": settings.LOTI_CONTACT_EMAIL,
    }
    subject = "You have been invited to the LOTI Portal"
    body = render_to_string("registration/invitation_email.txt", context)
    enqueue(subject, body, [user.email])
    return invitation
