"""Emails to contributors and suggesters: to addresses nobody has proved they own.

Anyone can type anyone's address into the public forms, so what the portal
sends there must be useless to a phisher: fixed words written by LOTI, the
moderator's reason (LOTI's words too), the council when it is a London
borough from the list, and at most the job's title, made inert: one line,
no links, addresses or phone numbers, cut short. Never the name, summary or
council name typed into the form.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string

from outbox.mail import enqueue

TITLE_LIMIT = 100
REMOVED_LINK = "[link removed]"
REMOVED_NUMBER = "[number removed]"
LINK = re.compile(
    r"""
      [a-z][a-z0-9+.-]*://\S*                                # anything with a scheme: https://, ftp://
    | (?:mailto|tel|sms|callto|javascript|data|file):\S+     # schemes without slashes
    | \S+@\S+                                                # an email address
    | www\.\S+
    | (?:[\w-]+\.)+[^\W\d_]{2,}(?:[/:?#]\S*)?                # a bare domain, mail clients link it: evil.example/login
    """,
    re.IGNORECASE | re.VERBOSE,
)
PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def inert_title(text, limit=TITLE_LIMIT):
    """`text` as it may be shown to an address nobody has proved: one line, no link or phone number, short."""
    text = " ".join(str(text).split())
    text = PHONE.sub(REMOVED_NUMBER, LINK.sub(REMOVED_LINK, text))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def job_context(jd):
    """What an email may say about a job description: nothing typed into the form but its inert title."""
    return {
        "title": inert_title(jd.title),
        "council": jd.borough.name if jd.borough_id else "",
        "page": f"{settings.SITE_URL}{jd.get_absolute_url()}",
        "role": jd.role.name,
        "role_page": f"{settings.SITE_URL}{jd.role.get_absolute_url()}",
    }


def email_unproven_address(template, subject, recipient, context):
    """Queue one plain-text email to a contributor or suggester, sent once the transaction commits.

    A failure to send raises in the worker, which logs it and tries again
    (outbox.mail.deliver); the contribution or decision is saved either way.
    """
    if not recipient:
        return
    body = render_to_string(
        template,
        {
            **context,
            "site_url": settings.SITE_URL,
            "contact_email": settings.LOTI_CONTACT_EMAIL,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        },
    )
    enqueue(subject, body, [recipient])
