"""CSV exports: no cell a spreadsheet would run, however it is disguised; no silently empty file."""

import unicodedata

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from govuk.exports import csv_response, neutralise

DISGUISES = ["", "\u200b", "\ufeff", "\u200b\ufeff", "\u2060", "\u200e", "\u00ad"]
TRIGGERS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\u207a", "\u208a"]


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_formula_is_neutralised_behind_invisible_characters_and_in_any_width(disguise, trigger):
    value = f'{disguise}{trigger}HYPERLINK("https://evil.example")'
    assert neutralise(value).startswith("'")


@pytest.mark.parametrize("value", ["Data analyst", "42,000", "café", "A-level", "£42,000", ""])
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value


def test_numbers_and_empty_cells_are_left_alone():
    assert neutralise(-5) == -5
    assert neutralise(None) == ""


@given(st.text())
def test_no_neutralised_cell_starts_with_a_formula_after_normalising(value):
    cell = neutralise(value)
    visible = unicodedata.normalize("NFKC", cell).lstrip("".join(c for c in cell if unicodedata.category(c) == "Cf"))
    assert not visible.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.startswith("'")


def failing_rows():
    raise OperationalError("the database went away")
    yield  # a generator, like the exports' rows


def test_a_database_failure_before_the_first_row_raises_before_the_response_starts():
    with pytest.raises(OperationalError):
        csv_response("x.csv", ["A"], failing_rows())


def test_the_rows_stream_in_full_after_the_first_ones():
    response = csv_response("x.csv", ["N"], ([n] for n in range(1200)))
    text = b"".join(response.streaming_content).decode()
    assert text.count("\r\n") == 1201


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/projects/export.csv", "/jobs/export.csv"])
def test_an_export_that_loses_the_database_is_the_503_page_not_an_empty_file(url, monkeypatch):
    def gone(*args, **kwargs):
        # As a real query fails: when the export starts reading rows, not when it builds the query.
        raise OperationalError("the database went away")
        yield

    monkeypatch.setattr(QuerySet, "iterator", gone)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
