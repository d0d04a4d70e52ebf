from dataclasses import dataclass

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from govuk.fields import DateInputField
from govuk.formats import long_dates
from govuk.forms import gds_helper
from govuk.tags import tag
from govuk.widgets import LeanDateInput, LeanHiddenInput, LeanSelect, LeanTextarea, LeanTextInput, escape
from projects.models import DeliverableStatus, Participation, ProjectUpdate, Signatory

ROLE_SENTENCES = {
    Participation.Role.LEAD: "Your borough leads this project.",
    Participation.Role.PARTICIPANT: "Your borough takes part.",
    Participation.Role.OBSERVER: "Your borough observes.",
}

# A borough contributes at most this many of anything: a typo guard, not a policy.
# A pledge above the measure's whole target is allowed, but only once confirmed.
MAX_CONTRIBUTION = 100_000


@dataclass
class RowChange:
    """A row the question page saves: which row, its values, and the version it was read at.

    `changed` is False for a row saved only to record that it was checked.
    """

    row: object  # the model instance as read (saved or not)
    project_id: int
    lookup: dict  # how to find the row again under a lock
    values: dict
    version: int
    label: str
    changed: bool = True


@dataclass
class FormRow:
    """One commitment row on the form: its fields share the prefix."""

    prefix: str
    row: object
    project_id: int
    lookup: dict
    label: str
    names: list


@dataclass
class OverTarget:
    """A pledge above the whole target, waiting for the person to confirm it."""

    name: str  # the checkbox's name
    value: int
    unit: str
    target: int
    checked: bool

    @property
    def id(self):
        return f"id_{self.name}"

    @property
    def label(self):
        return f"Yes, save {self.value:,} {self.unit}"


NEEDS_CHECKING = tag("Needs checking", "orange")


def last_updated_hint(report, row, extra="", *, long_date=None):
    """A row's hint: `extra`, then when it was last checked and by whom, tagged when it needs checking.

    `long_date`: a govuk.formats.long_dates() formatter, made once for a whole form.
    """
    if row.updated_at is None:
        when = "Never checked."
    else:
        day = (long_date or long_dates())(timezone.localtime(row.updated_at))
        when = f"Last checked {day}"
        when += f" by {row.updated_by.get_full_name()}." if row.updated_by else "."
    # format_html's text, without its lazy-aware escaping: a hint for each row of the page.
    if report.is_stale(row):
        return SafeString(f"{escape(extra)} {escape(when)} {NEEDS_CHECKING}")
    return SafeString(f"{escape(extra)} {escape(when)}")


def choice_errors(message):
    """A select's messages: the same words whether nothing or something unknown was sent."""
    return {"required": message, "invalid_choice": message}


