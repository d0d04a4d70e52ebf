"""Quarter dates, numbering, progress and rolling forward: the rules the admin relies on."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from okrs.models import CheckIn, KeyResult, Quarter, quarter_dates
from okrs.services import quarter_roll_forward
from tests.factories import (
    CheckInFactory,
    KeyResultFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ObjectiveFactory,
    QuarterFactory,
    borough,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "year, number, starts, ends",
    [
        (1, 1, date(2019, 7, 16), date(2019, 10, 15)),
        (3, 2, date(2021, 10, 16), date(2022, 1, 15)),
        (3, 3, date(2022, 1, 16), date(2022, 4, 15)),
        (3, 4, date(2022, 4, 16), date(2022, 7, 15)),
    ],
)
def test_loti_years_start_on_16_july(year, number, starts, ends):
    assert quarter_dates(year, number) == (starts, ends)


def test_overlapping_quarter_is_refused_with_a_clear_error():
    QuarterFactory(year=3, number=2)
    clash = Quarter(year=3, number=3, starts_on=date(2022, 1, 1), ends_on=date(2022, 4, 15))
    with pytest.raises(ValidationError, match="These dates overlap Year 3 Q2"):
        clash.full_clean()


def test_quarter_must_end_after_it_starts():
    quarter = Quarter(year=5, number=1, starts_on=date(2023, 7, 16), ends_on=date(2023, 7, 1))
    with pytest.raises(ValidationError, match="end date must be after the start date"):
        quarter.full_clean()
    with pytest.raises(IntegrityError):
        quarter.save()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL")
def test_database_refuses_overlapping_quarters():
    QuarterFactory(year=3, number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quarter.objects.create(year=9, number=1, starts_on=date(2021, 12, 1), ends_on=date(2022, 2, 1))


def test_renumbering_follows_objective_then_key_result_order_and_is_stable():
    quarter = QuarterFactory()
    second = ObjectiveFactory(quarter=quarter, theme=theme("cyber-security"), order=2)
    first = ObjectiveFactory(quarter=quarter, theme=theme("skills-and-capability"), order=1)
    b = KeyResultFactory(objective=second, number=1, order=0, title="b")
    a2 = KeyResultFactory(objective=first, number=2, order=1, title="a2")
    a1 = KeyResultFactory(objective=first, number=3, order=0, title="a1")
    quarter.renumber()
    numbers = dict(KeyResult.objects.values_list("title", "number"))
    assert numbers == {"a1": 1, "a2": 2, "b": 3}
    quarter.renumber()  # nothing moved: nothing changes
    assert dict(KeyResult.objects.values_list("title", "number")) == numbers
    assert {a1.pk, a2.pk, b.pk} == set(KeyResult.objects.values_list("pk", flat=True))


def test_key_result_numbers_are_unique_in_a_quarter():
    kr = KeyResultFactory(number=1)
    with pytest.raises(IntegrityError):
        KeyResultFactory(objective=kr.objective, number=1)


def test_progress_is_the_latest_check_in():
    kr = KeyResultFactory(target=100)
    CheckInFactory(key_result=kr, checked_on=date(2021, 11, 5), value=30)
    CheckInFactory(key_result=kr, checked_on=date(2021, 12, 3), value=55)
    CheckInFactory(key_result=kr, checked_on=date(2021, 10, 20), value=80)  # older, entered late
    kr = KeyResult.objects.with_progress().get(pk=kr.pk)
    assert (kr.progress_value, kr.progress_target) == (55, 100)


def test_progress_linked_to_a_measure_follows_it_with_no_check_ins():
    measure = MeasureFactory(target=100)
    MeasureContributionFactory(measure=measure, borough=borough("hackney"), value=40)
    MeasureContributionFactory(measure=measure, borough=borough("camden"), value=23)
    kr = KeyResultFactory(measure=measure, target=5)
    kr = KeyResult.objects.with_progress().get(pk=kr.pk)
    assert (kr.progress_value, kr.progress_target) == (63, 100)


def test_check_in_over_the_target_or_negative_is_refused():
    kr = KeyResultFactory(target=12)
    with pytest.raises(ValidationError, match="from 0 to the target, 12"):
        CheckIn(key_result=kr, value=13).full_clean()
    with pytest.raises(ValidationError):
        CheckIn(key_result=kr, value=-1).full_clean()
    CheckIn(key_result=kr, value=12).full_clean()


def test_roll_forward_copies_unfinished_key_results_once():
    quarter = QuarterFactory(year=3, number=2)
    objective = ObjectiveFactory(quarter=quarter, theme=theme("digital-inclusion"))
    open_kr = KeyResultFactory(objective=objective, number=1, status="at_risk", title="Story map")
    open_kr.supporting_boroughs.set([borough("brent"), borough("barnet")])
    KeyResultFactory(objective=objective, number=2, status="done")
    KeyResultFactory(objective=objective, number=3, status="dropped")
    KeyResultFactory(objective=objective, number=4, status="not_started", title="Triage questions")

    following, created = quarter_roll_forward(quarter=quarter)
    assert (following.year, following.number, created) == (3, 3, 2)
    assert (following.starts_on, following.ends_on) == (date(2022, 1, 16), date(2022, 4, 15))
    assert not following.is_published
    copies = following.key_results.order_by("number")
    assert [(c.number, c.title, c.rolled_from_id) for c in copies] == [
        (1, "Story map", open_kr.pk),
        (2, "Triage questions", copies[1].rolled_from_id),
    ]
    assert set(copies[0].supporting_boroughs.values_list("slug", flat=True)) == {"brent", "barnet"}
    assert copies[0].objective.theme.slug == "digital-inclusion"

    again, created_again = quarter_roll_forward(quarter=quarter)
    assert again == following and created_again == 0
    assert following.key_results.count() == 2


def test_roll_forward_from_q4_starts_the_next_year():
    quarter = QuarterFactory(year=3, number=4)
    KeyResultFactory(objective=ObjectiveFactory(quarter=quarter), number=1)
    following, created = quarter_roll_forward(quarter=quarter)
    assert (following.year, following.number, following.starts_on) == (4, 1, date(2022, 7, 16))
