"""Sign in, sign out, invitations and password reset: not namespaced, as django.contrib.auth expects."""

from django.contrib.auth import views as auth_views
from django.urls import path

from boroughs import two_factor_views, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("", two_factor_views.account, name="account"),
    path("two-factor/", two_factor_views.code, name="two_factor_code"),
    path("two-factor/set-up/", two_factor_views.set_up, name="two_factor_set_up"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "two-factor/recovery-codes/new/",
        two_factor_views.recovery_codes_renew,
        name="two_factor_recovery_codes_renew",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/set_password_complete.html"),
        name="set_password_complete",
    ),
]
