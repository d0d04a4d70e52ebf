"""Object permissions for boroughs and accounts, shared by views, templates and the admin."""

import rules

from boroughs.models import User


@rules.predicate
def is_central_team(user):
    """Anyone, signed in or not: User.is_central_team says who the central team is."""
    return user.is_authenticated and user.is_central_team


@rules.predicate
def is_borough_editor(user):
    """An editor or a CDIO: someone who may update their borough's commitments."""
    return user.is_authenticated and user.borough_id is not None and user.role in (User.Role.EDITOR, User.Role.CDIO)


@rules.predicate
def is_borough_cdio(user):
    return user.is_authenticated and user.borough_id is not None and user.role == User.Role.CDIO


@rules.predicate
def belongs_to_borough(user, borough):
    return user.is_authenticated and borough is not None and user.borough_id == borough.pk


# Who may see the names and roles of a borough's people on its page.
rules.add_perm("boroughs.view_borough_team", is_central_team | belongs_to_borough)