class PledgeField(forms.IntegerField):
    """A whole number as people type it: "1,200" and " 12 " are fine, "2.5" is not."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


class PastDateField(DateInputField):
    """Day, month and year boxes that refuse impossible dates with a message, never a server error."""

    def __init__(self, **kwargs):
        super().__init__(subject="The date signed", **kwargs)

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (OverflowError, ValidationError) as e:
            # date() raises OverflowError, not ValueError, for a year of twenty digits.
            raise ValidationError("Enter a real date, for example 27 3 2026", code="invalid") from e


class CommitmentsForm(forms.Form):
    """One borough's commitments in the report's projects (a question page passes one).

    Field names carry the row's identity (`part-12-status`, `del-3-state`,
    `mea-4-value`, `sig-9-state`); each row also carries the version it was
    read at, so a save over someone else's newer change is detected.
    """

    def __init__(self, report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.rows = []  # FormRow, in page order
        self.over_target = {}  # value field name -> OverTarget, for pledges above the whole target
        self.measures = {}  # value field name -> Measure
        # (project, field names): drawn by the template with the lean GOV.UK field
        # tag, not crispy-forms, which is slow for many fields.
        self.sections = []
        long_date = long_dates()
        for section in report.projects:
            project = section.project
            fields = []
            p = section.participation
            note = forms.CharField(
                label="Note",
                required=False,
                initial=p.note,
                max_length=2000,
                widget=LeanTextarea(attrs={"rows": 2}),
                error_messages={"max_length": "The note must be 2,000 characters or fewer"},
            )
            if p.commitments.project_has_commitments:
                # The status follows from the commitments below: nothing to choose.
                worked_out = f"Status: {p.get_shown_status_display()}, worked out from the commitments below."
                note.help_text = last_updated_hint(
                    report, p, f"{ROLE_SENTENCES[p.role]} {worked_out}", long_date=long_date
                )
                part_fields = {"note": note}
            else:
                status = forms.ChoiceField(
                    label="Status",
                    choices=Participation.Status.choices,
                    widget=LeanSelect,
                    initial=p.status,
                    help_text=last_updated_hint(report, p, ROLE_SENTENCES[p.role], long_date=long_date),
                    error_messages=choice_errors(f"Choose your borough's status in {project.title}"),
                )
                part_fields = {"status": status, "note": note}
            self._add_row(
                f"part-{p.pk}",
                p,
                project,
                {"pk": p.pk},
                f"{project.title}: your borough's status and note",
                part_fields,
            )
            fields += [f"part-{p.pk}-{name}" for name in part_fields]
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
                            help_text=last_updated_hint(report, status, d.description, long_date=long_date),
                            error_messages=choice_errors(f"Choose how far {d.name} has got"),
                        )
                    },
                )
                fields.append(f"{prefix}-state")
            for contribution in section.contributions:
                m = contribution.measure
                prefix = f"mea-{m.pk}"
                target = f"Target across all boroughs: {m.target:,} {m.unit}."
                self._add_row(
                    prefix,
                    contribution,
                    project,
                    {"measure_id": m.pk, "borough_id": report.borough.pk},
                    f"{project.title}: {m.name}",
                    {
                        "value": PledgeField(
                            label=f"{m.name} your borough commits",
                            min_value=0,
                            max_value=MAX_CONTRIBUTION,
                            initial=contribution.value,
                            # A text box, as GOV.UK advises for numbers: browsers' number
                            # inputs round, scroll and refuse input with their own messages.
                            widget=LeanTextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
                            help_text=last_updated_hint(report, contribution, target, long_date=long_date),
                            error_messages={
                                "invalid": f"Enter {m.name.lower()} as a whole number, like 5",
                                "required": f"Enter {m.name.lower()}, or 0 if none",
                                "min_value": f"{m.name} must be 0 or more",
                                "max_value": f"{m.name} must be {MAX_CONTRIBUTION:,} or fewer",
                            },
                        )
                    },
                )
                self.measures[f"{prefix}-value"] = m
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
                            help_text=last_updated_hint(report, signatory, long_date=long_date),
                            error_messages=choice_errors(f"Choose whether your borough has signed {a.title}"),
                        ),
                        "signed_on": PastDateField(
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
        """(project, [(bound field, OverTarget or None)]) for the template."""
        return [
            (project, [(self[name], self.over_target.get(name)) for name in names]) for project, names in self.sections
        ]

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
        self._check_signatures(cleaned)
        self._check_pledges_over_target(cleaned)
        return cleaned

    def _check_signatures(self, cleaned):
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

    def _check_pledges_over_target(self, cleaned):
        """A new pledge above the whole target is saved only once the person ticks "Yes, save N".

        The checkbox carries the number it confirms, so changing the number
        again asks again. A pledge already saved is not asked about twice.
        """
        for name, measure in self.measures.items():
            value = cleaned.get(name)
            if value is None or value <= measure.target or value == self.get_initial_for_field(self.fields[name], name):
                continue
            confirm = name.removesuffix("-value") + "-confirm"
            checked = self.data.get(confirm) == str(value)
            self.over_target[name] = OverTarget(confirm, value, measure.unit, measure.target, checked)
            if not checked:
                self.add_error(
                    name,
                    f"{value:,} {measure.unit} is more than the whole target of {measure.target:,} "
                    f"{measure.unit}: check the number, or tick \u201c{self.over_target[name].label}\u201d",
                )

    def changes(self):
        """Every row of the form, to save: those whose values changed, and the rest to record them as checked."""
        changed = set(self.changed_data)
        result = []
        for r in self.rows:
            values = {name: self.cleaned_data[f"{r.prefix}-{name}"] for name in r.names}
            version = self.cleaned_data[f"{r.prefix}-version"]
            is_changed = any(f"{r.prefix}-{name}" in changed for name in r.names)
            result.append(RowChange(r.row, r.project_id, r.lookup, values, version, r.label, is_changed))
        return result

    def has_changed_answers(self):
        """True when the person changed a value (versions are not answers)."""
        return any(not name.endswith("-version") for name in self.changed_data)

    def bump_versions(self, conflicts):
        """After a conflict, accept the newer versions so that saving again is a deliberate overwrite."""
        data = self.data.copy()
        for conflict in conflicts:
            for r in self.rows:
                if r.lookup == conflict.change.lookup:
                    data[f"{r.prefix}-version"] = conflict.current.version
        self.data = data

    def conflict_lines(self, conflicts):
        """What each conflicting row holds now and what the person typed, in words.

        Only the answers that differ are named, described and linked to (the
        first of them): a row's other answers are not what the conflict is about.
        """
        lines = []
        for conflict in conflicts:
            row = next(r for r in self.rows if r.lookup == conflict.change.lookup)
            values = conflict.change.values
            names = [name for name in values if getattr(conflict.current, name) != values[name]] or list(values)
            field = self[f"{row.prefix}-{names[0]}"]
            conflict.anchor = field.input_id
            project = next(project for project, _ in self.sections if project.pk == row.project_id)
            first, *more = [self.fields[f"{row.prefix}-{name}"].label for name in names]
            also = "".join(f" and {label[:1].lower()}{label[1:]}" for label in more)
            conflict.label = f"{project.title}: {first}{also}"
            theirs = self._describe(conflict.current, names)
            yours = self._describe(None, names, values, conflict.current)
            lines.append((conflict, theirs, yours))
        return lines

    @staticmethod
    def _describe(row, names, values=None, like=None):
        """The values of a row (or `values`, read as `like`'s) as a reader would say them."""
        model = type(row if row is not None else like)
        parts = []
        for name in names:
            value = getattr(row, name) if row is not None else values[name]
            field = model._meta.get_field(name)
            if field.choices:
                value = dict(field.flatchoices).get(value, value)
            elif name == "signed_on":
                value = date_format(value, "j F Y") if value else "no date"
            elif name == "note":
                value = f"note \u201c{value}\u201d" if value else "no note"
            parts.append(str(value))
        return ", ".join(parts)


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
        for name in ["phase", "health"]:
            # A model field's choices start with a blank one, "- Select an option -": not a radio.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.helper = gds_helper(
            Field.text("title"),
            Field.textarea("body"),
            # Stacked: required radios with no blank choice and none chosen until the person picks.
            Field.radios("phase", legend_size=Size.SMALL),
            Field.radios("health", legend_size=Size.SMALL),
            submit="Publish update",
        )
