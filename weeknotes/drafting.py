"""A weeknote's first draft, in markdown, from what changed on the portal in one week.

One function per section, in the order LOTI writes its weeknotes: project
updates, commitments, key results, jobs, ideas, then "Coming up" for the team
to write. Each returns its markdown, or "" when the week gave it nothing.

Only what the public pages show goes in: public projects (the same
`Project.objects.public()` the project pages use), published quarters,
published job descriptions, vacancies on the board, and of ideas only counts
and the titles a call's published results name. The team reads the draft
before anyone else does, but a draft that never holds anything private cannot
leak it by a slip.

What moved in a week is read from the history every commitment, project and
key result keeps (django-simple-history): the state as it was when the week
began against the state when it ended.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils.formats import date_format

from ideas.models import Call, Idea, Status, Vote
from jobs.models import JobDescription, Vacancy
from okrs.models import CheckIn, KeyResult
from projects.models import (
    DeliverableStatus,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
)
from weeknotes.models import week_bounds

DELETED = "-"  # simple_history's history_type for a deleted row


@dataclass(frozen=True)
class Week:
    monday: date
    start: datetime  # aware, London time, inclusive
    end: datetime  # the next Monday, exclusive

    @classmethod
    def starting(cls, monday):
        return cls(monday, *week_bounds(monday))

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)

    def contains(self, field):
        """Lookups for a datetime field inside the week."""
        return {f"{field}__gte": self.start, f"{field}__lt": self.end}

    def contains_day(self, field):
        """Lookups for a date field inside the week."""
        return {f"{field}__gte": self.monday, f"{field}__lte": self.sunday}


def title_for(monday):
    """As LOTI titles them: "Weeknote 49 of 2026", by the ISO week number."""
    year, number, _ = monday.isocalendar()
    return f"Weeknote {number} of {year}"


def draft(monday):
    """The title and markdown body of a first draft for the week starting `monday`."""
    week = Week.starting(monday)
    sections = [project_updates(week), commitments(week), key_results(week), jobs(week), ideas(week), coming_up()]
    return title_for(monday), "\n\n".join(section for section in sections if section).strip() + "\n"


def link(obj, text=None):
    """A markdown link to an object's page, absolute so that it works in the email too."""
    label = str(text if text is not None else obj).replace("[", "(").replace("]", ")")
    return f"[{label}]({settings.SITE_URL}{obj.get_absolute_url()})"


def noun(count, singular, plural_form=None):
    return singular if count == 1 else plural_form or singular + "s"


def plural(count, singular, plural_form=None):
    """'1 borough', '3 boroughs'."""
    return f"{count} {noun(count, singular, plural_form)}"


def number(value):
    """A Decimal as people write it: 40, not 40.00; 12.5 stays 12.5."""
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def as_at(history, moment):
    """Each row's historical record as it stood just before `moment`: {row id: record}, deleted rows left out.

    One query, newest first, keeping each row's first record: it runs on the SQLite demo too,
    where DISTINCT ON does not, and only rows changed in the week are asked about.
    """
    newest = {}
    for record in history.filter(history_date__lt=moment).order_by("id", "-history_date", "-history_id"):
        newest.setdefault(record.id, record)
    return {row_id: record for row_id, record in newest.items() if record.history_type != DELETED}


# Sections --------------------------------------------------------------------


