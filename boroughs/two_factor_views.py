"""The second step of signing in, setting up an authenticator app, recovery codes, and one's account page."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from boroughs import two_factor
from boroughs.forms import SecondFactorCodeForm
from boroughs.views import landing_page_for

# The recovery codes just made, kept in the session only until they have been shown once.
NEW_CODES_SESSION_KEY = "two_factor_new_codes"

WRONG_CODE = "The code is not correct. Enter the code your authenticator app shows now"
WRONG_CODE_OR_RECOVERY = (
    "The code is not correct. Enter the code your authenticator app shows now, or a recovery code you have not used"
)
WAIT = "You entered a wrong code a moment ago. Wait a few seconds, then try again"


def next_url(request):
    """The page the person was going to, if it is on this site; else the one their role lands on."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return landing_page_for(request.user)


def lockout_terms():
    return {
        "failure_limit": settings.TWO_FACTOR_FAILURE_LIMIT,
        "lockout_minutes": int(settings.TWO_FACTOR_LOCKOUT.total_seconds() // 60),
    }


def locked(request, until):
    return render(request, "registration/two_factor_locked.html", {"until": until, **lockout_terms()}, status=429)


def code(request):
    """Step two of signing in: a code from the authenticator app, or a recovery code."""
    if request.user.is_verified() or two_factor.step_owed(request.user) is not two_factor.Step.CODE:
        return redirect(next_url(request))
    if until := two_factor.code_step_locked_until(request.user):
        return locked(request, until)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            check = two_factor.second_factor_check(user=request.user, code=form.cleaned_data["code"], request=request)
            if check.outcome is two_factor.Outcome.PASSED:
                if isinstance(check.device, StaticDevice):
                    left = two_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        f"You used a recovery code: {left} left. Each works once. "
                        "Get new ones from Your account if you are running out.",
                    )
                return redirect(next_url(request))
            if check.outcome is two_factor.Outcome.LOCKED:
                return locked(request, check.locked_until)
            if check.outcome is two_factor.Outcome.WAIT:
                form.add_error("code", WAIT)
                status = 429
            else:
                form.add_error("code", WRONG_CODE_OR_RECOVERY)
    return render(
        request,
        "registration/two_factor_code.html",
        {"form": form, "next": next_url(request), **lockout_terms()},
        status=status,
    )


def set_up(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then prove it with a code."""
    device = two_factor.pending_authenticator(request.user)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None, allow_recovery_code=False)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            codes = two_factor.two_factor_set_up(device=device, code=form.cleaned_data["code"], request=request)
            if codes is not None:
                request.session[NEW_CODES_SESSION_KEY] = codes
                messages.success(request, "Two-factor authentication is set up.")
                url = reverse("two_factor_recovery_codes")
                return redirect(f"{url}?{urlencode({'next': next_url(request)})}")
            form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#0b0c0c", light="#ffffff"),
        "secret": two_factor.secret_for_people(device),
        "replacing": two_factor.authenticator_for(request.user) is not None,
        "required": two_factor.is_required_for(request.user),
        "next": next_url(request),
    }
    return render(request, "registration/two_factor_set_up.html", context, status=status)


def recovery_codes(request):
    """New recovery codes, shown once; or how many are left, with a button to get new ones."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    context = {
        "codes": codes,
        "left": two_factor.recovery_codes_left(request.user),
        "has_authenticator": two_factor.authenticator_for(request.user) is not None,
        "next": next_url(request),
    }
    return render(request, "registration/two_factor_recovery_codes.html", context)


@require_POST
def recovery_codes_renew(request):
    if two_factor.authenticator_for(request.user) is None:
        messages.error(request, "Set up two-factor authentication first.")
        return redirect("account")
    request.session[NEW_CODES_SESSION_KEY] = two_factor.recovery_codes_renew(user=request.user)
    return redirect("two_factor_recovery_codes")


def account(request):
    """Your account: who you are signed in as, and your two-factor authentication."""
    context = {
        "authenticator": two_factor.authenticator_for(request.user),
        "left": two_factor.recovery_codes_left(request.user),
        "required": two_factor.is_required_for(request.user),
    }
    return render(request, "registration/account.html", context)
