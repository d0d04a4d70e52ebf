import re

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from boroughs.models import Borough
from boroughs.rules import is_central_team
from ideas.forms import IdeaForm, VoteForm
from ideas.models import Call, Idea, Status, Vote
from ideas.reports import CallResults
from ideas.services import (
    IdeasRefused,
    SubmissionsClosed,
    change_refusal,
    idea_submit,
    idea_update,
    idea_withdraw,
    submissions_closed_message,
    vote_cast,
    vote_remove,
)

PAGE_SIZE = 25
PAST_CALLS = 10


# Calls and ideas -------------------------------------------------------------


def idea_list(request):
    """The current call and its ideas, then past calls with what came of them.

    Both lists are kept for signed-in people ({% cached_for %}), so the view
    hands them over unevaluated: a kept copy costs no query.
    """
    now = timezone.now()
    call = Call.objects.current(now).first()
    page = audience = None
    if call:
        ideas = (
            Idea.objects.visible_to(request.user)
            .filter(call=call)
            .select_related("theme", "borough")
            .only("title", "status", "submitted_at", "submitted_by", "theme__name", "borough__name")
            .order_by("-submitted_at", "pk")
        )
        page = SimpleLazyObject(lambda: Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page")))
        audience = _list_audience(request.user, call)
    chosen = (
        Idea.objects.filter(status=Status.SELECTED)
        .select_related("project")
        .only("title", "call", "project__title", "project__slug", "project__is_public")
        .order_by("title")
    )
    past = (
        Call.objects.past(now)
        .with_idea_counts()
        .prefetch_related(Prefetch("ideas", queryset=chosen, to_attr="chosen"))[:PAST_CALLS]
    )
    return render(
        request,
        "ideas/idea_list.html",
        {
            "call": call,
            "stage": call.stage(now) if call else None,
            "page": page,
            "audience": audience,
            "past_calls": past,
        },
    )


def _list_audience(user, call):
    """Who shares a copy of the call's list: its rows, and the "Your idea" marks on them.

    The central team sees every idea; anyone with an idea in the call sees
    their own withdrawn ones and marks, so has a copy of their own; everyone
    else sees the same rows.
    """
    if is_central_team(user):
        return "central team"
    if Idea.objects.by_submitter(user).filter(call=call).exists():
        return f"submitter {user.pk}"
    return "members"


def idea_detail(request, pk):
    idea = get_object_or_404(
        Idea.objects.visible_to(request.user).with_list_data().select_related("call", "project"), pk=pk
    )
    now = timezone.now()
    results = idea.call.results_published(now) and idea.shortlisted_at is not None
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "interested": idea.interested_boroughs.order_by("name"),
            "can_change": idea.submitted_by_id == request.user.pk and idea.is_open_to_changes(now),
            "see_review_note": rules.has_perm("ideas.see_review_note", request.user),
            "vote_count": idea.votes.count() if results else None,
            "show_project": idea.project and (idea.project.is_public or is_central_team(request.user)),
        },
    )


def _posted_call(request):
    """The call the form was written for (it carries its id), else the current one."""
    try:
        return Call.objects.opened().get(pk=int(request.POST.get("call", "")))
    except (ValueError, Call.DoesNotExist):
        return Call.objects.current().first()


def _closed(request, message, context):
    """A late post: refused, with everything typed shown back so it can be copied."""
    shown_back = IdeaForm(request.POST, read_only=True)
    shown_back.is_valid()
    shown_back.errors.clear()  # whatever else was wrong no longer matters: only the deadline does
    shown_back.add_error(None, message)
    return render(request, "ideas/idea_form.html", {**context, "form": shown_back, "closed": message}, status=409)


def idea_new(request):
    if request.method == "POST":
        call = _posted_call(request)
        context = {"call": call}
        if call is None or not call.is_open_for_ideas():
            message = submissions_closed_message(call) if call else "There is no open call for ideas."
            return _closed(request, message, context)
        form = IdeaForm(request.POST, call=call)
        if form.is_valid():
            boroughs, fields = form.domain_fields()
            try:
                idea = idea_submit(call=call, by=request.user, interested_boroughs=boroughs, **fields)
            except SubmissionsClosed as closed:
                return _closed(request, str(closed), context)
            messages.success(request, "Your idea has been submitted. We have emailed you a confirmation.")
            return redirect(idea)
        return render(request, "ideas/idea_form.html", {**context, "form": form}, status=400)
    call = Call.objects.current().first()
    if call is None or not call.is_open_for_ideas():
        return render(request, "ideas/submissions_closed.html", {"call": call})
    initial = {"interested_boroughs": [request.user.borough_id]} if request.user.borough_id else {}
    return render(request, "ideas/idea_form.html", {"call": call, "form": IdeaForm(initial=initial, call=call)})


def idea_edit(request, pk):
    idea = get_object_or_404(Idea.objects.by_submitter(request.user).select_related("call"), pk=pk)
    context = {"call": idea.call, "idea": idea}
    if refusal := change_refusal(idea):
        if request.method == "POST":
            return _closed(request, refusal, context)
        return render(request, "ideas/submissions_closed.html", {**context, "refusal": refusal})
    if request.method == "POST":
        form = IdeaForm(request.POST, instance=idea, submit="Save changes")
        if form.is_valid():
            boroughs, fields = form.domain_fields()
            try:
                idea_update(idea=idea, by=request.user, interested_boroughs=boroughs, **fields)
            except SubmissionsClosed as closed:
                return _closed(request, str(closed), context)
            messages.success(request, "Your changes have been saved.")
            return redirect(idea)
        return render(request, "ideas/idea_form.html", {**context, "form": form}, status=400)
    return render(request, "ideas/idea_form.html", {**context, "form": IdeaForm(instance=idea, submit="Save changes")})


