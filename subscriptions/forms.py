"""The sign-up forms: a job alert's address and how often, the newsletter's address, an alert's new frequency."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from govuk.forms import gds_helper
from subscriptions.models import Frequency, normalised_address


def email_field(help_text):
    return forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )


def frequency_field():
    return forms.ChoiceField(
        label="How often do you want emails?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text="Only when there is something new: no email on days with nothing to tell you.",
        error_messages={
            "required": "Select how often you want emails",
            "invalid_choice": "Select how often you want emails",
        },
    )


class AlertForm(forms.Form):
    email = email_field("We send a link to this address to confirm it is yours. Nothing else is sent before then.")
    frequency = frequency_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("email"), Field.radios("frequency", legend_size=Size.MEDIUM), submit="Get emails"
        )

    def clean_email(self):
        # Whether the address may have another alert is told by email, never here (services.alert_subscribe).
        return normalised_address(self.cleaned_data["email"])


class NewsletterForm(forms.Form):
    email = email_field("We send a link to this address to confirm it is yours. Nothing else is sent before then.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("email"), submit="Subscribe")

    def clean_email(self):
        return normalised_address(self.cleaned_data["email"])


class FrequencyForm(forms.Form):
    frequency = frequency_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("frequency", legend_size=Size.MEDIUM), submit="Save")
