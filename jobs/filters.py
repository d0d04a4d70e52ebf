"""Search, filters and sorting for the library and the jobs board, by readable values so links stay readable."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from govuk.filters import ForgivingFilterSet, OneQueryModelChoiceFilter, govuk_select
from govuk.formats import gbp
from govuk.widgets import LeanTextInput
from jobs.forms import PoundsField, salary_band
from jobs.models import JobDescription, Level, LondonWeighting, Role, RoleFamily, Vacancy

AREA_CHOICES = [("inner", "Inner London"), ("outer", "Outer London"), ("elsewhere", "Outside London")]


def pounds_input():
    return LeanTextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"})


def council_names(queryset):
    """The councils in `queryset`, A to Z: the council filter's choices on the library, the board and the API.

    Read from indexes, never by a SELECT DISTINCT over the rows (jobs.models.councils).
    """
    return queryset.council_names()


@dataclass(frozen=True)
class RoleMatch:
    """What the role box matched: `roles`, A to Z; `exact` when it named one role by its slug or name."""

    text: str
    roles: list
    exact: bool


class RoleMatchField(forms.CharField):
    """A role named by its slug (as links name it), by its name, or by words in its name.

    A box rather than a select: a select of every role (300 at production
    scale) was most of the library page's weight and drawing time, and a long
    list to scroll through; typing part of a name is quicker.
    """

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        roles = Role.objects.matching(text)
        if not roles:
            # The code of a select's unknown value: the API answers it with no results, as for an unknown slug.
            raise ValidationError(
                "No role's name includes “%(text)s”. Enter part of a role's name, like data analyst",
                code="invalid_choice",
                params={"text": text},
            )
        return RoleMatch(text, roles, exact=len(roles) == 1 and roles[0].is_named(text))


class RoleFilter(django_filters.CharFilter):
    field_class = RoleMatchField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(role__in=[role.pk for role in value.roles])


def list_in_words(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class PoundsFilter(django_filters.NumberFilter):
    """Whole pounds, typed "40000" or "£40,000" as in the contribute form."""

    field_class = PoundsField


def salary_filter(label, hint):
    low, high = salary_band()
    return PoundsFilter(
        label=label,
        help_text=hint,
        method="filter_salary",
        min_value=0,
        max_value=high * 2,
        widget=pounds_input(),
        error_messages={
            "invalid": "Enter a number of pounds, like 40000",
            "min_value": "Enter a salary of £0 or more",
            "max_value": f"Enter £{high * 2:,} or less",
        },
    )


class SalaryRangeForm(forms.Form):
    """Takes a salary range typed the wrong way round (from £50,000 to £40,000) the right way round.

    And writes a role named by its slug (a link's ?role=data-analyst) in the box by its name.
    """

    swapped = False

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and role.exact and role.text != role.roles[0].name:
            self.data = self.data.copy()
            self.data[self.add_prefix("role")] = role.roles[0].name
        low, high = cleaned.get("salary_from"), cleaned.get("salary_to")
        if low is not None and high is not None and low > high:
            cleaned["salary_from"], cleaned["salary_to"] = high, low
            # Redraw the boxes the way round the filter is applied, so they agree with the sentence saying so.
            names = self.add_prefix("salary_from"), self.add_prefix("salary_to")
            self.data = self.data.copy()
            self.data[names[0]], self.data[names[1]] = self.data[names[1]], self.data[names[0]]
            self.swapped = True
        return cleaned


class SalaryRangeFilterSet(ForgivingFilterSet):
    """Role family, role, level, council, area and salary: what the library and the board share."""

    # A handful of families, read once for the options and to check the one asked for.
    family = OneQueryModelChoiceFilter(
        queryset=RoleFamily.objects.only("name", "slug"),  # the options: the description is long and unused here
        field_name="role__family",
        to_field_name="slug",
        empty_label="All role families",
        label="Role family",
        widget=govuk_select(),
    )
    role = RoleFilter(
        label="Role",
        help_text="All or part of a role's name, like data analyst",
        max_length=200,
        widget=LeanTextInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
    )
    level = django_filters.ChoiceFilter(
        field_name="role__level", choices=Level.choices, empty_label="All levels", widget=govuk_select()
    )
    council = django_filters.ChoiceFilter(field_name="council_name", empty_label="All councils", widget=govuk_select())
    area = django_filters.ChoiceFilter(
        choices=AREA_CHOICES, empty_label="Anywhere", method="filter_area", label="Area", widget=govuk_select()
    )
    salary_from = salary_filter("Salary from (£)", "Includes ranges that go up to this or more")
    salary_to = salary_filter("Salary to (£)", "Includes ranges that start at this or less")

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = councils

    def form_for_request(self, form):
        form.fields["council"].choices = [(name, name) for name in self.councils]

    def filter_area(self, queryset, name, value):
        if value == "elsewhere":
            return queryset.filter(borough__isnull=True)
        return queryset.filter(borough__area=value)

    def filter_salary(self, queryset, name, value):
        # A range overlaps [from, to] when it ends at or above `from` and starts at or below `to`.
        if name == "salary_from":
            return queryset.filter(salary_max__gte=value)
        return queryset.filter(salary_min__lte=value)

    @property
    def qs(self):
        # Bound, super().qs has validated the form; a bad sort is left out of cleaned_data like any bad filter.
        return self.sorted(super().qs, self.form.cleaned_data.get("sort") if self.is_bound else None)

    @property
    def role_match(self):
        """Which roles the role box matched, in words, or "" when it named one role (or none)."""
        role = self.form.cleaned_data.get("role") if self.is_bound and "role" not in self.form.errors else None
        if not role or role.exact:
            return ""
        showing = f"Showing {self._meta.model._meta.verbose_name_plural} for"
        names = [found.name for found in role.roles]
        if len(names) <= 5:
            return f"{showing} the role{'s' if len(names) > 1 else ''} {list_in_words(names)}."
        return f"{showing} {len(names)} roles whose names include “{role.text}”, such as {list_in_words(names[:3])}."

    @property
    def salary_match(self):
        """What the salary filter matches, in words, or "" when there is none."""
        if not self.is_bound or self.form.errors.keys() & {"salary_from", "salary_to"}:
            return ""
        low, high = self.form.cleaned_data.get("salary_from"), self.form.cleaned_data.get("salary_to")
        showing = f"Showing {self._meta.model._meta.verbose_name_plural} whose advertised salary range"
        if low is not None and high is not None:
            swapped = "The salary range was the wrong way round, so it has been swapped. " if self.form.swapped else ""
            return f"{swapped}{showing} overlaps {gbp(low)} to {gbp(high)}."
        if low is not None:
            return f"{showing} goes up to {gbp(low)} or more."
        if high is not None:
            return f"{showing} starts at {gbp(high)} or less."
        return ""

    def sorted(self, queryset, sort):
        return queryset


class JobDescriptionFilter(SalaryRangeFilterSet):
    SORTS = {
        "newest": ("Newest first", ["-advertised_on", "-published_at"]),
        "relevance": ("Most relevant to the search", None),
        "salary_high": ("Highest salary first", ["-salary_max", "-salary_min", "title"]),
        "salary_low": ("Lowest salary first", ["salary_min", "salary_max", "title"]),
    }

    q = django_filters.CharFilter(
        method="filter_search",
        label="Search job descriptions",
        max_length=200,
        widget=LeanTextInput(attrs={"class": "govuk-input", "type": "search", "spellcheck": "false"}),
    )
    weighting = django_filters.ChoiceFilter(
        field_name="london_weighting",
        choices=LondonWeighting.choices,
        empty_label="Any London weighting",
        label="London weighting",
        widget=govuk_select(),
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="filter_nothing",
        empty_label=None,
        label="Sort by",
        widget=govuk_select(),
    )

    class Meta:
        model = JobDescription
        form = SalaryRangeForm
        fields = ["q", "family", "role", "level", "council", "area", "weighting", "salary_from", "salary_to", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # Searching sorts by relevance unless told otherwise; without words, relevance means nothing.
            searching = bool((data.get("q") or "").strip())
            if (searching and not data.get("sort")) or (not searching and data.get("sort") == "relevance"):
                data = data.copy()
                data["sort"] = "relevance" if searching else "newest"
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset  # searching happens in sorted(), after every other filter: by_relevance() reads them

    def filter_nothing(self, queryset, name, value):
        return queryset  # sorting happens in sorted(), after every filter

    def sorted(self, queryset, sort):
        words = (self.form.cleaned_data.get("q") or "").strip() if self.is_bound else ""
        if sort not in self.SORTS or (sort == "relevance" and not words):
            sort = "relevance" if words else "newest"
        queryset = queryset.search(words)
        if sort == "relevance":
            return queryset.by_relevance()
        return queryset.order_by(*self.SORTS[sort][1], "-pk")


class VacancyFilter(SalaryRangeFilterSet):
    SORTS = {
        "closing": ("Closing soonest", ["closing_on", "title"]),
        "newest": ("Newest first", ["-posted_on", "title"]),
        "salary_high": ("Highest salary first", ["-salary_max", "title"]),
    }

    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="filter_nothing",
        empty_label=None,
        label="Sort by",
        widget=govuk_select(),
    )

    class Meta:
        model = Vacancy
        form = SalaryRangeForm
        fields = ["family", "role", "level", "council", "area", "salary_from", "salary_to", "sort"]

    def filter_nothing(self, queryset, name, value):
        return queryset

    def sorted(self, queryset, sort):
        return queryset.order_by(*self.SORTS.get(sort or "closing", self.SORTS["closing"])[1], "pk")
