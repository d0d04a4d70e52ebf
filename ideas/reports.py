"""A call's published results as its page shows them, each part read when first drawn.

The results page is kept for signed-in people ({% cached_for %}), so the view
hands this over unread: a kept copy reads nothing. Drawn afresh, the ballot is
one query with only the columns the table shows, and the votes one more, as
(idea, borough) pairs rather than a model instance for each vote and borough.
The votes give each idea's count and rank too (as IdeaQuerySet.ranked would),
so the ballot's query needs no join to them, no grouping and no window.
"""

from collections import Counter, defaultdict
from functools import cached_property

from ideas.models import Vote


class CallResults:
    def __init__(self, call):
        self.call = call

    @cached_property
    def ideas(self):
        """The ballot, most votes first: each idea's rank, whether it is `tied`, and its `voters` (names, A to Z)."""
        ideas = list(
            self.call.ideas.on_ballot()
            .select_related("theme", "borough", "project")
            .only(
                "title",
                "status",
                "theme__name",
                "borough__name",
                "project__title",
                "project__slug",
                "project__is_public",
            )
            .order_by("title", "pk")  # the database's collation, as ranked() orders ties
        )
        for idea in ideas:
            idea.voters = self._voters.get(idea.pk, [])
            idea.vote_count = len(idea.voters)
        ideas.sort(key=lambda idea: -idea.vote_count)  # stable: ties stay in title order
        # Ideas with as many votes share a rank (1, 2, 2, 4).
        counts = Counter(idea.vote_count for idea in ideas)
        rank, previous = 0, None
        for position, idea in enumerate(ideas, start=1):
            if idea.vote_count != previous:
                rank, previous = position, idea.vote_count
            idea.rank, idea.tied = rank, counts[idea.vote_count] > 1
        return ideas

    @cached_property
    def _votes(self):
        return list(
            Vote.objects.in_call(self.call)
            .order_by("borough__name")
            .values_list("idea_id", "borough_id", "borough__name")
        )

    @cached_property
    def _voters(self):
        voters = defaultdict(list)
        for idea_id, _, name in self._votes:
            voters[idea_id].append(name)
        return voters

    @cached_property
    def vote_total(self):
        return sum(idea.vote_count for idea in self.ideas)

    @cached_property
    def borough_count(self):
        """How many boroughs voted for anything on the ballot."""
        ballot = {idea.pk for idea in self.ideas}
        return len({borough_id for idea_id, borough_id, _ in self._votes if idea_id in ballot})
