import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from boroughs.clients import client_address, normalised_email
from boroughs.forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm
from boroughs.models import Borough, PasswordResetRequest
from boroughs.tokens import invitation_token_generator
from pagecache.decorators import cached_for_the_public

logger = logging.getLogger(__name__)


@login_not_required
@cached_for_the_public
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


class SignInView(InvalidFormIsBadRequest, auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


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

    Looking the account up, making its token and sending the email all
    happen after the answer has been sent (RedirectThenRun). The link is
    built from SITE_URL, never from the Host the request names.
    """

    form_class = EmailPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email = normalised_email(form.cleaned_data["email"])
        if not PasswordResetRequest.objects.take(email=email, ip_address=client_address(self.request)):
            form.add_error(None, RESETS_LIMITED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        site = urlsplit(settings.SITE_URL)
        options = {
            "domain_override": site.netloc,
            "use_https": site.scheme == "https",
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }

        def send():
            try:
                form.save(**options)
            except Exception:
                # The visitor has had their answer; the central team sees this in the logs.
                logger.exception("The portal could not send a password reset email.")

        return RedirectThenRun(self.get_success_url(), then=send)


class PasswordResetConfirmView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm


class SetPasswordView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    """The page an invitation email links to: the invited person chooses a password."""

    form_class = NewPasswordForm
    token_generator = invitation_token_generator
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("set_password_complete")
