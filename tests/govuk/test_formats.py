"""govuk.formats: dates written as Django's date formats write them, with the month names looked up once."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from govuk.formats import day_month_year, long_dates, month_names

DAYS = [datetime.date(2026, month, 9) for month in range(1, 13)]


@pytest.mark.parametrize("language", ["en-gb", "cy", "fr"])
def test_month_names_are_date_formats_own_in_the_active_language(language):
    with translation.override(language):
        assert [month_names()[day.month] for day in DAYS] == [date_format(day, "F") for day in DAYS]
        assert [month_names(abbreviated=True)[day.month] for day in DAYS] == [date_format(day, "M") for day in DAYS]
        assert [long_dates()(day) for day in DAYS] == [date_format(day, "j F Y") for day in DAYS]
        assert [day_month_year(day) for day in DAYS] == [date_format(day, "j F Y") for day in DAYS]


def test_names_looked_up_in_one_language_are_not_given_in_another():
    with translation.override("cy"):
        welsh = month_names()[1]
    with translation.override("en-gb"):
        assert month_names()[1] == "January" != welsh


@pytest.mark.parametrize(
    "value",
    [datetime.date(2024, 1, 1), datetime.date(2025, 9, 6), datetime.date(2026, 12, 31), datetime.date(999, 5, 17)],
)
def test_day_month_year_is_the_date_filters_j_f_y(value):
    assert day_month_year(value) == date_format(value, "j F Y")
