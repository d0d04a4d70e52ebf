"""Keeping robots out of the anonymous forms without a CAPTCHA.

Three checks, each cheap for people and costly for scripts:
- a honeypot: a text box hidden from sight (not from screen readers, whose
  users are told to leave it empty) that form-filling scripts fill in;
- a minimum fill time: a signed timestamp of when the form was shown; a
  submission seconds after that is a script's;
- a per-address throttle: at most N accepted submissions of a form an hour
  from one IP address, counted in the database so that every web container
  sees the same count.
"""

import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from boroughs.clients import client_address
from jobs.models import FormSubmission

STARTED_SALT = "jobs.antispam.started"
HONEYPOT_FIELD = "website"
# Throttle rows are only needed for an hour; keep a day for the central team to look into abuse.
KEEP_SUBMISSIONS_FOR = timedelta(days=1)


def min_fill_seconds():
    return settings.JOBS_FORM_MIN_SECONDS


def submissions_per_hour():
    return settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR


def started_token(when=None):
    """A signed record of when a form was shown (seconds since the epoch)."""
    return signing.Signer(salt=STARTED_SALT).sign(str(int(when if when is not None else time.time())))


class SpamCheckedForm(forms.Form):
    """A form with a honeypot and a minimum fill time. Lay out `website` with `honeypot_layout()`."""

    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    spam_message = "The form could not be sent. Check your answers and send it again."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = started_token()
        self.is_spam = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            self.is_spam = True
            raise forms.ValidationError(self.spam_message, code="honeypot")
        try:
            shown_at = int(signing.Signer(salt=STARTED_SALT).unsign(self.data.get("started", "")))
        except (signing.BadSignature, ValueError):
            self._restart_clock()
            self.is_spam = True
            raise forms.ValidationError(self.spam_message, code="started") from None
        if time.time() - shown_at < min_fill_seconds():
            # Sending it again a moment later works: the clock keeps the time it was first shown.
            self.is_spam = True
            raise forms.ValidationError(
                "The form was sent too quickly after it was opened. Check your answers and send it again.",
                code="too_fast",
            )
        return cleaned

    def _restart_clock(self):
        self.data = self.data.copy()
        self.data["started"] = started_token()


def is_throttled(request, form_name):
    since = timezone.now() - timedelta(hours=1)
    recent = FormSubmission.objects.recent(form=form_name, ip_address=client_address(request), since=since)
    return recent.count() >= submissions_per_hour()


def record_submission(request, form_name):
    now = timezone.now()
    FormSubmission.objects.filter(created_at__lt=now - KEEP_SUBMISSIONS_FOR).delete()
    FormSubmission.objects.create(form=form_name, ip_address=client_address(request), created_at=now)


THROTTLED_MESSAGE = "You have sent this form many times in the last hour. Try again in an hour, or email the LOTI team."
