"""Two-factor sign-in: who owes a second factor, setting one up, checking a code, recovery codes, reset.

Built on django-otp. A person's authenticator app is a confirmed TOTPDevice;
their recovery codes are the tokens of one StaticDevice, each deleted when
used. A session is verified once django-otp has recorded the device that
passed (`django_otp.login`; `request.user.is_verified()` afterwards).

The code step's lockout uses django-otp's own throttling counters: each
wrong code adds one to every device of the person (so trying recovery codes
after the app's codes gets no fresh allowance), django-otp makes them wait
1, 2, 4... seconds between tries, and TWO_FACTOR_FAILURE_LIMIT wrong codes in
a row lock the step for TWO_FACTOR_LOCKOUT. A right code clears the count.
"""

import enum
import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs.models import TwoFactorReset, User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
# Set at sign-in, and by the middleware, when the person owes no second factor:
# it saves looking for devices on every later request of the session.
NOT_NEEDED_SESSION_KEY = "two_factor_not_needed"

SIX_DIGITS = re.compile(r"^[0-9]{6}$")
# django-otp's StaticToken.random_token: 8 characters of lower-case base32.
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def is_required_for(user):
    """The central team (and superusers) and CDIOs must use a second factor; others may."""
    return user.is_staff or user.is_superuser or user.role == User.Role.CDIO


def authenticator_for(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class Step(enum.Enum):
    CODE = "code"  # has an authenticator app: enter a code from it
    SET_UP = "set_up"  # must set one up before anything else


def step_owed(user):
    """What an unverified, signed-in person must do before reaching any page: a Step, or None."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return Step.CODE
    if is_required_for(user) or TwoFactorReset.objects.filter(user=user).exists():
        return Step.SET_UP
    return None


def pending_authenticator(user):
    """The unconfirmed authenticator being set up: the same secret however often the page is drawn."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_for_people(device):
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalised_code(value):
    """A code as people type it: spaces and hyphens dropped, any case."""
    return re.sub(r"[\s-]", "", value or "").lower()


def is_code_shaped(code):
    return bool(SIX_DIGITS.match(code) or RECOVERY_CODE.match(code))


@transaction.atomic
def two_factor_set_up(*, device, code, request):
    """Confirm a pending authenticator with a code from it; give new recovery codes; verify the session.

    Returns the recovery codes (shown once), or None when the code is wrong.
    Any earlier authenticator of the person's goes: one app at a time.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=device.user)
    verify_session(request, device)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user):
    """Ten new single-use recovery codes; any old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_session(request, device):
    """Mark the session as having passed the second factor, under a new session key."""
    django_otp.login(request, device)
    request.session.pop(NOT_NEEDED_SESSION_KEY, None)
    # The privilege changed: a session id seen before this point is no use after it.
    request.session.cycle_key()


class Outcome(enum.Enum):
    PASSED = "passed"
    WRONG = "wrong"
    WAIT = "wait"  # django-otp's back-off: too soon after the last wrong code
    LOCKED = "locked"  # TWO_FACTOR_FAILURE_LIMIT wrong codes in a row


@dataclass
class Check:
    outcome: Outcome
    device: object = None
    locked_until: object = None


def _locked_until(devices, now):
    failures = max((d.throttling_failure_count for d in devices), default=0)
    last = max((d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp), default=None)
    if failures >= settings.TWO_FACTOR_FAILURE_LIMIT and last and now < last + settings.TWO_FACTOR_LOCKOUT:
        return last + settings.TWO_FACTOR_LOCKOUT
    return None


def code_step_locked_until(user):
    """When the person's code step unlocks, or None if it is open."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True), *StaticDevice.objects.filter(user=user)]
    return _locked_until(devices, timezone.now())


@transaction.atomic
def second_factor_check(*, user, code, request):
    """Check a code (from the app, or a recovery code) for a signed-in person; verify the session if right.

    `code` is normalised and code-shaped (the form sees to that). The rows
    are locked, so parallel guesses are counted one after another.
    """
    totp = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    static = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    devices = totp + static
    now = timezone.now()
    if until := _locked_until(devices, now):
        return Check(Outcome.LOCKED, locked_until=until)
    if any(not device.verify_is_allowed()[0] for device in devices):
        return Check(Outcome.WAIT)
    tried = (totp if SIX_DIGITS.match(code) else static)[:1]
    if tried and tried[0].verify_token(code):  # resets its own count when right, adds one when wrong
        for device in devices:
            if device is not tried[0] and device.throttling_failure_count:
                device.throttle_reset()
        verify_session(request, tried[0])
        return Check(Outcome.PASSED, device=tried[0])
    for device in devices:
        if not tried or device is not tried[0]:
            device.throttle_increment()
    if until := _locked_until(devices, timezone.now()):
        return Check(Outcome.LOCKED, locked_until=until)
    return Check(Outcome.WRONG)


@transaction.atomic
def two_factor_reset(*, user, by):
    """Take away someone's authenticator app and recovery codes, recorded; they set up again at next sign-in.

    Their sessions verified with the old app stop being verified at once
    (django-otp finds no device), so they meet the set-up page on their next page.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return TwoFactorReset.objects.create(user=user, reset_by=by)
