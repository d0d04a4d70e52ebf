"""The public forms: contribute a job description, suggest an improvement to one."""

from datetime import date

from crispy_forms_gds.layout import HTML, Div, Field, Fieldset, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from boroughs.models import Borough
from govuk.fields import DateInputField
from govuk.formats import gbp_range
from govuk.forms import gds_helper
from govuk.validators import SingleLineValidator
from jobs.antispam import SpamCheckedForm
from jobs.models import JobDescription, LondonWeighting, Role
from jobs.uploads import check_upload, refusals

OTHER_COUNCIL = "other"
# Job descriptions older than this are too stale to benchmark salaries with.
EARLIEST_ADVERTISED = date(2015, 1, 1)


def salary_band():
    """The plausible salaries for a role in the library, pounds a year: a typo guard, not a policy."""
    return settings.JOBS_SALARY_MIN, settings.JOBS_SALARY_MAX


class PoundsField(forms.IntegerField):
    """A whole number of pounds. People type "£42,000" as often as "42000": both are fine."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
            if value.endswith(".00"):
                value = value[:-3]
        return super().to_python(value)


class AdvertisedDateField(DateInputField):
    """The GOV.UK date input, with errors people can act on, such as for dates that do not exist (31 2 2025)."""

    def __init__(self, **kwargs):
        super().__init__(subject="The date advertised", **kwargs)
        self.error_messages.update(required="Enter the date the job was advertised")

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError("The date advertised must be a real date", code="invalid") from None


def council_choices():
    return [
        ("", "Choose your council"),
        *[(borough.slug, borough.name) for borough in Borough.objects.order_by("name")],
        (OTHER_COUNCIL, "Another UK council"),
    ]


def salary_errors(which):
    return {
        "required": f"Enter the {which} salary",
        "invalid": f"Enter the {which} salary as a number of pounds a year, like 42000",
    }


class ContributeForm(SpamCheckedForm):
    """A council's job description, with its advertised salary, for the library. It is moderated first."""

    form_name = "contribute"

    role = forms.ModelChoiceField(
        queryset=Role.objects.all(),
        empty_label="Choose a role",
        help_text="The role in the library that fits best. The LOTI team can change it.",
        error_messages={
            "required": "Choose the role that fits the job best",
            "invalid_choice": "Choose a role from the list",
        },
    )
    title = forms.CharField(
        label="Job title as advertised",
        max_length=200,
        validators=[SingleLineValidator("The job title")],
        error_messages={
            "required": "Enter the job title as it was advertised",
            "max_length": "The job title must be 200 characters or fewer",
        },
    )
    council = forms.ChoiceField(
        choices=council_choices,
        error_messages={"required": "Select your council", "invalid_choice": "Select a council from the list"},
    )
    other_council = forms.CharField(
        label="Council name, if not a London borough",
        required=False,
        max_length=150,
        validators=[SingleLineValidator("The council's name")],
        help_text="For example, Manchester City Council.",
        error_messages={"max_length": "The council's name must be 150 characters or fewer"},
    )
    grade = forms.CharField(
        required=False,
        max_length=50,
        validators=[SingleLineValidator("The grade")],
        help_text="Your council's own grade, if it has one. For example, PO4 or Band 7.",
        error_messages={"max_length": "The grade must be 50 characters or fewer"},
    )
    salary_min = PoundsField(
        label="Minimum salary", help_text="Pounds a year, for example 42000.", error_messages=salary_errors("minimum")
    )
    salary_max = PoundsField(
        label="Maximum salary",
        help_text="Pounds a year. The same as the minimum if the salary is fixed.",
        error_messages=salary_errors("maximum"),
    )
    london_weighting = forms.ChoiceField(
        label="London weighting",
        choices=LondonWeighting.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the salary includes London weighting",
            "invalid_choice": "Choose whether the salary includes London weighting",
        },
    )
    advertised_on = AdvertisedDateField(
        label="Date advertised",
        help_text="For example, 27 3 2025. Roughly is fine.",
    )
    document = forms.FileField(
        label="Upload the job description",
        required=False,
        help_text=(
            "A PDF, DOCX or ODT file, smaller than 5MB. Leave out anything personal, such as a contact's phone number."
        ),
        # Never a "clear" checkbox: a contribution has no file to clear.
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        error_messages={
            "empty": refusals.EMPTY,
            "invalid": refusals.NOT_UPLOADED,
            "missing": "Select a file",
        },
    )
    external_url = forms.URLField(
        label="Or a link to the job description",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        help_text="If it is published on your council's website, for example.",
        error_messages={
            "invalid": "Enter the link in the correct format, like https://www.council.gov.uk/jobs/data-analyst",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    summary = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. What the job involves, in a few sentences, to help people searching the library.",
        error_messages={"max_length": "The summary must be 2,000 characters or fewer"},
    )
    contributor_name = forms.CharField(
        label="Your name",
        max_length=150,
        validators=[SingleLineValidator("Your name")],
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 150 characters or fewer",
        },
    )
    contributor_email = forms.EmailField(
        label="Your email address",
        help_text="We email you when the job description is published, or tell you why not. It is never shown.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    new_version = forms.BooleanField(label="Yes, this is a new version", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_type = ""
        self.fields["contributor_name"].widget.attrs["autocomplete"] = "name"
        self.helper = gds_helper(
            Fieldset(
                Field.select("role"),
                Field.text("title"),
                Field.select("council"),
                Field.text("other_council", field_width=20),
                Field.text("grade", field_width=10),
                legend="The job",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("salary_min", field_width=10),
                Field.text("salary_max", field_width=10),
                Field.radios("london_weighting", legend_size=Size.SMALL),
                Field("advertised_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                legend="The salary advertised",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML(
                    '<p class="govuk-body">Upload the file, or give a link to where it is published: one or the '
                    "other. If the page shows an error, select the file again: browsers do not keep it.</p>"
                ),
                Field("document"),
                Field.text("external_url"),
                Field.textarea("summary", rows=4),
                legend="The job description",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contributor_name"),
                Field.text("contributor_email"),
                legend="About you",
                legend_size=Size.MEDIUM,
            ),
            *spam_check_layout(),
            submit="Send job description",
        )

    def clean_salary_min(self):
        return self._in_band(self.cleaned_data["salary_min"], "minimum")

    def clean_salary_max(self):
        return self._in_band(self.cleaned_data["salary_max"], "maximum")

    def _in_band(self, value, which):
        low, high = salary_band()
        if value < 0:
            raise ValidationError(f"The {which} salary cannot be negative", code="negative")
        if not low <= value <= high:
            raise ValidationError(f"The {which} salary must be between £{low:,} and £{high:,} a year", code="band")
        return value

    def clean_advertised_on(self):
        advertised_on = self.cleaned_data["advertised_on"]
        if advertised_on > timezone.localdate():
            raise ValidationError("The date advertised must be today or in the past", code="future")
        if advertised_on < EARLIEST_ADVERTISED:
            raise ValidationError(
                "The date advertised must be in 2015 or later: older salaries would mislead",
                code="too_old",
            )
        return advertised_on

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            self.file_type = check_upload(document)
        return document

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum salary must be the same as or more than the minimum salary")
        council, other = cleaned.get("council"), cleaned.get("other_council")
        if council == OTHER_COUNCIL and not other and "other_council" not in self.errors:
            self.add_error("other_council", "Enter your council's name")
        elif council and council != OTHER_COUNCIL and other:
            self.add_error("other_council", "Choose 'Another UK council' above, or remove this name")
        document, link = cleaned.get("document"), cleaned.get("external_url")
        if "document" not in self.errors and "external_url" not in self.errors:
            if not document and not link:
                self.add_error("document", "Select a file, or enter a link to the job description")
            elif document and link:
                self.add_error("external_url", "Select a file or enter a link, not both")
        self._ask_if_new_version(cleaned)
        return cleaned

    def _ask_if_new_version(self, cleaned):
        """One like it already in the library (published or pending): accepted once the person says it is new."""
        council = cleaned.get("other_council") if cleaned.get("council") == OTHER_COUNCIL else None
        if cleaned.get("council") and cleaned.get("council") != OTHER_COUNCIL:
            council = Borough.objects.filter(slug=cleaned["council"]).values_list("name", flat=True).first()
        answers = {name: cleaned.get(name) for name in ["title", "salary_min", "salary_max"]}
        if not council or None in answers.values() or not answers["title"]:
            return
        existing = JobDescription.objects.like(council_name=council, **answers).first()
        if existing is None:
            return
        # Shown only now: a checkbox nobody needs is one more thing to read.
        self.helper.layout.fields.insert(-1, Field.checkbox("new_version"))
        if cleaned.get("new_version"):
            return
        salary = gbp_range(existing.salary_min, existing.salary_max)
        again = " Select the file again too: browsers do not keep it." if cleaned.get("document") else ""
        self.add_error(
            "new_version",
            f"This looks like a job description already in the library: {existing.title.strip()}, "
            f"{existing.council_name}, {salary}. Is this a new version? If it is, tick "
            f"‘Yes, this is a new version’.{again}",
        )

    def job_description_fields(self):
        """The cleaned answers as JobDescription field values (the file apart)."""
        data = self.cleaned_data
        borough = None if data["council"] == OTHER_COUNCIL else Borough.objects.get(slug=data["council"])
        return {
            "role": data["role"],
            "title": data["title"],
            "borough": borough,
            "council_name": borough.name if borough else data["other_council"],
            "grade": data["grade"],
            "salary_min": data["salary_min"],
            "salary_max": data["salary_max"],
            "london_weighting": data["london_weighting"],
            "advertised_on": data["advertised_on"],
            "external_url": data["external_url"],
            "summary": data["summary"],
            "contributor_name": data["contributor_name"],
            "contributor_email": data["contributor_email"].lower(),
        }


class SuggestionForm(SpamCheckedForm):
    form_name = "suggest"

    body = forms.CharField(
        label="Your suggestion",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What would make this job description better: a missing skill, a clearer duty, a fairer requirement.",
        error_messages={
            "required": "Enter your suggestion",
            "max_length": "Your suggestion must be 3,000 characters or fewer",
        },
    )
    name = forms.CharField(
        label="Your name",
        max_length=150,
        validators=[SingleLineValidator("Your name")],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="We tell you whether your suggestion was added. Your name and email are never shown.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("body", rows=6),
            Field.text("name"),
            Field.text("email"),
            *spam_check_layout(),
            submit="Send suggestion",
        )


def spam_check_layout():
    """The honeypot, moved off screen by a CSS class (no style attribute: the CSP forbids them), and the clock."""
    return [Div(Field.text("website"), css_class="loti-honeypot"), Field("started")]
