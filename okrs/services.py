"""Writes that span several OKR rows: rolling unfinished work into the next quarter."""

from django.db import transaction

from okrs.models import KeyResult, Objective, Quarter, quarter_dates


@transaction.atomic
def quarter_roll_forward(*, quarter, by=None):
    """Copy the quarter's unfinished key results into the next quarter, creating it if needed.

    Each copy keeps a link to where it came from, so running this again
    creates nothing new. Returns (next quarter, number of key results created).
    """
    year, number = quarter.next_quarter_key()
    starts_on, ends_on = quarter_dates(year, number)
    following, _ = Quarter.objects.get_or_create(
        year=year, number=number, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    already = set(following.key_results.filter(rolled_from__isnull=False).values_list("rolled_from_id", flat=True))
    created = 0
    unfinished = (
        quarter.key_results.unfinished()
        .exclude(pk__in=already)
        .select_related("objective")
        .prefetch_related("supporting_boroughs")
        .order_by("number")
    )
    next_number = (following.key_results.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    for kr in unfinished:
        objective, _ = Objective.objects.get_or_create(
            quarter=following,
            theme_id=kr.objective.theme_id,
            defaults={"title": kr.objective.title, "order": kr.objective.order},
        )
        copy = KeyResult.objects.create(
            quarter=following,
            objective=objective,
            number=next_number,
            order=kr.order,
            title=kr.title,
            description=kr.description,
            status=kr.status,
            target=kr.target,
            unit=kr.unit,
            measure_id=kr.measure_id,
            lead_borough_id=kr.lead_borough_id,
            project_id=kr.project_id,
            link=kr.link,
            rolled_from=kr,
        )
        copy.supporting_boroughs.set(kr.supporting_boroughs.all())
        next_number += 1
        created += 1
    following.renumber()
    return following, created
