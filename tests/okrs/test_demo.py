"""The demo OKRs: the seed quarters, and the quarter running today so that "This quarter" is true."""

from datetime import date

import pytest
from django.utils import timezone

from boroughs.demo import load_accounts
from okrs.demo import load_okrs
from okrs.models import CheckIn, KeyResult, Quarter
from projects.demo import load_projects

pytestmark = pytest.mark.django_db


def load(today=None):
    users = load_accounts()
    load_projects({user.email: user for user in users})
    return load_okrs(central_user=users[0], today=today)


def test_the_quarter_running_today_is_published_with_a_handful_of_key_results():
    load()
    today = timezone.localdate()
    current = Quarter.objects.published().current()
    assert current is not None
    assert current.starts_on <= today <= current.ends_on
    assert 4 <= current.key_results.count() <= 6
    assert list(current.key_results.order_by("number").values_list("number", flat=True)) == list(
        range(1, current.key_results.count() + 1)
    )
    check_ins = CheckIn.objects.filter(key_result__quarter=current)
    assert check_ins.exists()
    assert all(current.starts_on <= c.checked_on <= today for c in check_ins)  # nothing from the future


def test_the_seed_history_is_kept():
    load()
    year_3_q2 = Quarter.objects.get(year=3, number=2)
    assert (year_3_q2.starts_on, year_3_q2.ends_on) == (date(2021, 10, 16), date(2022, 1, 15))
    assert year_3_q2.is_published and year_3_q2.key_results.count() == 25
    assert year_3_q2.objectives.count() == 8
    assert Quarter.objects.filter(year=1, number=2, is_published=True).exists()
    dsa = KeyResult.objects.get(quarter=year_3_q2, number=14)
    assert set(dsa.supporting_boroughs.values_list("slug", flat=True)) == {"barnet", "brent"}


def test_the_running_quarter_follows_the_date_the_demo_is_loaded():
    today = date(2030, 7, 16)  # the first day of Year 12
    quarters = load(today=today)
    assert (quarters[0].year, quarters[0].number) == (12, 1)
    assert Quarter.objects.published().current(today=today) == quarters[0]


def test_loaded_during_a_seed_quarter_the_seed_keeps_its_own_key_results():
    today = date(2021, 12, 1)
    assert len(load(today=today)) == 2
    assert Quarter.objects.published().current(today=today).key_results.count() == 25


def test_loading_twice_creates_nothing_twice():
    load()
    counts = (Quarter.objects.count(), KeyResult.objects.count(), CheckIn.objects.count())
    load()
    assert (Quarter.objects.count(), KeyResult.objects.count(), CheckIn.objects.count()) == counts
