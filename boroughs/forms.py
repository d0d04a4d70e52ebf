from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from boroughs import two_factor
from boroughs.models import User
from govuk.forms import gds_helper
from outbox.mail import enqueue


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address. The field keeps Django's (and axes') name, `username`."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address and password. Passwords are case-sensitive.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper(
            Field.text("username"),
            Field.text("password"),
            submit="Sign in",
        )


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("email"), submit="Send reset link")

    def get_users(self, email):
        # Invited people who have not set a password yet may use a reset link
        # too, so that a lost invitation email never locks anyone out.
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Through the outbox like every email, so a failure is retried and then shown to the central team.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        enqueue(subject, render_to_string(email_template_name, context), [to_email])


# Django's password validators' messages, by code, as GOV.UK would say them.
PASSWORD_RULES = {
    "password_too_short": "Your password must be 12 characters or more",
    "password_too_common": "Your password is too easy to guess: choose a less common one",
    "password_entirely_numeric": "Your password must include letters or symbols, not only numbers",
    "password_too_similar": "Your password must not be too like your name or email address",
}


class NewPasswordForm(SetPasswordForm):
    """Choose a password: Django's validators, and pasting from a password manager is fine."""

    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, not only numbers, "
            "and not too like your name or email address."
        )
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = "Enter the same password again."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the same password again"
        self.helper = gds_helper(Field.text("new_password1"), Field.text("new_password2"), submit="Save password")

    def validate_password_for_user(self, user, password_field_name="new_password1"):
        # Shown on the first field, where its hint is, in GOV.UK words rather than Django's.
        password = self.cleaned_data.get("new_password1")
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            for problem in error.error_list:
                self.add_error("new_password1", PASSWORD_RULES.get(problem.code, problem))


class SecondFactorCodeForm(forms.Form):
    """A 6-digit code from an authenticator app, or a recovery code (both checked by boroughs.two_factor)."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        help_text="Or enter one of your recovery codes.",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, allow_recovery_code=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_recovery_code = allow_recovery_code
        if not allow_recovery_code:
            self.fields["code"].help_text = "The code changes every 30 seconds."
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.helper = gds_helper(Field.text("code", field_width=10), submit="Continue")

    def clean_code(self):
        code = two_factor.normalised_code(self.cleaned_data["code"])
        if two_factor.SIX_DIGITS.match(code):
            return code
        if self.allow_recovery_code and two_factor.RECOVERY_CODE.match(code):
            return code
        if self.allow_recovery_code:
            raise ValidationError(
                "Enter the 6 numbers your authenticator app shows, or a recovery code of 8 letters and numbers"
            )
        raise ValidationError("Enter the 6 numbers your authenticator app shows")
