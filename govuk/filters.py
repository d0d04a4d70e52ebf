"""What every list's filters share. In boroughs, the app all others build on, as with exports."""

import django_filters
from django import forms


def govuk_select():
    return forms.Select(attrs={"class": "govuk-select"})


class ForgivingFilterSet(django_filters.FilterSet):
    """A mangled link (an unknown theme, say) shows every row, with the filter's error beside it, not an empty page."""

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            return self.queryset.all()
        return super().qs
