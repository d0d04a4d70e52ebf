"""Minimal factory-boy factories: required fields, sequences for unique ones, traits for states.

Boroughs are loaded by a data migration, so factories look them up by slug
rather than inventing new ones.
"""

import datetime

import factory

from boroughs.groups import central_team_group
from boroughs.models import Borough, User
from projects.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
    Theme,
)

TEST_PASSWORD = "correct-horse-battery-staple"


def borough(slug):
    return Borough.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@borough.example")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    borough = factory.LazyFunction(lambda: borough("camden"))
    role = User.Role.MEMBER
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        editor = factory.Trait(role=User.Role.EDITOR)
        cdio = factory.Trait(role=User.Role.CDIO)
        central_team = factory.Trait(borough=None, is_staff=True)
        invited = factory.Trait(password=factory.LazyFunction(lambda: "!unusable"))

    @factory.post_generation
    def central_team_group(user, create, extracted, **kwargs):
        if create and user.is_staff:
            user.groups.add(central_team_group())


# Projects --------------------------------------------------------------------


def theme(slug="digital-inclusion"):
    return Theme.objects.get(slug=slug)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    theme = factory.LazyFunction(theme)
    summary = "A project boroughs run together."
    lead_borough = factory.LazyFunction(lambda: borough("camden"))

    class Params:
        private = factory.Trait(is_public=False)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    borough = factory.LazyFunction(lambda: borough("camden"))


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Deliverable {n}")


class DeliverableStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableStatus

    deliverable = factory.SubFactory(DeliverableFactory)
    borough = factory.LazyFunction(lambda: borough("camden"))
    version = 1


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    target = 100


class MeasureContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureContribution

    measure = factory.SubFactory(MeasureFactory)
    borough = factory.LazyFunction(lambda: borough("camden"))
    value = 5
    version = 1


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    opened_on = datetime.date(2025, 1, 6)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    borough = factory.LazyFunction(lambda: borough("camden"))
    version = 1

    class Params:
        body = factory.Trait(borough=None, organisation_name="Metropolitan Police Service")


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Update {n}")
    body = "Progress this week."
    phase = "alpha"
    health = "on_track"


# OKRs ------------------------------------------------------------------------

from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_dates  # noqa: E402


class QuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quarter
        django_get_or_create = ["year", "number"]

    year = 3
    number = 2
    starts_on = factory.LazyAttribute(lambda q: quarter_dates(q.year, q.number)[0])
    ends_on = factory.LazyAttribute(lambda q: quarter_dates(q.year, q.number)[1])
    is_published = True


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    quarter = factory.SubFactory(QuarterFactory)
    theme = factory.LazyFunction(theme)


class KeyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyResult

    objective = factory.SubFactory(ObjectiveFactory)
    quarter = factory.SelfAttribute("objective.quarter")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Key result {n}")


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    key_result = factory.SubFactory(KeyResultFactory)
    checked_on = datetime.date(2021, 11, 5)
    value = 40