def project_updates(week):
    """Updates posted on public projects, and each public project whose phase or health changed."""
    public = Project.objects.public()
    updates = list(
        ProjectUpdate.objects.filter(project__in=public, **week.contains("published_at"))
        .select_related("project")
        .order_by("project__title", "published_at")
    )
    changed_ids = set(
        Project.history.filter(id__in=public.values("pk"), **week.contains("history_date")).values_list("id", flat=True)
    )
    history = Project.history.filter(id__in=changed_ids)
    before, after = as_at(history, week.start), as_at(history, week.end)
    moves = []
    for project in public.filter(pk__in=changed_ids).order_by("title"):
        was, now = before.get(project.pk), after.get(project.pk)
        if now is None:
            continue
        if was is None:
            moves.append(f"- New project: {link(project)}, in {project.get_phase_display().lower()}.")
            continue
        changes = []
        if was.phase != now.phase:
            changes.append(f"moved from {was.get_phase_display().lower()} to {now.get_phase_display().lower()}")
        if was.health != now.health:
            changes.append(f"is now {now.get_health_display().lower()} (was {was.get_health_display().lower()})")
        if changes:
            moves.append(f"- {link(project)} {' and '.join(changes)}.")
    if not updates and not moves:
        return ""
    lines = ["### Project updates"]
    if updates:
        lines.append("")
        lines += [f"- {link(u.project)}: {link(u, u.title)}" for u in updates]
    if moves:
        lines.append("")
        lines += moves
    return "\n".join(lines)


# The three kinds of commitment row, each with the path from it to its project.
COMMITMENT_KINDS = (
    (DeliverableStatus, "deliverable"),
    (MeasureContribution, "measure"),
    (Signatory, "agreement"),
)


def commitments(week):
    """Per public project: how many boroughs updated their commitments, and what moved.

    "Updated" counts every borough that saved a row in the week, a row
    confirmed unchanged included, as the project page's "last updated" does.
    What moved is the state at the week's end against its start: boroughs
    that finished a deliverable, places pledged, signatures added.
    """
    public_ids = set(Project.objects.public().values_list("pk", flat=True))
    updated = defaultdict(set)  # project id -> boroughs that saved a row
    for model, parent in COMMITMENT_KINDS:
        rows = model.history.filter(**{f"{parent}__project__in": public_ids}, **week.contains("history_date"))
        for project_id, borough_id in rows.values_list(f"{parent}__project_id", "borough_id"):
            updated[project_id].add(borough_id)
    if not updated:
        return ""
    projects = Project.objects.filter(pk__in=updated).prefetch_related("deliverables", "measures", "agreements")
    taking_part = defaultdict(set)
    for project_id, borough_id in Participation.objects.filter(project__in=updated).values_list(
        "project_id", "borough_id"
    ):
        taking_part[project_id].add(borough_id)
    moves = defaultdict(list)
    _deliverable_moves(week, updated, taking_part, moves)
    _measure_moves(week, updated, moves)
    _agreement_moves(week, updated, moves)

    lines = ["### Commitments"]
    for project in sorted(projects, key=lambda p: p.title):
        boroughs = len(updated[project.pk] - {None})
        bodies = " (and other signatories)" if None in updated[project.pk] else ""
        who = f"{plural(boroughs, 'borough')} updated their commitments{bodies}" if boroughs else "Signatories updated"
        lines += ["", f"**{link(project)}**: {who}."]
        if moves[project.pk]:
            lines.append("")
            lines += [f"- {move}" for move in moves[project.pk]]
    return "\n".join(lines)


def _deliverable_moves(week, project_ids, taking_part, moves):
    """'3 more boroughs completed Govroam: 22 of 25', of the boroughs taking part, as the project's matrix counts."""
    history = DeliverableStatus.history.filter(deliverable__project__in=project_ids)
    projects = Project.objects.filter(pk__in=project_ids).prefetch_related("deliverables")
    project_of = {d.pk: p.pk for p in projects for d in p.deliverables.all()}

    def add(tally, record):
        boroughs = taking_part[project_of.get(record.deliverable_id)]
        done = record.state == DeliverableStatus.State.DONE
        tally[record.deliverable_id] += done and record.borough_id in boroughs

    before, after = _tallies_before_and_after(week, history, add)
    for project in projects:
        for deliverable in project.deliverables.all():
            change = after[deliverable.pk] - before[deliverable.pk]
            if change:
                more = "more" if change > 0 else "fewer"
                moves[project.pk].append(
                    f"{abs(change)} {more} {noun(abs(change), 'borough')} completed {deliverable.name}: "
                    f"{after[deliverable.pk]} of {len(taking_part[project.pk])}"
                )


