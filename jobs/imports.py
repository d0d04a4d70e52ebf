"""Bulk import and export of job descriptions as CSV, for the central team in the admin.

One format both ways, so an export can be edited and imported again. Only
CSV: spreadsheets save it, and reading XLSX would need another dependency.
Imported job descriptions are links (a CSV cannot carry files).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Borough
from jobs.forms import EARLIEST_ADVERTISED, salary_band
from jobs.models import JobDescription, LondonWeighting, Role

COLUMNS = [
    "title",
    "role",
    "council",
    "grade",
    "salary_min",
    "salary_max",
    "london_weighting",
    "advertised_on",
    "link",
    "summary",
    "based_on",
]
REQUIRED_COLUMNS = {"title", "role", "council", "salary_min", "salary_max", "london_weighting", "advertised_on", "link"}
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass
class ImportRow:
    line: int  # in the file, counting the header as line 1
    values: dict
    errors: list = field(default_factory=list)
    fields: dict | None = None  # JobDescription field values, when the row is valid


@dataclass
class ImportPreview:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # problems with the file as a whole

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def error_count(self):
        return len(self.errors) + sum(1 for row in self.rows if row.errors)

    def job_description_fields(self):
        return [row.fields for row in self.rows]


class _Lookups:
    """Roles, boroughs and existing job descriptions, read once for the whole file."""

    def __init__(self):
        self.roles = {}
        for role in Role.objects.all():
            self.roles[role.slug.lower()] = role
            self.roles[role.name.lower()] = role
        self.boroughs = {}
        for borough in Borough.objects.all():
            for name in (borough.slug, borough.name, borough.official_name):
                self.boroughs[name.lower()] = borough
        self.weightings = {}
        for value, label in LondonWeighting.choices:
            self.weightings[value.lower()] = value
            self.weightings[label.lower()] = value


def parse_csv(data):
    """Check every row of an uploaded CSV (bytes) and say what is wrong with each, without writing anything."""
    preview = ImportPreview()
    if len(data) > MAX_IMPORT_BYTES:
        preview.errors.append(f"The file must be smaller than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        return preview
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        preview.errors.append("The file must be a CSV saved as UTF-8 (in Excel: 'CSV UTF-8').")
        return preview
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        preview.errors.append(
            "The first row must name the columns. Missing: " + ", ".join(c for c in COLUMNS if c in missing) + "."
        )
        return preview
    reader.fieldnames = header
    lookups = _Lookups()
    seen = {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            preview.errors.append(f"The file has more than {MAX_IMPORT_ROWS:,} rows: split it.")
            break
        values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        if not any(values.values()):
            continue  # blank lines at the end of a spreadsheet
        row = ImportRow(line=number, values=values)
        row.fields = _check_row(values, row.errors, lookups)
        if row.fields:
            key = _duplicate_key(row.fields)
            if key in seen:
                row.errors.append(f"The same as line {seen[key]}.")
            seen.setdefault(key, number)
        preview.rows.append(row)
    if not preview.rows and not preview.errors:
        preview.errors.append("The file has no rows under its header.")
    _flag_existing(preview)
    for row in preview.rows:
        if row.errors:
            row.fields = None
    return preview


def _duplicate_key(fields):
    return (fields["title"].lower(), fields["council_name"].lower(), fields["advertised_on"])


def _flag_existing(preview):
    """Rows already in the library, in one query."""
    checked = [row for row in preview.rows if row.fields]
    if not checked:
        return
    match = Q()
    for row in checked:
        match |= Q(
            title__iexact=row.fields["title"],
            council_name__iexact=row.fields["council_name"],
            advertised_on=row.fields["advertised_on"],
        )
    existing = {
        (title.lower(), council.lower(), advertised_on)
        for title, council, advertised_on in JobDescription.objects.filter(match).values_list(
            "title", "council_name", "advertised_on"
        )
    }
    for row in checked:
        if _duplicate_key(row.fields) in existing:
            row.errors.append("Already in the library (same title, council and date advertised).")


def _check_row(values, errors, lookups):
    title = values["title"]
    if not title:
        errors.append("Enter a title.")
    elif len(title) > 200:
        errors.append("The title must be 200 characters or fewer.")
    role = lookups.roles.get(values["role"].lower())
    if role is None:
        errors.append(f"No role called '{values['role']}': use a role's name or slug from the admin.")
    council = values["council"]
    borough = lookups.boroughs.get(council.lower())
    if not council:
        errors.append("Enter the council.")
    elif len(council) > 150:
        errors.append("The council's name must be 150 characters or fewer.")
    if len(values["grade"]) > 50:
        errors.append("The grade must be 50 characters or fewer.")
    low, high = salary_band()
    salaries = {}
    for name, label in (("salary_min", "minimum"), ("salary_max", "maximum")):
        text = values[name].replace("£", "").replace(",", "")
        try:
            salaries[name] = int(text)
        except ValueError:
            errors.append(f"The {label} salary must be a whole number of pounds, not '{values[name]}'.")
            continue
        if not low <= salaries[name] <= high:
            errors.append(f"The {label} salary must be between £{low:,} and £{high:,}.")
    if len(salaries) == 2 and salaries["salary_min"] > salaries["salary_max"]:
        errors.append("The minimum salary is more than the maximum.")
    weighting = lookups.weightings.get(values["london_weighting"].lower())
    if weighting is None:
        errors.append("London weighting must be one of: " + ", ".join(v for v, _ in LondonWeighting.choices) + ".")
    advertised_on = _parse_date(values["advertised_on"])
    if advertised_on is None:
        errors.append(f"The date advertised must be a date like 2025-03-27, not '{values['advertised_on']}'.")
    elif advertised_on > timezone.localdate():
        errors.append("The date advertised is in the future.")
    elif advertised_on < EARLIEST_ADVERTISED:
        errors.append("The date advertised must be in 2015 or later.")
    link = values["link"]
    try:
        link = forms.URLField(max_length=500, assume_scheme="https").clean(link)
    except forms.ValidationError:
        errors.append("The link must be a web address, like https://www.council.gov.uk/jobs/123.")
    if len(values["summary"]) > 2000:
        errors.append("The summary must be 2,000 characters or fewer.")
    if len(values["based_on"]) > 200:
        errors.append("'Based on' must be 200 characters or fewer.")
    if errors:
        return None
    return {
        "title": title,
        "role": role,
        "borough": borough,
        "council_name": borough.name if borough else council,
        "grade": values["grade"],
        "salary_min": salaries["salary_min"],
        "salary_max": salaries["salary_max"],
        "london_weighting": weighting,
        "advertised_on": advertised_on,
        "external_url": link,
        "summary": values["summary"],
        "based_on": values["based_on"],
    }


def _parse_date(text):
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def export_rows(descriptions, site_url):
    """Rows in the import format, for jobs.admin's export. A file's link is its download page."""
    for jd in descriptions:
        link = jd.external_url or f"{site_url}{jd.get_absolute_url()}"
        yield [
            jd.title,
            jd.role.slug,
            jd.council_name,
            jd.grade,
            jd.salary_min,
            jd.salary_max,
            jd.london_weighting,
            jd.advertised_on.isoformat() if isinstance(jd.advertised_on, date) else jd.advertised_on,
            link,
            jd.summary,
            jd.based_on,
        ]
