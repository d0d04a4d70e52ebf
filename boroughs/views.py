from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from boroughs.forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm
from boroughs.models import Borough
from boroughs.rules import is_borough_editor, is_central_team
from boroughs.tokens import invitation_token_generator


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
    """Sign in, then go to the safe `next` asked for (LoginView checks its host), or else to one's work."""

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_page_for(self.request.user)


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone by now; the message travels in its own cookie.
        messages.success(request, "You have signed out.")
        return response


class PasswordResetView(InvalidFormIsBadRequest, auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm


class SetPasswordView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    """The page an invitation email links to: the invited person chooses a password."""

    form_class = NewPasswordForm
    token_generator = invitation_token_generator
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("set_password_complete")