def _tallies_before_and_after(week, history, add):
    """Two tallies of the rows' records, as the week began and as it ended; add(tally, record) counts one."""
    tallies = []
    for moment in (week.start, week.end):
        tally = defaultdict(int)
        for record in as_at(history, moment).values():
            add(tally, record)
        tallies.append(tally)
    return tallies


def _measure_moves(week, project_ids, moves):
    """'12 more digital apprenticeship places pledged: 63 of 100'."""
    history = MeasureContribution.history.filter(measure__project__in=project_ids)

    def add(tally, record):
        tally[record.measure_id] += record.value

    before, after = _tallies_before_and_after(week, history, add)
    for project in Project.objects.filter(pk__in=project_ids).prefetch_related("measures"):
        for measure in project.measures.all():
            change = after[measure.pk] - before[measure.pk]
            if change:
                more = "more" if change > 0 else "fewer"
                moves[project.pk].append(
                    f"{abs(change)} {more} {measure.unit} pledged to {measure.name}: "
                    f"{after[measure.pk]} of {measure.target}"
                )


def _agreement_moves(week, project_ids, moves):
    """'2 more signatures on the Pan-London ISA: 14 of 20 signed'."""
    history = Signatory.history.filter(agreement__project__in=project_ids)
    signed, parties = [], defaultdict(int)
    for moment in (week.start, week.end):
        tally = defaultdict(int)
        for record in as_at(history, moment).values():
            tally[record.agreement_id] += record.state == Signatory.State.SIGNED
            if moment == week.end:
                parties[record.agreement_id] += 1
        signed.append(tally)
    before, after = signed
    for project in Project.objects.filter(pk__in=project_ids).prefetch_related("agreements"):
        for agreement in project.agreements.all():
            change = after[agreement.pk] - before[agreement.pk]
            if change:
                more = "more" if change > 0 else "fewer"
                moves[project.pk].append(
                    f"{abs(change)} {more} {noun(abs(change), 'signature')} on {agreement.title}: "
                    f"{after[agreement.pk]} of {parties[agreement.pk]} signed"
                )


def key_results(week):
    """Key results of published quarters that moved (a check-in dated in the week) or whose status changed."""
    public = KeyResult.objects.filter(quarter__is_published=True)
    check_ins = list(
        CheckIn.objects.filter(key_result__in=public, **week.contains_day("checked_on"))
        .select_related("key_result__quarter")
        .order_by("key_result__quarter__starts_on", "key_result__number", "checked_on", "pk")
    )
    latest = {}  # key result id -> its last check-in of the week
    for check_in in check_ins:
        latest[check_in.key_result_id] = check_in
    earlier = {}  # key result id -> its value at its last check-in before the week
    for key_result_id, value in (
        CheckIn.objects.filter(key_result__in=latest, checked_on__lt=week.monday)
        .order_by("key_result_id", "-checked_on", "-pk")
        .values_list("key_result_id", "value")
    ):
        earlier.setdefault(key_result_id, value)
    changed_ids = set(
        KeyResult.history.filter(id__in=public.values("pk"), **week.contains("history_date")).values_list(
            "id", flat=True
        )
    )
    history = KeyResult.history.filter(id__in=changed_ids)
    was, now = as_at(history, week.start), as_at(history, week.end)
    statuses = {}
    for kr_id in changed_ids:
        if kr_id in now and kr_id in was and now[kr_id].status != was[kr_id].status:
            statuses[kr_id] = now[kr_id].get_status_display().lower()
    results = public.filter(pk__in={*latest, *statuses}).select_related("quarter")
    lines = []
    for kr in results.order_by("quarter__starts_on", "number"):
        parts = []
        if kr.pk in latest:
            value, target = latest[kr.pk].value, kr.target
            unit = "%" if kr.unit == "%" else f" {kr.unit}"
            start = earlier.get(kr.pk)
            moved = f"from {number(start)} " if start is not None and start != value else ""
            parts.append(f"moved {moved}to {number(value)}{unit} of {number(target)}{unit}")
        if kr.pk in statuses:
            parts.append("is done" if statuses[kr.pk] == "done" else f"is now {statuses[kr.pk]}")
        lines.append(f"- {kr.quarter} key result {link(kr)} {' and '.join(parts)}.")
    if not lines:
        return ""
    return "\n".join(["### Key results", "", *lines])


