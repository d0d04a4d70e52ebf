"""Job alerts: a filtered list of the jobs board or the library, saved, and its new items emailed.

The filters are the lists' own (jobs.filters), so an alert matches exactly
what its page showed, and it only ever sees public records: open vacancies
and published job descriptions.
"""

import logging
from dataclasses import dataclass

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from govuk.formats import gbp, gbp_range
from jobs.filters import JobDescriptionFilter, RoleMatch, VacancyFilter, council_names
from jobs.models import JobDescription, Vacancy
from subscriptions.emails import email_subscriber
from subscriptions.models import Kind, SentItem, Subscription
from subscriptions.tokens import absolute

logger = logging.getLogger(__name__)

FILTER_SETS = {Kind.VACANCIES: VacancyFilter, Kind.JOB_DESCRIPTIONS: JobDescriptionFilter}
# How a list is shown is not what it holds: the order and page are not part of an alert.
NOT_SAVED = {"sort", "page"}
# An email is a summary, not the list: past this many, it links to the list for the rest.
MOST_ITEMS_PER_EMAIL = 30
EVERYTHING = {Kind.VACANCIES: "All open vacancies", Kind.JOB_DESCRIPTIONS: "All published job descriptions"}
NOUNS = {Kind.VACANCIES: ("vacancy", "vacancies"), Kind.JOB_DESCRIPTIONS: ("job description", "job descriptions")}
LIST_URLS = {Kind.VACANCIES: "/jobs/vacancies/", Kind.JOB_DESCRIPTIONS: "/jobs/"}


def public_items(kind):
    return Vacancy.objects.open() if kind == Kind.VACANCIES else JobDescription.objects.published()


def alert_filters(kind, data, *, councils=None):
    """The list's filter set for `kind`, bound to `data` (a query string's values)."""
    items = public_items(kind)
    if councils is None:
        councils = council_names(items)
    return FILTER_SETS[kind](data, queryset=items.with_list_data(), councils=councils)


def _given(filterset):
    form = filterset.form
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name not in NOT_SAVED and value not in (None, ""):
            yield name, field, value


def saved_filters(filterset):
    """The filters given, as the link spelled them (a validated filter set): what an alert keeps."""
    return {name: str(filterset.form.data.get(name)).strip() for name, _field, _value in _given(filterset)}


def described(kind, filterset):
    """The filters in words, for the pages and emails: "Role family: Data; Area: Inner London"."""
    parts = []
    for name, field, value in _given(filterset):
        if isinstance(value, models.Model):
            text = str(value)
        elif isinstance(value, RoleMatch):
            # The role box: one role by its slug or name, or every role whose name has the words.
            text = value.roles[0].name if value.exact else f"“{value.text}”"
        elif name.startswith("salary"):
            text = gbp(value)
        elif name == "q":
            text = f"“{value}”"
        else:
            text = dict(field.choices).get(value, value)
        parts.append(f"{str(field.label).removesuffix(' (£)')}: {text}")
    return "; ".join(parts) or EVERYTHING[kind]


def new_items(subscription):
    """What matches the alert and appeared since it was last checked, not yet emailed; None if its filters broke.

    A filter that no longer validates (its role was deleted, say) would be
    dropped by the forgiving filter set and widen the alert: send nothing instead.
    """
    council = subscription.filters.get("council")
    filterset = alert_filters(subscription.kind, subscription.filters, councils=[council] if council else [])
    if not filterset.is_valid():
        return None
    items = filterset.qs
    if subscription.kind == Kind.VACANCIES:
        # When it reached the board, not its posting day, which may be days earlier. The sent
        # record still keeps anything already emailed from being sent twice.
        items = items.filter(added_at__gt=subscription.checked_at)
    else:
        items = items.filter(published_at__gt=subscription.checked_at)
    return list(items.exclude(pk__in=subscription.sent_items.values("object_id"))[: MOST_ITEMS_PER_EMAIL + 1])


def _lines(subscription, items):
    for item in items:
        line = {
            "title": item.title,
            "council": item.council_name,
            "salary": gbp_range(item.salary_min, item.salary_max),
        }
        if subscription.kind == Kind.VACANCIES:
            line["closes"] = item.closing_on
        line["url"] = absolute(item.get_absolute_url())
        yield line


def alert_send(subscription, items, *, now):
    """Email `items` (up to the most an email holds) and remember them as sent."""
    shown = items[:MOST_ITEMS_PER_EMAIL]
    noun = NOUNS[subscription.kind][0 if len(shown) == 1 else 1]
    list_url = absolute(LIST_URLS[subscription.kind])
    body = render_to_string(
        "subscriptions/email/alert.txt",
        {
            "subscription": subscription,
            "lines": list(_lines(subscription, shown)),
            "more": len(items) > len(shown),
            "list_url": list_url,
            "count": len(shown),
            "noun": noun,
        },
    )
    sent = email_subscriber(subscription, f"LOTI job alert: {len(shown)} new {noun}", body)
    if sent:
        SentItem.objects.bulk_create(
            [SentItem(subscription=subscription, object_id=item.pk, sent_at=now) for item in items],
            ignore_conflicts=True,
        )
        subscription.last_sent_at = now
    return sent


@dataclass
class AlertRun:
    checked: int = 0
    emailed: int = 0


def alerts_send_due(*, now=None):
    """Check every confirmed, unsuppressed alert due today; email those with something new. Safe to run twice.

    Each alert is checked in its own transaction, and only if no other run has
    checked it since this one read it, so two runs at once email it once.
    """
    now = now or timezone.now()
    run = AlertRun()
    due = Subscription.objects.confirmed().unsuppressed().due(now).order_by("pk")
    for pk, checked_at in due.values_list("pk", "checked_at").iterator():
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(skip_locked=True).filter(pk=pk, checked_at=checked_at).first()
            )
            if subscription is None:
                continue
            items = new_items(subscription)
            if items is None:
                logger.warning("Job alert %s has filters that no longer work: %s", pk, subscription.filters)
            elif items and alert_send(subscription, items, now=now):
                run.emailed += 1
            subscription.checked_at = now
            subscription.save(update_fields=["checked_at", "last_sent_at"])
            run.checked += 1
    return run
