from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse_lazy

from boroughs.forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm
from boroughs.models import Borough
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


class SignInView(InvalidFormIsBadRequest, auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


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