def jobs(week):
    """Job descriptions published into the library, and vacancies put on the board."""
    described = list(
        JobDescription.objects.published().filter(**week.contains("published_at")).with_list_data().order_by("title")
    )
    posted = list(
        Vacancy.objects.filter(is_published=True, **week.contains_day("posted_on"))
        .with_list_data()
        .order_by("closing_on", "title")
    )
    if not described and not posted:
        return ""
    lines = ["### Jobs"]
    if described:
        lines += ["", f"{plural(len(described), 'job description')} joined the library:", ""]
        lines += [f"- {link(jd, f'{jd.title}, {jd.council_name}')}" for jd in described]
    if posted:
        lines += ["", f"{plural(len(posted), 'vacancy', 'vacancies')} went on the jobs board:", ""]
        lines += [
            f"- {link(v, f'{v.title}, {v.council_name}')}, closing {date_format(v.closing_on, 'j F Y')}" for v in posted
        ]
    return "\n".join(lines)


def ideas(week):
    """Ideas submitted, shortlisted and chosen, and votes cast, per call.

    Ideas' own pages are for members only, so the draft counts them; it names
    only those a call's published results name.
    """
    calls = {call.pk: call for call in Call.objects.opened()}
    in_calls = Idea.objects.not_withdrawn().filter(call__in=calls)
    submitted = dict(
        in_calls.filter(**week.contains("submitted_at")).values_list("call").annotate(n=Count("pk")).order_by()
    )
    shortlisted = dict(
        in_calls.filter(**week.contains("shortlisted_at")).values_list("call").annotate(n=Count("pk")).order_by()
    )
    chosen = defaultdict(list)
    for idea in in_calls.filter(status=Status.SELECTED, **week.contains("status_changed_at")).order_by("title"):
        chosen[idea.call_id].append(idea)
    votes = {
        row["idea__call"]: row
        for row in Vote.objects.filter(idea__call__in=calls, **week.contains("cast_at"))
        .values("idea__call")
        .annotate(n=Count("pk"), boroughs=Count("borough", distinct=True))
        .order_by()
    }
    lines = []
    for call_id in sorted({*submitted, *shortlisted, *chosen, *votes}, key=lambda pk: calls[pk].opens_at):
        call = calls[call_id]
        parts = []
        if n := submitted.get(call_id):
            parts.append(f"{plural(n, 'idea')} submitted")
        if n := shortlisted.get(call_id):
            parts.append(f"{plural(n, 'idea')} shortlisted for the vote")
        if row := votes.get(call_id):
            parts.append(f"{plural(row['n'], 'vote')} cast by {plural(row['boroughs'], 'borough')}")
        if picked := chosen.get(call_id):
            if call.results_published():
                parts.append("chosen to go ahead: " + ", ".join(f"“{idea.title}”" for idea in picked))
            else:
                parts.append(f"{plural(len(picked), 'idea')} chosen to go ahead")
        lines.append(f"- {link(call)}: {'; '.join(parts)}.")
    if not lines:
        return ""
    return "\n".join(["### Ideas", "", *lines])


def coming_up():
    """The heading only: what comes next is the team's to write."""
    return "### Coming up"
