"""Demo subscriptions: one confirmed job alert and one confirmed newsletter sign-up, at example.org addresses.

Running it again deletes them and makes them afresh. The alert watches the
jobs board for data roles in inner London, so `manage.py send_job_alerts`
has something to look for once a new vacancy like that is added.
"""

from datetime import timedelta

from django.utils import timezone

from jobs.models import RoleFamily
from subscriptions.alerts import alert_filters, described, saved_filters
from subscriptions.models import Frequency, Kind, Subscription

DEMO_DOMAIN = "@subscriber.example.org"


def load_subscriptions():
    Subscription.objects.filter(email__endswith=DEMO_DOMAIN).delete()
    confirmed_at = timezone.now() - timedelta(days=3)
    made = [
        Subscription.objects.create(
            email=f"newsletter{DEMO_DOMAIN}", kind=Kind.NEWSLETTER, created_at=confirmed_at, confirmed_at=confirmed_at
        )
    ]
    family = RoleFamily.objects.order_by("order").values_list("slug", flat=True).first()
    filterset = alert_filters(Kind.VACANCIES, {"family": family or "", "area": "inner"})
    if filterset.is_valid():
        made.append(
            Subscription.objects.create(
                email=f"jobseeker{DEMO_DOMAIN}",
                kind=Kind.VACANCIES,
                frequency=Frequency.DAILY,
                filters=saved_filters(filterset),
                description=described(Kind.VACANCIES, filterset),
                created_at=confirmed_at,
                confirmed_at=confirmed_at,
                checked_at=confirmed_at,
            )
        )
    return made
