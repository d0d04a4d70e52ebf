"""Keeping robots out of the anonymous forms without a CAPTCHA.

Three checks, each cheap for people and costly for scripts:
- a honeypot: a text box hidden from sight (not from screen readers, whose
  users are told to leave it empty) that form-filling scripts fill in;
- a minimum fill time: a signed timestamp of when the form was shown; a
  submission seconds after that is a script's. It is signed for one form
  and expires after a few hours, so a script cannot fetch one and replay it
  for ever, nor use one form's on the other;
- a per-address throttle: at most N accepted submissions of a form an hour
  from one client address (boroughs.clients), counted in the database so
  that every web container sees the same count, and under a lock so that
  parallel posts cannot all read "one below the limit". Refused robots are
  not counted: they must not close the form for an office behind one address.

And a limit on the acknowledgements those forms email, since anyone can
type anyone's address: a few a day to one address, a few an hour from one
client (confirmation_allowed). Past either, the submission is still kept
for moderation; only its email is not sent.
"""

import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from boroughs.clients import client_address
from boroughs.throttles import serialised
from jobs.models import FormSubmission

# Longer than anyone takes over a form; a clock older than this was kept to be replayed.
STARTED_MAX_AGE = timedelta(hours=4)
HONEYPOT_FIELD = "website"
# Throttle rows are only needed for an hour; keep a day for the central team to look into abuse.
KEEP_SUBMISSIONS_FOR = timedelta(days=1)


def min_fill_seconds():
    return settings.JOBS_FORM_MIN_SECONDS


def submissions_per_hour():
    return settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR


def _signer(form_name):
    return signing.Signer(salt=f"jobs.antispam.started.{form_name}")


def started_token(form_name, when=None):
    """A signed record of when the form called `form_name` was shown (seconds since the epoch)."""
    return _signer(form_name).sign(str(int(when if when is not None else time.time())))


class SpamCheckedForm(forms.Form):
    """A form with a honeypot and a minimum fill time. Lay out `website` with `honeypot_layout()`.

    Subclasses name themselves in `form_name`: their clocks are signed for that form only.
    """

    form_name = None

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
            self.initial["started"] = started_token(self.form_name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(self.spam_message, code="honeypot")
        try:
            shown_at = int(_signer(self.form_name).unsign(self.data.get("started", "")))
        except (signing.BadSignature, ValueError):
            shown_at = None
        if shown_at is None or not 0 <= time.time() - shown_at <= STARTED_MAX_AGE.total_seconds():
            self._restart_clock()
            raise forms.ValidationError(self.spam_message, code="started") from None
        if time.time() - shown_at < min_fill_seconds():
            # Sending it again a moment later works: the clock keeps the time it was first shown.
            raise forms.ValidationError(
                "The form was sent too quickly after it was opened. Check your answers and send it again.",
                code="too_fast",
            )
        return cleaned

    def _restart_clock(self):
        self.data = self.data.copy()
        self.data["started"] = started_token(self.form_name)


def is_throttled(request, form_name):
    """Whether the client has used up its hour: call inside the transaction that records the submission.

    Holds the client's lock for this form until that transaction ends, so
    the count cannot go stale before record_submission() adds to it.
    """
    address = client_address(request)
    serialised(f"jobs.antispam:{form_name}:{address}")
    since = timezone.now() - timedelta(hours=1)
    recent = FormSubmission.objects.recent(form=form_name, ip_address=address, since=since)
    return recent.count() >= submissions_per_hour()


def confirmation_allowed(request, recipient):
    """Whether a submission may be acknowledged by email to `recipient`: call in the recording transaction.

    Counts the acknowledgements of both forms: at most
    JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY to one address and
    JOBS_CONFIRMATIONS_PER_CLIENT_PER_HOUR from one client. Holds both
    keys until the transaction ends, so parallel posts cannot all slip under.
    """
    address, recipient = client_address(request), recipient.strip().lower()
    serialised(f"jobs.confirm:to:{recipient}", f"jobs.confirm:from:{address}")
    now = timezone.now()
    sent = FormSubmission.objects.exclude(recipient="")
    return (
        sent.filter(recipient=recipient, created_at__gte=now - timedelta(days=1)).count()
        < settings.JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY
        and sent.filter(ip_address=address, created_at__gte=now - timedelta(hours=1)).count()
        < settings.JOBS_CONFIRMATIONS_PER_CLIENT_PER_HOUR
    )


def record_submission(request, form_name, *, confirmed_to=""):
    """Count an accepted submission; `confirmed_to`: the address its acknowledgement went to, if one did."""
    now = timezone.now()
    FormSubmission.objects.filter(created_at__lt=now - KEEP_SUBMISSIONS_FOR).delete()
    FormSubmission.objects.create(
        form=form_name, ip_address=client_address(request), recipient=confirmed_to.strip().lower(), created_at=now
    )


THROTTLED_MESSAGE = "You have sent this form many times in the last hour. Try again in an hour, or email the LOTI team."
