from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
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


@login_not_required
def borough_detail(request, slug):
    borough = get_object_or_404(Borough, slug=slug)
    team = None
    if request.user.has_perm("boroughs.view_borough_team", borough):
        team = borough.users.filter(is_active=True).order_by("role", "last_name")
    # The borough's part in public projects, through reverse relations: the
    # projects app builds on this one, so it is not imported here.
    context = {
        "borough": borough,
        "team": team,
        "participations": borough.participations.filter(project__is_public=True)
        .select_related("project", "project__theme")
        .order_by("project__title"),
        "deliverable_statuses": borough.deliverable_statuses.filter(deliverable__project__is_public=True)
        .select_related("deliverable__project")
        .order_by("deliverable__project__title", "deliverable__order"),
        "contributions": borough.measure_contributions.filter(measure__project__is_public=True)
        .select_related("measure__project")
        .order_by("measure__project__title"),
        "signatures": borough.signatures.filter(agreement__project__is_public=True)
        .select_related("agreement__project")
        .order_by("agreement__project__title", "agreement__title"),
    }
    return render(request, "boroughs/borough_detail.html", context)


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
