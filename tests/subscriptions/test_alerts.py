"""The daily job: each confirmed alert due gets what is new and matches its filters, once, and nothing when none."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from subscriptions.alerts import alert_filters, alerts_send_due, described, saved_filters
from subscriptions.models import Frequency, Kind, SentItem, Subscription
from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory, VacancyFactory, borough
from tests.subscriptions.conftest import SubscriptionFactory, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_role():
    return RoleFactory(family=RoleFamilyFactory(name="Data", slug="data"), name="Data analyst")


def alert_for(kind, filters, *, confirmed_days_ago=1, **kwargs):
    filterset = alert_filters(kind, filters)
    assert filterset.is_valid()
    confirmed_at = timezone.now() - timedelta(days=confirmed_days_ago)
    return SubscriptionFactory(
        kind=kind,
        frequency=kwargs.pop("frequency", Frequency.DAILY),
        filters=saved_filters(filterset),
        description=described(kind, filterset),
        confirmed_at=confirmed_at,
        checked_at=confirmed_at,
        **kwargs,
    )


def run(sent, now=None):
    with sent():
        return alerts_send_due(now=now)


def test_a_vacancy_added_to_the_board_after_the_last_check_is_new_whatever_its_posting_day(sent, data_role):
    # The central team often adds a vacancy days after the council advertised it: it is new to the board.
    alert = alert_for(Kind.VACANCIES, {"family": "data"}, confirmed_days_ago=2)
    late = VacancyFactory(role=data_role, title="Added late", posted_on=timezone.localdate() - timedelta(days=10))
    result = run(sent)
    assert (result.checked, result.emailed) == (1, 1)
    [message] = mail.outbox
    assert f"/jobs/vacancies/{late.pk}/" in message.body
    alert.refresh_from_db()
    assert run(sent).emailed == 0  # and only once


def test_a_daily_alert_gets_the_new_matching_vacancies_only(sent, data_role, settings):
    settings.SITE_URL = "https://portal.loti.example"
    alert = alert_for(Kind.VACANCIES, {"family": "data", "area": "inner"})
    today = timezone.localdate()
    new = VacancyFactory(role=data_role, title="Data analyst", posted_on=today)
    VacancyFactory(
        role=data_role,
        title="Posted before the alert",
        posted_on=today - timedelta(days=5),
        added_at=timezone.now() - timedelta(days=5),
    )
    VacancyFactory(title="Another family", posted_on=today)
    VacancyFactory(role=data_role, title="Not on the board", posted_on=today, is_published=False)
    VacancyFactory(role=data_role, title="Outer London", posted_on=today, borough=borough("bexley"))
    result = run(sent)
    assert (result.checked, result.emailed) == (1, 1)
    [message] = mail.outbox
    assert message.to == [alert.email]
    assert message.subject == "LOTI job alert: 1 new vacancy"
    assert "Data analyst, Camden" in message.body
    assert f"https://portal.loti.example/jobs/vacancies/{new.pk}/" in message.body
    for other in ["Posted before the alert", "Another family", "Not on the board", "Outer London"]:
        assert other not in message.body
    assert "Your alert: Role family: Data; Area: Inner London" in message.body
    unsubscribe = link_in(message.body, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<https://portal.loti.example{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message.body, "manage")
    alert.refresh_from_db()
    assert alert.last_sent_at is not None


def test_each_item_is_sent_once_and_a_day_with_nothing_new_sends_nothing(sent, data_role):
    alert = alert_for(Kind.VACANCIES, {"family": "data"})
    VacancyFactory(role=data_role, posted_on=timezone.localdate())
    run(sent)
    assert len(mail.outbox) == 1
    mail.outbox.clear()
    result = run(sent)  # again today: already checked
    assert (result.checked, result.emailed) == (0, 0)
    tomorrow = timezone.now() + timedelta(days=1)
    result = run(sent, now=tomorrow)  # tomorrow: checked, the same vacancy is not new
    assert (result.checked, result.emailed) == (1, 0)
    assert mail.outbox == []
    assert SentItem.objects.filter(subscription=alert).count() == 1


def test_an_alert_with_nothing_new_sends_nothing(sent):
    alert_for(Kind.VACANCIES, {})
    alert_for(Kind.JOB_DESCRIPTIONS, {})
    result = run(sent)
    assert (result.checked, result.emailed) == (2, 0)
    assert mail.outbox == []


def test_a_job_description_alert_gets_those_published_since_its_last_check(sent, data_role):
    alert = alert_for(Kind.JOB_DESCRIPTIONS, {"level": "practitioner", "q": "analyst"})
    JobDescriptionFactory(role=data_role, title="Data analyst")
    JobDescriptionFactory(role=data_role, title="Older analyst", published_at=alert.checked_at - timedelta(hours=1))
    JobDescriptionFactory(role=data_role, title="Pending analyst", pending=True)
    JobDescriptionFactory(title="Service designer")
    run(sent)
    [message] = mail.outbox
    assert message.subject == "LOTI job alert: 1 new job description"
    assert "Data analyst, Camden" in message.body
    assert "Older" not in message.body and "Pending" not in message.body and "designer" not in message.body


def test_a_weekly_alert_waits_a_week(sent):
    alert = alert_for(Kind.VACANCIES, {}, confirmed_days_ago=3, frequency=Frequency.WEEKLY)
    VacancyFactory(posted_on=timezone.localdate())
    assert run(sent).checked == 0
    assert mail.outbox == []
    result = run(sent, now=alert.checked_at + timedelta(days=7))
    assert (result.checked, result.emailed) == (1, 1)


def test_unconfirmed_and_suppressed_alerts_get_nothing(sent):
    SubscriptionFactory(vacancies=True, unconfirmed=True)
    suppressed = alert_for(Kind.VACANCIES, {})
    call_command("suppress_address", suppressed.email.upper(), "--reason", "complaint")
    VacancyFactory(posted_on=timezone.localdate())
    result = run(sent)
    assert (result.checked, result.emailed) == (0, 0)
    assert mail.outbox == []


def test_an_alert_whose_filter_no_longer_works_sends_nothing_rather_than_everything(sent, data_role):
    alert = alert_for(Kind.VACANCIES, {"role": data_role.slug})
    VacancyFactory(posted_on=timezone.localdate())  # another role: would match if the role filter were dropped
    Subscription.objects.filter(pk=alert.pk).update(filters={"role": "a-deleted-role"})
    result = run(sent)
    assert (result.checked, result.emailed) == (1, 0)
    assert mail.outbox == []


def test_a_long_list_is_cut_short_with_a_link_to_the_rest(sent, data_role, monkeypatch):
    monkeypatch.setattr("subscriptions.alerts.MOST_ITEMS_PER_EMAIL", 2)
    alert_for(Kind.VACANCIES, {})
    for _ in range(3):
        VacancyFactory(posted_on=timezone.localdate())
    run(sent)
    [message] = mail.outbox
    assert message.subject == "LOTI job alert: 2 new vacancies"
    assert "There are more: see them all at" in message.body
    assert SentItem.objects.count() == 3


def test_the_job_runs_daily_from_the_worker_schedule(sent):
    assert "send_job_alerts" in settings.DAILY_JOBS
    alert_for(Kind.VACANCIES, {})
    VacancyFactory(posted_on=timezone.localdate())
    with sent():
        call_command("send_job_alerts")
    assert len(mail.outbox) == 1


def test_vacancies_there_before_the_migration_count_as_added_on_their_posting_day():
    import importlib
    from datetime import datetime, time

    from django.apps import apps

    from jobs.models import Vacancy

    migration = importlib.import_module("jobs.migrations.0006_vacancy_added_at")
    posted = timezone.localdate() - timedelta(days=3)
    vacancy = VacancyFactory(posted_on=posted)
    migration.from_posting_day(apps, None)
    vacancy.refresh_from_db()
    assert vacancy.added_at == datetime.combine(posted, time.min, tzinfo=timezone.get_current_timezone())
    assert Vacancy.objects.count() == 1