def idea_withdraw_view(request, pk):
    idea = get_object_or_404(Idea.objects.by_submitter(request.user).select_related("call"), pk=pk)
    if request.method == "POST":
        try:
            idea_withdraw(idea=idea, by=request.user)
        except IdeasRefused as refused:
            return render(request, "ideas/idea_withdraw.html", {"idea": idea, "refused": str(refused)}, status=409)
        messages.success(request, f"You have withdrawn “{idea.title}”.")
        return redirect("ideas:list")
    return render(request, "ideas/idea_withdraw.html", {"idea": idea, "refused": change_refusal(idea)})


# Workshop voting -------------------------------------------------------------


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _voting_borough(request, data):
    """Whose votes the page shows and records: a CDIO's own borough; the central team's choice."""
    user = request.user
    if not rules.has_perm("ideas.see_tallies", user):
        return user.borough
    slug = data.get("borough", "")
    # Anything but a slug (a NUL byte, which PostgreSQL refuses in a query) names no borough.
    return Borough.objects.members().filter(slug=slug).first() if SLUG.fullmatch(slug) else None


def _workshop_context(request, call, borough):
    now = timezone.now()
    # The ballot, as the results page counts it: ideas selected since then stay on it.
    ideas = call.ideas.on_ballot().with_list_data().order_by("title", "pk")
    tallies = rules.has_perm("ideas.see_tallies", request.user)
    if tallies:
        ideas = ideas.with_vote_counts()
    voted = set(Vote.objects.in_call(call).by_borough(borough).values_list("idea_id", flat=True)) if borough else set()
    context = {
        "call": call,
        "stage": call.stage(now),
        "ideas": ideas,
        "borough": borough,
        "voted": voted,
        "votes_left": max(call.votes_per_borough - len(voted), 0),
        "can_vote": borough is not None and rules.has_perm("ideas.vote_for_borough", request.user, borough),
        "tallies": tallies,
    }
    if tallies:
        context["member_boroughs"] = (
            Borough.objects.members()
            .annotate(votes_used=Count("idea_votes", filter=Q(idea_votes__idea__call=call)))
            .order_by("name")
        )
    return context


def workshop(request, slug):
    call = get_object_or_404(Call.objects.opened(), slug=slug)
    borough = _voting_borough(request, request.GET)
    return render(request, "ideas/workshop.html", _workshop_context(request, call, borough))


def _refused_vote_context(request, call, borough, form):
    """The workshop page again, its error summary linking to the first vote button (else the shortlist)."""
    context = _workshop_context(request, call, borough)
    target = "id_borough" if context["tallies"] else "shortlist"
    if context["can_vote"] and context["stage"] == "voting":
        target = next(
            (f"vote-{idea.pk}" for idea in context["ideas"] if idea.pk in context["voted"] or context["votes_left"]),
            target,
        )
    return {**context, "form": form, "error_target": target}


@require_POST
def vote(request, slug):
    call = get_object_or_404(Call.objects.opened(), slug=slug)
    if not rules.has_perm("ideas.cast_votes", request.user):
        raise PermissionDenied("Only a borough's CDIO, or the central team, records its votes.")
    form = VoteForm(call, request.POST)
    staff = rules.has_perm("ideas.see_tallies", request.user)
    if form.is_valid():
        chosen = form.cleaned_data["borough"]
        borough = chosen if staff else chosen or request.user.borough
        if borough is None:
            form.add_error("borough", "Choose the borough whose vote you are recording")
        elif not rules.has_perm("ideas.vote_for_borough", request.user, borough):
            # Another borough's votes are not theirs to see or change: as if there were none.
            raise Http404("A CDIO casts only their own borough's votes.")
    if not form.is_valid():
        context = _refused_vote_context(request, call, _voting_borough(request, request.POST), form)
        return render(request, "ideas/workshop.html", context, status=400)
    idea, casting = form.cleaned_data["idea"], form.cleaned_data["action"] == "cast"
    try:
        if casting:
            vote_cast(idea=idea, borough=borough, by=request.user)
        else:
            vote_remove(idea=idea, borough=borough, by=request.user)
    except IdeasRefused as refused:
        form.add_error(None, str(refused))
        context = _refused_vote_context(request, call, borough, form)
        return render(request, "ideas/workshop.html", context, status=409)
    if casting:
        messages.success(request, f"{borough.name}’s vote for “{idea.title}” is recorded.")
    else:
        messages.success(request, f"{borough.name}’s vote for “{idea.title}” has been removed.")
    url = reverse("ideas:workshop", kwargs={"slug": call.slug})
    return redirect(f"{url}?borough={borough.slug}" if staff else url)


# Results ---------------------------------------------------------------------


@login_not_required
# The stage turns on a clock (voting closes, results publish): a stored copy lasts a minute at most.
@cache_control(max_age=60)
def results(request, slug):
    """Published when voting closes: the ideas on the ballot, most votes first. Public, like the portfolio.

    Kept for signed-in people ({% cached_for %}): the view reads only the call.
    """
    call = get_object_or_404(Call.objects.opened(), slug=slug)
    published = call.results_published()
    context = {
        "call": call,
        "published": published,
        "perms_see_tallies": rules.has_perm("ideas.see_tallies", request.user),
        # Nothing of the ballot is read, or shown, before voting closes.
        "results": CallResults(call) if published else None,
    }
    return render(request, "ideas/results.html", context)
