from dataclasses import dataclass

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from govuk.fields import DateInputField
from govuk.forms import gds_helper
from govuk.tags import tag
from govuk.widgets import LeanDateInput, LeanHiddenInput, LeanSelect, LeanTextarea, LeanTextInput
from projects.models import DeliverableStatus, Participation, ProjectUpdate, Signatory

ROLE_SENTENCES = {
    Participation.Role.LEAD: "Your borough leads this project.",
    Participation.Role.PARTICIPANT: "Your borough takes part.",
    Participation.Role.OBSERVER: "Your borough observes.",
}

# A borough contributes at most this many of anything: a typo guard, not a policy.
MAX_CONTRIBUTION = 100_000


@dataclass
class RowChange:
    """A change the my-borough form asks for: which row, its new values, and the version it was read at."""

    row: object  # the model instance as read (saved or not)
    project_id: int
    lookup: dict  # how to find the row again under a lock
    values: dict
    version: int
    label: str


@dataclass
class FormRow:
    """One commitment row on the form: its fields share the prefix."""

    prefix: str
    row: object
    project_id: int
    lookup: dict
    label: str
    names: list


NEEDS_CHECKING = tag("Needs checking", "orange")


def last_updated_hint(report, row, extra=""):
    if row.updated_at is None:
        when = "Never updated."
    else:
        when = f"Last updated {date_format(timezone.localtime(row.updated_at), 'j F Y')}"
        when += f" by {row.updated_by.get_full_name()}." if row.updated_by else "."
    if report.is_stale(row):
        return format_html("{} {} {}", extra, when, NEEDS_CHECKING)
    return format_html("{} {}", extra, when)


