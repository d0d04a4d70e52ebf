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


# Ideas -----------------------------------------------------------------------

from django.utils import timezone as _timezone  # noqa: E402

from ideas.models import Call, Idea, Status, Vote  # noqa: E402


def _days(n):
    return _timezone.now() + datetime.timedelta(days=n)


class CallFactory(factory.django.DjangoModelFactory):
    """Open for ideas by default; traits move it through its stages: reviewing, voting, closed."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Call for ideas {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    description = "Ideas for projects boroughs could run together."
    opens_at = factory.LazyFunction(lambda: _days(-10))
    deadline_at = factory.LazyFunction(lambda: _days(10))
    workshop_on = factory.LazyFunction(lambda: _days(20).date())
    voting_opens_at = factory.LazyFunction(lambda: _days(20))
    voting_closes_at = factory.LazyFunction(lambda: _days(21))
    votes_per_borough = 3

    class Params:
        reviewing = factory.Trait(
            opens_at=factory.LazyFunction(lambda: _days(-20)),
            deadline_at=factory.LazyFunction(lambda: _days(-2)),
        )
        voting = factory.Trait(
            opens_at=factory.LazyFunction(lambda: _days(-30)),
            deadline_at=factory.LazyFunction(lambda: _days(-10)),
            workshop_on=factory.LazyFunction(lambda: _days(0).date()),
            voting_opens_at=factory.LazyFunction(lambda: _days(-1)),
            voting_closes_at=factory.LazyFunction(lambda: _days(1)),
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: _days(-60)),
            deadline_at=factory.LazyFunction(lambda: _days(-40)),
            workshop_on=factory.LazyFunction(lambda: _days(-30).date()),
            voting_opens_at=factory.LazyFunction(lambda: _days(-30)),
            voting_closes_at=factory.LazyFunction(lambda: _days(-29)),
        )


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    problem = "Boroughs each solve this alone."
    proposal = "Solve it once, together."
    beneficiaries = "Residents and borough staff."
    outcomes = "Less duplicated effort."
    theme = factory.LazyFunction(theme)
    submitted_by = factory.SubFactory(UserFactory)
    borough = factory.LazyAttribute(lambda idea: idea.submitted_by.borough if idea.submitted_by else None)

    class Params:
        under_review = factory.Trait(status=Status.UNDER_REVIEW)
        shortlisted = factory.Trait(status=Status.SHORTLISTED, shortlisted_at=factory.LazyFunction(_timezone.now))
        selected = factory.Trait(status=Status.SELECTED, shortlisted_at=factory.LazyFunction(_timezone.now))
        not_progressed = factory.Trait(status=Status.NOT_PROGRESSED)
        withdrawn = factory.Trait(status=Status.WITHDRAWN)

    @factory.post_generation
    def interested_boroughs(idea, create, extracted, **kwargs):
        if create and extracted:
            idea.interested_boroughs.set(extracted)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory, shortlisted=True)
    borough = factory.LazyFunction(lambda: borough("camden"))


# Jobs ------------------------------------------------------------------------

from django.utils import timezone as _jobs_timezone  # noqa: E402

from jobs.models import JobDescription, Role, RoleFamily, SalaryBenchmark, Suggestion, Vacancy  # noqa: E402


class RoleFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleFamily
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Role family {n}")
    slug = factory.Sequence(lambda n: f"role-family-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    family = factory.SubFactory(RoleFamilyFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    level = "practitioner"


class JobDescriptionFactory(factory.django.DjangoModelFactory):
    """Published, by Camden, with a link. Traits: pending, rejected, withdrawn, elsewhere (a council outside London)."""

    class Meta:
        model = JobDescription
        skip_postgeneration_save = True

    role = factory.SubFactory(RoleFactory)
    title = factory.Sequence(lambda n: f"Job description {n}")
    borough = factory.LazyFunction(lambda: borough("camden"))
    council_name = factory.LazyAttribute(lambda jd: jd.borough.name if jd.borough else "Leeds City Council")
    salary_min = 40_000
    salary_max = 46_000
    london_weighting = "included"
    advertised_on = datetime.date(2025, 3, 3)
    external_url = factory.Sequence(lambda n: f"https://www.council.example/jobs/{n}")
    contributor_name = "Casey Contributor"
    contributor_email = factory.Sequence(lambda n: f"contributor{n}@council.example")
    state = "published"
    published_at = factory.LazyFunction(_jobs_timezone.now)

    class Params:
        pending = factory.Trait(state="pending", published_at=None)
        rejected = factory.Trait(state="rejected", published_at=None, rejection_reason="Not a digital role.")
        withdrawn = factory.Trait(state="withdrawn")
        elsewhere = factory.Trait(borough=None, council_name="Leeds City Council")

    @factory.post_generation
    def search_vector(jd, create, extracted, **kwargs):
        # What every write path in jobs does: keep the search text current.
        if create:
            JobDescription.objects.filter(pk=jd.pk).update_search_vectors()

    @factory.post_generation
    def salary_benchmarks(jd, create, extracted, **kwargs):
        # And the salary summary, at once: tests never commit, so on_commit would never come.
        if create and jd.state == "published":
            SalaryBenchmark.objects.rebuild()


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    job_description = factory.SubFactory(JobDescriptionFactory)
    body = "Mention the data protection training the role needs."
    name = "Sam Suggester"
    email = factory.Sequence(lambda n: f"suggester{n}@council.example")

    class Params:
        approved = factory.Trait(state="approved")


class VacancyFactory(factory.django.DjangoModelFactory):
    """Open for two more weeks, at Camden. Trait: closed (closed yesterday)."""

    class Meta:
        model = Vacancy

    role = factory.SubFactory(RoleFactory)
    title = factory.Sequence(lambda n: f"Vacancy {n}")
    borough = factory.LazyFunction(lambda: borough("camden"))
    council_name = factory.LazyAttribute(lambda v: v.borough.name if v.borough else "Leeds City Council")
    salary_min = 42_000
    salary_max = 48_000
    summary = "Join a small team making council services better with data."
    apply_url = factory.Sequence(lambda n: f"https://jobs.council.example/{n}")
    posted_on = factory.LazyFunction(lambda: _jobs_timezone.localdate() - datetime.timedelta(days=7))
    closing_on = factory.LazyFunction(lambda: _jobs_timezone.localdate() + datetime.timedelta(days=14))

    class Params:
        closed = factory.Trait(
            posted_on=factory.LazyFunction(lambda: _jobs_timezone.localdate() - datetime.timedelta(days=30)),
            closing_on=factory.LazyFunction(lambda: _jobs_timezone.localdate() - datetime.timedelta(days=1)),
        )


# Weeknotes -------------------------------------------------------------------

from weeknotes.models import WeekNote, monday_of  # noqa: E402


class WeekNoteFactory(factory.django.DjangoModelFactory):
    """A draft about a week some years back; trait: published."""

    class Meta:
        model = WeekNote

    week_starting = factory.Sequence(lambda n: monday_of(datetime.date(2024, 1, 1)) - datetime.timedelta(weeks=n))
    title = factory.Sequence(lambda n: f"Weeknote {n}")
    body = "### Projects\n\nBoroughs *enabled* Govroam."

    class Params:
        published = factory.Trait(status="published", published_at=factory.LazyFunction(_jobs_timezone.now))
