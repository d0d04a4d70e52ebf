"""Which device verified a session, checked without a query per request where the cache is shared.

django-otp's OTPMiddleware loads the device named in the session on every
request of a signed-in person who gave a second factor. With a cache every
worker shares (settings.CACHE_IS_SHARED: Redis), this middleware remembers
that the device exists, is confirmed and is that person's, and asks the
database only when the cache does not know. The person themselves is still
loaded every request (Django's authentication), so deactivating them, or
changing their password, takes effect at once as before.

Every way a device stops counting deletes it or unconfirms it (a reset,
new recovery codes, a new authenticator app, the person deleted), and each
of those marks the device revoked in the cache at once and again on commit:
a request that read the device before the change cannot then remember it,
because a revoked mark is never overwritten, and a revoked device is always
looked up in the database. Without a shared cache this is django-otp's own
middleware: one worker's mark would not reach the others.
"""

import functools

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject, cached_property
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# How long a verified device is remembered; a revoked mark lasts as long, far longer than any request
# that read the device before it was revoked could take to try remembering it.
REMEMBER_SECONDS = REVOKED_SECONDS = 15 * 60
REVOKED = 0  # no person's id
DEVICE_MODELS = (TOTPDevice, StaticDevice)


def key(persistent_id):
    return f"otp-device:{persistent_id}"


def cache():
    return caches["default"]


class RememberedDevice:
    """Stands for the confirmed device that verified the session; loads it only if something asks more of it."""

    confirmed = True

    def __init__(self, persistent_id, user_id):
        self.persistent_id, self.user_id = persistent_id, user_id

    @cached_property
    def device(self):
        return Device.from_persistent_id(self.persistent_id)

    def __getattr__(self, name):
        # Only what the instance lacks: never its own fields or Python's protocols (copying, pickling).
        if name.startswith("__") or name in ("persistent_id", "user_id", "device"):
            raise AttributeError(name)
        return getattr(self.device, name)


def verified_device(persistent_id, user):
    """The device that verified this person's session, or None if it no longer counts."""
    shared = settings.CACHE_IS_SHARED
    if shared and cache().get(key(persistent_id)) == user.pk:
        return RememberedDevice(persistent_id, user.pk)
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    if shared:
        cache().add(key(persistent_id), user.pk, REMEMBER_SECONDS)  # never over a revoked mark
    return device


class OTPMiddleware:
    """django-otp's OTPMiddleware (request.user.otp_device and is_verified()), asking the cache first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(self.verify, request, user))
        return self.get_response(request)

    @staticmethod
    def verify(request, user):
        user.otp_device = None
        user.is_verified = functools.partial(is_verified, user)
        if user.is_authenticated and (persistent_id := request.session.get(DEVICE_ID_SESSION_KEY)):
            user.otp_device = verified_device(persistent_id, user)
            if user.otp_device is None:
                del request.session[DEVICE_ID_SESSION_KEY]
        return user


def revoke(persistent_id):
    def mark():
        cache().set(key(persistent_id), REVOKED, REVOKED_SECONDS)

    mark()
    transaction.on_commit(mark)


def _on_delete(sender, instance, **kwargs):
    revoke(instance.persistent_id)


def _on_save(sender, instance, **kwargs):
    if not instance.confirmed:
        revoke(instance.persistent_id)


def connect():
    for model in DEVICE_MODELS:
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"boroughs.revoke.delete.{model._meta.label}")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"boroughs.revoke.save.{model._meta.label}")