class MyBoroughForm(forms.Form):
    """Every commitment of one borough across all projects, saved in one submission.

    Field names carry the row's identity (`part-12-status`, `del-3-state`,
    `mea-4-value`, `sig-9-state`); each row also carries the version it was
    read at, so a save over someone else's newer change is detected.
    """

    confirm_all = forms.BooleanField(
        required=False,
        label="Everything on this page is correct today",
        help_text="Tick this to mark unchanged rows as checked too, so they are no longer flagged.",
    )

    def __init__(self, report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.rows = []  # FormRow, in page order
        # (project, field names): drawn by templates/projects/my_borough.html with
        # a lean GOV.UK field template, not crispy-forms, which took seconds for
        # a borough with hundreds of commitments.
        self.sections = []
        for section in report.projects:
            project = section.project
            fields = []
            p = section.participation
            self._add_row(
                f"part-{p.pk}",
                p,
                project,
                {"pk": p.pk},
                f"{project.title}: your borough's status",
                {
                    "status": forms.ChoiceField(
                        label="Status",
                        choices=Participation.Status.choices,
                        widget=LeanSelect,
                        initial=p.status,
                        help_text=last_updated_hint(report, p, ROLE_SENTENCES[p.role]),
                    ),
                    "note": forms.CharField(
                        label="Note",
                        required=False,
                        initial=p.note,
                        max_length=2000,
                        widget=LeanTextarea(attrs={"rows": 2}),
                    ),
                },
            )
            fields += [f"part-{p.pk}-status", f"part-{p.pk}-note"]
            for status in section.statuses:
                d = status.deliverable
                prefix = f"del-{d.pk}"
                self._add_row(
                    prefix,
                    status,
                    project,
                    {"deliverable_id": d.pk, "borough_id": report.borough.pk},
                    f"{project.title}: {d.name}",
                    {
                        "state": forms.ChoiceField(
                            label=d.name,
                            choices=DeliverableStatus.State.choices,
                            widget=LeanSelect,
                            initial=status.state,
                            help_text=last_updated_hint(report, status, d.description),
                        )
                    },
                )
                fields.append(f"{prefix}-state")
            for contribution in section.contributions:
                m = contribution.measure
                prefix = f"mea-{m.pk}"
                target = f"Target across all boroughs: {m.target} {m.unit}."
                self._add_row(
                    prefix,
                    contribution,
                    project,
                    {"measure_id": m.pk, "borough_id": report.borough.pk},
                    f"{project.title}: {m.name}",
                    {
                        "value": forms.IntegerField(
                            label=f"{m.name} your borough commits",
                            min_value=0,
                            max_value=MAX_CONTRIBUTION,
                            initial=contribution.value,
                            # A text box, as GOV.UK advises for numbers: browsers' number
                            # inputs round, scroll and refuse input with their own messages.
                            widget=LeanTextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
                            help_text=last_updated_hint(report, contribution, target),
                            error_messages={
                                "invalid": f"Enter {m.name.lower()} as a whole number, like 5",
                                "required": f"Enter {m.name.lower()}, or 0 if none",
                                "min_value": f"{m.name} must be 0 or more",
                                "max_value": f"{m.name} must be {MAX_CONTRIBUTION:,} or fewer",
                            },
                        )
                    },
                )
                fields.append(f"{prefix}-value")
            for signatory in section.signatures:
                a = signatory.agreement
                prefix = f"sig-{signatory.pk}"
                self._add_row(
                    prefix,
                    signatory,
                    project,
                    {"pk": signatory.pk},
                    f"{project.title}: {a.title}",
                    {
                        "state": forms.ChoiceField(
                            label=f"{a.title}: your borough's signature",
                            choices=Signatory.State.choices,
                            widget=LeanSelect,
                            initial=signatory.state,
                            help_text=last_updated_hint(report, signatory),
                        ),
                        "signed_on": DateInputField(
                            label="Date signed",
                            required=False,
                            widget=LeanDateInput,
                            help_text="Only when signed. For example, 27 3 2026",
                        ),
                    },
                )
                self.fields[f"{prefix}-signed_on"].initial = signatory.signed_on
                fields += [f"{prefix}-state", f"{prefix}-signed_on"]
            self.sections.append((project, fields))
        self._style_widgets()

    GOVUK_CLASSES = {LeanSelect: "govuk-select", LeanTextarea: "govuk-textarea", LeanTextInput: "govuk-input"}

    def _style_widgets(self):
        for name, field in self.fields.items():
            css = self.GOVUK_CLASSES.get(type(field.widget))
            if css:
                field.widget.attrs["class"] = css + (" govuk-input--width-5" if name.endswith("-value") else "")
            if field.help_text and not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def _mark_errors(self):
        """GOV.UK error borders on the fields that have errors."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if css:
                    widget.attrs["class"] = f"{css} {css.split()[0]}--error"
                widget.attrs["aria-describedby"] = f"{widget.attrs.get('aria-describedby', '')} id_{name}-error".strip()

    @property
    def bound_sections(self):
        return [(project, [self[name] for name in names]) for project, names in self.sections]

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._mark_errors()

    def _add_row(self, prefix, row, project, lookup, label, fields):
        for name, field in fields.items():
            self.fields[f"{prefix}-{name}"] = field
        self.fields[f"{prefix}-version"] = forms.IntegerField(widget=LeanHiddenInput, initial=row.version, min_value=0)
        self.rows.append(FormRow(prefix, row, project.pk, lookup, label, list(fields)))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for form_row in self.rows:
            row, prefix = form_row.row, form_row.prefix
            if not isinstance(row, Signatory):
                continue
            state, signed_on = cleaned.get(f"{prefix}-state"), cleaned.get(f"{prefix}-signed_on")
            date_field = f"{prefix}-signed_on"
            if date_field in self.errors:
                continue
            if state == Signatory.State.SIGNED and not signed_on:
                self.add_error(date_field, f"Enter the date {row.agreement.title} was signed")
            elif signed_on and state != Signatory.State.SIGNED:
                self.add_error(date_field, "Remove the date, or choose Signed")
            elif signed_on and signed_on > today:
                self.add_error(date_field, "The date signed must be today or in the past")
            elif signed_on and signed_on < row.agreement.opened_on:
                opened = date_format(row.agreement.opened_on, "j F Y")
                self.add_error(date_field, f"The date signed must be on or after {opened}, when the agreement opened")
        return cleaned

    def changes(self):
        """The rows to save: those whose values changed, or every row when confirming all."""
        confirm_all = self.cleaned_data.get("confirm_all")
        changed = set(self.changed_data)
        result = []
        for r in self.rows:
            if not confirm_all and not any(f"{r.prefix}-{name}" in changed for name in r.names):
                continue
            values = {name: self.cleaned_data[f"{r.prefix}-{name}"] for name in r.names}
            version = self.cleaned_data[f"{r.prefix}-version"]
            result.append(RowChange(r.row, r.project_id, r.lookup, values, version, r.label))
        return result

    def bump_versions(self, conflicts):
        """After a conflict, accept the newer versions so that saving again is a deliberate overwrite."""
        data = self.data.copy()
        for conflict in conflicts:
            for r in self.rows:
                if r.lookup == conflict.change.lookup:
                    data[f"{r.prefix}-version"] = conflict.current.version
        self.data = data


class ProjectUpdateForm(forms.ModelForm):
    body = forms.CharField(
        label="Update",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown: **bold**, *italic*, [links](https://example.org), lists. Anything else is removed.",
        error_messages={
            "required": "Enter the update",
            "max_length": "The update must be 20,000 characters or fewer",
        },
    )

    class Meta:
        model = ProjectUpdate
        fields = ["title", "body", "phase", "health"]
        labels = {"health": "Health"}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
            "phase": {"required": "Choose the project's phase", "invalid_choice": "Choose a phase from the list"},
            "health": {"required": "Choose the project's health", "invalid_choice": "Choose a health from the list"},
        }
        widgets = {"phase": forms.RadioSelect, "health": forms.RadioSelect}
        help_texts = {
            "phase": "The project's phase after this update.",
            "health": "How the project is doing after this update.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("title"),
            Field.textarea("body"),
            Field.radios("phase", legend_size=Size.SMALL, inline=True),
            Field.radios("health", legend_size=Size.SMALL, inline=True),
            submit="Publish update",
        )
