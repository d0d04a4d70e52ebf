import django_filters

from boroughs.models import Borough
from govuk.filters import ForgivingFilterSet, govuk_select
from okrs.models import KeyResult
from projects.models import Theme


class KeyResultFilter(ForgivingFilterSet):
    """Filter a quarter's key results; "what is my borough part of" is the borough filter."""

    theme = django_filters.ModelChoiceFilter(
        field_name="objective__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
        widget=govuk_select(),
    )
    status = django_filters.ChoiceFilter(
        choices=KeyResult.Status.choices, empty_label="Any status", widget=govuk_select()
    )
    borough = django_filters.ModelChoiceFilter(
        queryset=Borough.objects.all(),
        to_field_name="slug",
        empty_label="All boroughs",
        method="filter_borough",
        label="Borough involved",
        widget=govuk_select(),
    )

    class Meta:
        model = KeyResult
        fields = ["theme", "status", "borough"]

    def filter_borough(self, queryset, name, borough):
        return queryset.involving(borough)
