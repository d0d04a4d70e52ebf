"""Minimal factory-boy factories: required fields, sequences for unique ones, traits for states.

Boroughs are loaded by a data migration, so factories look them up by slug
rather than inventing new ones.
"""

import factory

from boroughs.groups import central_team_group
from boroughs.models import Borough, User

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
