import re

import factory
import pytest
from django.utils import timezone

from subscriptions.models import Frequency, Kind, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed newsletter sign-up. Traits: unconfirmed; vacancies and descriptions (confirmed daily alerts)."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    kind = Kind.NEWSLETTER
    confirmed_at = factory.LazyFunction(timezone.now)
    checked_at = factory.LazyAttribute(lambda s: s.confirmed_at)

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None, checked_at=None)
        vacancies = factory.Trait(
            kind=Kind.VACANCIES, frequency=Frequency.DAILY, description="All open vacancies", filters={}
        )
        descriptions = factory.Trait(
            kind=Kind.JOB_DESCRIPTIONS, frequency=Frequency.DAILY, description="All published job descriptions"
        )


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (outbox.mail queues on commit with the immediate backend) as it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(body, name):
    """The path of the site link in an email body that goes to /subscriptions/<name>/..."""
    match = re.search(rf"https?://[^/\s]+(/subscriptions/{name}/[^\s]+/)", body)
    assert match, f"no {name} link in: {body}"
    return match.group(1)
