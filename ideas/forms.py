from crispy_forms_gds.layout import Field, Hidden, Size
from django import forms

from boroughs.models import Borough
from govuk.forms import gds_helper
from ideas.models import Idea
from projects.models import Theme

TEXT_LIMIT = 3000


def text_errors(required, too_long):
    return {"required": required, "max_length": f"{too_long} must be {TEXT_LIMIT:,} characters or fewer"}


class IdeaForm(forms.ModelForm):
    """Submit or change an idea. Every message follows the GOV.UK pattern; what was typed is always kept."""

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Theme",
        help_text="The LOTI theme it fits best.",
        error_messages={"required": "Choose a theme", "invalid_choice": "Choose a theme from the list"},
    )
    interested_boroughs = forms.ModelMultipleChoiceField(
        queryset=Borough.objects.members(),
        widget=forms.CheckboxSelectMultiple,
        label="Boroughs interested",
        help_text="LOTI member boroughs that want to take part. Select all that apply.",
        error_messages={
            "required": "Choose at least one borough that is interested",
            "invalid_choice": "Choose boroughs from the list",
            "invalid_pk_value": "Choose boroughs from the list",
        },
    )

    class Meta:
        model = Idea
        fields = ["title", "problem", "proposal", "beneficiaries", "outcomes", "theme", "interested_boroughs"]
        labels = {
            "title": "Title",
            "problem": "The problem",
            "proposal": "Your proposal",
            "beneficiaries": "Who benefits",
            "outcomes": "Expected outcomes",
        }
        help_texts = {
            "title": "A short name for the idea, like ‘Shared cyber security monitoring’.",
            "problem": "What is hard for boroughs or residents today, and why it matters.",
            "proposal": "What boroughs could do together about it, through LOTI.",
            "beneficiaries": "Residents, staff or services that would be better off.",
            "outcomes": "What would be different if it worked, and how we would know.",
        }
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 150 characters or fewer"},
            "problem": text_errors("Describe the problem", "The problem"),
            "proposal": text_errors("Describe your proposal", "Your proposal"),
            "beneficiaries": text_errors("Say who would benefit", "Who benefits"),
            "outcomes": text_errors("Describe the outcomes you expect", "The expected outcomes"),
        }

    def __init__(self, *args, call=None, submit="Submit idea", read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["problem", "proposal", "beneficiaries", "outcomes"]:
            self.fields[name].widget.attrs["rows"] = 5
        for field in self.fields.values():
            # A browser's maxlength cuts pasted text short without a word: the server says what is too long.
            field.widget.attrs.pop("maxlength", None)
        if read_only:
            # A late post: shown back so that nothing typed is lost, but it can no longer be sent.
            for field in self.fields.values():
                field.widget.attrs["readonly"] = ""
        self.helper = gds_helper(
            Field.text("title"),
            *(
                Field.textarea(name, max_characters=TEXT_LIMIT)
                for name in ["problem", "proposal", "beneficiaries", "outcomes"]
            ),
            Field.radios("theme", legend_size=Size.SMALL),
            Field.checkboxes("interested_boroughs", legend_size=Size.SMALL, small=True),
            submit=submit,
        )
        if call is not None:
            # The call it was written for: a post that arrives after its deadline is refused, not filed elsewhere.
            self.helper.layout.fields.insert(0, Hidden("call", call.pk))
        if read_only:
            self.helper.layout.fields.pop()  # no submit button
            self.helper.form_tag = False

    def domain_fields(self):
        """The cleaned values, as the services take them."""
        data = dict(self.cleaned_data)
        return data.pop("interested_boroughs"), data


class VoteForm(forms.Form):
    """A vote button: which idea, for which borough (the central team chooses it), cast or remove."""

    idea = forms.ModelChoiceField(
        queryset=Idea.objects.none(),
        error_messages={
            "invalid_choice": "Choose an idea on the shortlist",
            "required": "Choose an idea on the shortlist",
        },
    )
    borough = forms.ModelChoiceField(
        queryset=Borough.objects.members(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Choose a LOTI member borough from the list"},
    )
    action = forms.ChoiceField(
        choices=[("cast", "Vote"), ("remove", "Remove vote")],
        error_messages={
            "invalid_choice": "Choose to vote or to remove a vote",
            "required": "Choose to vote or to remove a vote",
        },
    )

    def __init__(self, call, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = call.ideas.all()
