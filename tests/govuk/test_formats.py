"""Dates written the way the date filter writes them, without its formatter."""

import datetime

import pytest
from django.utils.dateformat import format as date_format

from govuk.formats import day_month_year


@pytest.mark.parametrize(
    "value",
    [datetime.date(2024, 1, 1), datetime.date(2025, 9, 6), datetime.date(2026, 12, 31), datetime.date(999, 5, 17)],
)
def test_day_month_year_is_the_date_filters_j_f_y(value):
    assert day_month_year(value) == date_format(value, "j F Y")
