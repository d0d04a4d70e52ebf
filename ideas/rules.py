"""Who may do what in the ideas bank: used by the views, the templates and the tests alike."""

import rules

from boroughs.rules import is_borough_cdio, is_central_team


@rules.predicate
def is_submitter(user, idea):
    return user.is_authenticated and idea is not None and idea.submitted_by_id == user.pk


@rules.predicate
def is_cdio_of(user, borough):
    return is_borough_cdio(user) and borough is not None and user.borough_id == borough.pk


# Votes are cast by a borough's CDIO, or recorded for any borough by the central team in the room.
rules.add_perm("ideas.cast_votes", is_borough_cdio | is_central_team)
rules.add_perm("ideas.vote_for_borough", is_cdio_of | is_central_team)
# Running counts while voting is open, and the staff-only review note.
rules.add_perm("ideas.see_tallies", is_central_team)
rules.add_perm("ideas.see_review_note", is_central_team)
