from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_POST

from govuk.exports import csv_response
from projects.filters import ProjectFilter
from projects.forms import CommitmentsForm, ProjectUpdateForm
from projects.models import DeliverableStatus, Participation, Project, project_audience
from projects.reports import (
    BoroughReport,
    BoroughTasks,
    ProjectDashboard,
    TaskListPage,
    project_for_page,
    project_updates,
)
from projects.services import CommitmentConflict, commitments_save, follow_set, project_update_publish

PAGE_SIZE = 25


def filtered_projects(request):
    projects = Project.objects.visible_to(request.user).with_list_data().order_by("title")
    return ProjectFilter(request.GET or None, queryset=projects, request=request)


@login_not_required
def project_list(request):
    project_filter = filtered_projects(request)
    # Counted and read only when the kept copy of the list is gone (pagecache/fragments.py).
    page = SimpleLazyObject(lambda: Paginator(project_filter.qs, PAGE_SIZE).get_page(request.GET.get("page")))
    context = {"filter": project_filter, "page": page, "audience": project_audience(request.user)}
    return render(request, "projects/project_list.html", context)


@login_not_required
def project_export(request):
    projects = filtered_projects(request).qs
    site = settings.SITE_URL
    rows = (
        (
            p.title,
            p.theme.name,
            p.lead_borough.name if p.lead_borough else "",
            p.get_phase_display(),
            p.get_health_display(),
            p.summary,
            timezone.localtime(p.last_updated_at).date().isoformat(),
            f"{site}{p.get_absolute_url()}",
        )
        for p in projects.iterator(chunk_size=500)
    )
    header = ["Title", "Theme", "Lead borough", "Phase", "Health", "Summary", "Last updated", "Link"]
    return csv_response("loti-projects.csv", header, rows)


@login_not_required
def project_detail(request, slug):
    project = project_for_page(slug, request.user)
    if project is None:
        raise Http404("No project with that address that you may see.")
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            # Read only when the kept copy of the part showing them is gone (pagecache/fragments.py).
            "dashboard": SimpleLazyObject(lambda: ProjectDashboard(project)),
            "updates": SimpleLazyObject(lambda: project_updates(project)),
            "following": project.is_followed,
            "can_post_update": request.user.has_perm("projects.post_update", project),
        },
    )


@login_not_required
def project_boroughs_export(request, slug):
    """The project page's table of boroughs as CSV: the same statuses, worked out the same way."""
    project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
    dashboard = ProjectDashboard(project)

    def commitments(row):
        return "; ".join(
            [
                *(f"{d.name}: {DeliverableStatus.State(state).label}" for d, state in row.deliverables),
                *(f"{value} {measure.unit} pledged ({measure.name})" for measure, value in row.pledges),
                *(f"{s.agreement.title}: {s.get_state_display()}" for s in row.signatures),
            ]
        )

    rows = (
        (
            row.borough.name,
            row.participation.get_role_display(),
            row.status.label,
            commitments(row),
            row.participation.note,
            timezone.localtime(row.last_changed_at).date().isoformat() if row.last_changed_at else "",
        )
        for row in dashboard.rows
    )
    header = ["Borough", "Role", "Status", "Commitments", "Note", "Last changed"]
    return csv_response(f"loti-{project.slug}-boroughs.csv", header, rows)


def my_borough(request):
    """Report once: a GOV.UK task list of every project the borough takes part in.

    It draws no form fields, only each project's state and when it was last
    checked, so a borough in hundreds of projects gets a quick page; each
    project's commitments are answered on its own question page. The list
    is read lazily (TaskListPage): the template keeps it per borough.
    """
    if not request.user.has_perm("projects.report_commitments"):
        raise PermissionDenied("Only editors and CDIOs of a borough report its commitments.")
    context = {
        "borough": request.user.borough,
        "tasks": TaskListPage(request.user.borough, request.GET.get("page")),
        "stale_after_days": settings.COMMITMENT_STALE_AFTER_DAYS,
    }
    return render(request, "projects/my_borough.html", context)


class UnsentForm:
    """A form built only when first used: before that, as an unbound form, it has no errors.

    base.html asks every page's form for its errors (for the page title):
    that alone must not build a form whose fields are kept drawn. Not a
    SimpleLazyObject: the template engine's isinstance() checks would build it.
    """

    errors = {}
    is_bound = False

    def __init__(self, build):
        self._build = build

    @cached_property
    def _form(self):
        return self._build()

    def __getattr__(self, name):
        return getattr(self._form, name)

    def __getitem__(self, name):
        if name == "errors":  # the template engine tries form["errors"] before form.errors
            raise KeyError(name)
        return self._form[name]


def my_borough_project(request, slug):
    """One project's commitments for the borough: save and continue, or confirm nothing has changed."""
    participation = get_object_or_404(
        Participation.objects.editable_by(request.user).select_related("project", "borough", "updated_by"),
        project__slug=slug,
    )
    project = participation.project
    borough = participation.borough  # the person's own (editable_by): read with it, not in a query of its own
    context = {"project": project, "participation": participation, "borough": borough, "bound": False}
    if request.method != "POST":
        # Read only if the template draws the fields: a kept copy of them needs no report.
        context["form"] = UnsentForm(lambda: CommitmentsForm(BoroughReport(borough, participations=[participation])))
        return render(request, "projects/my_borough_project.html", context)

    report = BoroughReport(borough, participations=[participation])
    context |= {"report": report, "bound": True}
    form = CommitmentsForm(report, request.POST)
    context["form"] = form
    confirming = request.POST.get("action") == "confirm"
    if form.is_valid() and confirming and form.has_changed_answers():
        form.add_error(None, "You have changed some answers. To keep them, choose Save and continue")
    if not form.is_valid():
        return render(request, "projects/my_borough_project.html", context, status=400)
    try:
        saved = commitments_save(changes=form.changes(), by=request.user)
    except CommitmentConflict as conflict:
        form.bump_versions(conflict.conflicts)
        context["conflicts"] = form.conflict_lines(conflict.conflicts)
        return render(request, "projects/my_borough_project.html", context, status=409)
    if confirming or not saved:
        done = f"{project.title}: marked as checked, nothing changed."
    else:
        done = f"{project.title}: saved {saved} change{'s' if saved != 1 else ''}."
    following = BoroughTasks(borough).next_to_check(after=project)
    if following is None:
        messages.success(request, f"{done} Every project is up to date.")
        return redirect("projects:my_borough")
    messages.success(request, done)
    return redirect("projects:my_borough_project", slug=following.project.slug)


def update_new(request, slug):
    project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
    if not request.user.has_perm("projects.post_update", project):
        raise Http404("Only the lead borough's CDIO and the central team post updates.")
    if request.method == "POST":
        form = ProjectUpdateForm(request.POST)
        if form.is_valid():
            project_update_publish(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, "Update published. Followers are being emailed.")
            return redirect(project)
        status = 400
    else:
        form = ProjectUpdateForm(initial={"phase": project.phase, "health": project.health})
        status = 200
    return render(request, "projects/projectupdate_form.html", {"form": form, "project": project}, status=status)


@require_POST
def follow(request, slug):
    project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
    following = request.POST.get("follow") == "yes"
    follow_set(user=request.user, project=project, following=following)
    messages.success(
        request,
        f"You will be emailed when {project.title} posts an update."
        if following
        else f"You no longer follow {project.title}.",
    )
    return redirect(project)
