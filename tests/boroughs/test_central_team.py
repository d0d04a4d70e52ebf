"""The central team is defined once (User.is_central_team); the query and the rule say the same."""

import pytest
from django.contrib.auth.models import AnonymousUser

from boroughs.models import User
from boroughs.rules import is_central_team
from tests.factories import UserFactory


@pytest.mark.parametrize(("is_staff", "is_active"), [(True, True), (True, False), (False, True), (False, False)])
def test_the_property_the_query_and_the_rule_agree(db, is_staff, is_active):
    user = UserFactory(central_team=is_staff, is_active=is_active)
    expected = is_staff and is_active
    assert user.is_central_team is expected
    assert User.objects.central_team().filter(pk=user.pk).exists() is expected
    assert is_central_team(user) is expected


def test_anonymous_visitors_are_not_the_central_team():
    assert is_central_team(AnonymousUser()) is False
