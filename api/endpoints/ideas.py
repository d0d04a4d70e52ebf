from itertools import groupby

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from api.endpoints.common import DETAIL_ERRORS, LIST_ERRORS, PageNumber, Slug, borough_ref
from api.pagination import absolute, page_of, top_links
from api.schemas import IdeaCallDetail, IdeaCallPage
from ideas.models import Call, Idea, Status

router = Router(tags=["Ideas"])

OUTCOMES = {Status.SELECTED: "selected", Status.NOT_PROGRESSED: "not_progressed"}


def _results(calls):
    """{call id: its results, most votes first}: one query for every call on the page.

    Ranked here rather than by the database's window function, which would
    rank the ideas of all the calls together; ties share a rank (1, 2, 2, 4).
    """
    ideas = (
        Idea.objects.filter(call__in=calls)
        .on_ballot()
        .with_vote_counts()
        .select_related("theme", "borough", "project")
        .order_by("call_id", "-vote_count", "title", "pk")
    )
    results = {}
    for call_id, rows in groupby(ideas, key=lambda idea: idea.call_id):
        rows = list(rows)
        ranked = []
        for position, idea in enumerate(rows, start=1):
            rank = ranked[-1]["rank"] if ranked and ranked[-1]["votes"] == idea.vote_count else position
            ranked.append(
                {
                    "rank": rank,
                    "tied": sum(1 for other in rows if other.vote_count == idea.vote_count) > 1,
                    "title": idea.title,
                    "theme": idea.theme.name,
                    "borough": borough_ref(idea.borough),
                    "votes": idea.vote_count,
                    "outcome": OUTCOMES.get(idea.status, "to_be_decided"),
                    "project": idea.project.slug if idea.project and idea.project.is_public else None,
                }
            )
        results[call_id] = ranked
    return results


def _call(request, call, results):
    return {
        "slug": call.slug,
        "title": call.title,
        "workshop_on": call.workshop_on,
        "voting_closed_at": call.voting_closes_at,
        "votes_per_borough": call.votes_per_borough,
        "results": results.get(call.pk, []),
        "links": {"html": absolute(request, call.get_absolute_url())},
    }


@router.get("/idea-calls/", response={200: IdeaCallPage, **LIST_ERRORS}, url_name="idea_calls")
def idea_calls(request, page: int = PageNumber):
    """Calls for ideas whose workshop vote has closed, newest first, each with its published results."""
    rows, envelope = page_of(request, Call.objects.past(), page)
    results = _results(rows)
    # No public page lists past calls, so the HTML link is this endpoint's documentation.
    docs = reverse("api:docs") + "#idea-calls"
    return {**envelope, "results": [_call(request, c, results) for c in rows], "links": top_links(request, docs)}


@router.get("/idea-calls/{slug}/", response={200: IdeaCallDetail, **DETAIL_ERRORS}, url_name="idea_call")
def idea_call(request, slug: str = Slug):
    found = get_object_or_404(Call.objects.past(), slug=slug)
    return {**_call(request, found, _results([found])), "links": top_links(request, found.get_absolute_url())}
