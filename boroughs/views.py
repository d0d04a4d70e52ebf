import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django_otp import DEVICE_ID_SESSION_KEY

from boroughs import two_factor
from boroughs.clients import client_address, normalised_email
from boroughs.forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm
from boroughs.models import Borough, PasswordResetRequest
from boroughs.rules import is_borough_editor, is_central_team
from boroughs.tasks import password_reset_send
from boroughs.tokens import invitation_token_generator

logger = logging.getLogger(__name__)


@login_not_required
def borough_list(request):
    boroughs = Borough.objects.order_by("name")
    return render(
        request,
        "boroughs/borough_list.html",
        {"boroughs": boroughs, "member_count": sum(b.is_member for b in boroughs)},
    )


class InvalidFormIsBadRequest:
    """Answer a form with errors with 400, not 200, as every form in the portal does."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def landing_page_for(user):
    """Where signing in takes someone who asked for no page in particular: to their own work.

    URL names rather than imports: these pages belong to apps above boroughs.
    """
    if is_central_team(user):
        return reverse("admin:index")  # the central team works in the admin
    if is_borough_editor(user):
        return reverse("projects:my_borough")
    if user.borough_id:
        return reverse("ideas:list")
    return reverse("home")


class SignInView(InvalidFormIsBadRequest, auth_views.LoginView):
    """Sign in, then go to the safe `next` asked for (LoginView checks its host), or else to one's work.

    The password is step one: whoever owes a second factor goes on to enter
    a code, or to set up an authenticator app (boroughs.middleware keeps
    them from every other page until then).
    """

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A password sign-in starts unverified, even in a session that had passed before.
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        self.request.session.pop(two_factor.NOT_NEEDED_SESSION_KEY, None)
        return response

    def get_default_redirect_url(self):
        return landing_page_for(self.request.user)

    def get_success_url(self):
        url = super().get_success_url()
        step = two_factor.step_owed(self.request.user)
        if step is None:
            return url
        name = "two_factor_code" if step is two_factor.Step.CODE else "two_factor_set_up"
        return f"{reverse(name)}?{urlencode({'next': url})}"


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone by now; the message travels in its own cookie.
        messages.success(request, "You have signed out.")
        return response


class RedirectThenRun(HttpResponseRedirect):
    """A redirect that does some work once it has been sent.

    The WSGI server calls close() after the response's last byte has gone,
    so the visitor never waits for the work, nor can time it.
    """

    def __init__(self, url, *, then):
        super().__init__(url)
        self.then = then

    def close(self):
        try:
            self.then()
        finally:
            super().close()


RESETS_LIMITED = (
    "You have asked for several reset links in the last hour. Check your email, including spam, "
    "or try again in an hour."
)


class PasswordResetView(InvalidFormIsBadRequest, auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same, and as quick, whether the account exists or not.

    The request only counts the ask against its hourly limits; once the
    answer has been sent (RedirectThenRun), it queues boroughs.tasks.password_reset_send
    for the worker, which looks the account up, makes the token and sends the
    email. The link is built from SITE_URL, never from the Host the request names.
    """

    form_class = EmailPasswordResetForm

    def form_valid(self, form):
        email = normalised_email(form.cleaned_data["email"])
        if not PasswordResetRequest.objects.take(email=email, ip_address=client_address(self.request)):
            form.add_error(None, RESETS_LIMITED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response

        def queue():
            try:
                password_reset_send.enqueue(email=email)
            except Exception:
                # The visitor has had their answer; the central team sees this in the logs.
                logger.exception("The portal could not queue a password reset email.")

        return RedirectThenRun(self.get_success_url(), then=queue)


class PasswordResetConfirmView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm


class SetPasswordView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    """The page an invitation email links to: the invited person chooses a password."""

    form_class = NewPasswordForm
    token_generator = invitation_token_generator
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("set_password_complete")
