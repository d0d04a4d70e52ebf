from django.conf import settings

from govuk.exports import csv_response
from okrs.models import KeyResult

HEADER = [
    "Number",
    "Objective",
    "Key result",
    "Status",
    "Progress",
    "Target",
    "Unit",
    "Lead borough",
    "Supporting boroughs",
    "Project",
    "Link",
]


def quarter_csv(quarter, *, user):
    """A quarter's key results as a CSV download: what `user` may see, so public data only for the public."""
    results = (
        KeyResult.objects.filter(quarter=quarter)
        .with_progress()
        .with_project_for(user)
        .select_related("quarter", "objective__theme", "lead_borough")
        .prefetch_related("supporting_boroughs")
        .order_by("number")
    )
    rows = (
        (
            kr.number,
            str(kr.objective),
            kr.title,
            kr.get_status_display(),
            f"{kr.progress_value.normalize():f}",
            f"{kr.progress_target.normalize():f}",
            kr.unit,
            kr.lead_borough.name if kr.lead_borough else "",
            "; ".join(b.name for b in kr.supporting_boroughs.all()),
            kr.project.title if kr.project else "",
            f"{settings.SITE_URL}{kr.get_absolute_url()}",
        )
        for kr in results
    )
    return csv_response(f"loti-okrs-year-{quarter.year}-q{quarter.number}.csv", HEADER, rows)
