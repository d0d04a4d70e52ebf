"""The pages `make bench` measures, each with the admin changelist it compares to.

Paths are built from data both the small and the production datasets have,
so the same page is measured at both sizes.
"""

from dataclasses import dataclass

from django.urls import reverse

from boroughs.models import User
from ideas.models import Call
from jobs.models import Role
from okrs.models import KeyResult, Quarter
from projects.models import Project
from projects.reports import BoroughTasks


@dataclass
class Page:
    name: str
    path: str
    admin_path: str | None = None  # the Django admin's changelist of the same model, same page size
    user: str | None = None  # email of the user to sign in as, if the page needs one
    target: float = 5  # served within this many times the floor's median


def portal_pages():
    project = Project.objects.filter(slug__startswith="bench-project-").order_by("slug").first()
    cdio = User.objects.filter(role=User.Role.CDIO, email__startswith="bench").order_by("pk").first()
    # The first project on the CDIO's task list: the question page a CDIO opens first.
    first_task = BoroughTasks(cdio.borough).participations().first()
    quarter = Quarter.objects.get(year=1, number=1)
    key_result = KeyResult.objects.get(quarter=quarter, number=1)
    role = Role.objects.filter(slug__startswith="bench-role-").order_by("slug").first()
    call = Call.objects.filter(slug__startswith="bench-call-").order_by("slug").first()
    return [
        Page("Home", "/"),
        Page("Projects list", "/projects/", "/admin/projects/project/"),
        Page(
            "Project page (33 boroughs)",
            project.get_absolute_url(),
            f"/admin/projects/participation/?project__id__exact={project.pk}",
        ),
        Page(
            "My borough task list",
            "/projects/my-borough/",
            f"/admin/projects/participation/?borough__id__exact={cdio.borough_id}",
            user=cdio.email,
        ),
        Page(
            "My borough question page",
            reverse("projects:my_borough_project", kwargs={"slug": first_task.project.slug}),
            f"/admin/projects/deliverablestatus/?borough__id__exact={cdio.borough_id}"
            f"&deliverable__project__id__exact={first_task.project_id}",
            user=cdio.email,
        ),
        Page("OKR quarter page", quarter.get_absolute_url(), f"/admin/okrs/keyresult/?quarter__id__exact={quarter.pk}"),
        Page(
            "Key result page",
            key_result.get_absolute_url(),
            f"/admin/okrs/checkin/?key_result__id__exact={key_result.pk}",
        ),
        Page("JD library", "/jobs/", "/admin/jobs/jobdescription/"),
        Page("JD search", "/jobs/?q=data+analyst", "/admin/jobs/jobdescription/?q=data+analyst"),
        Page(
            "JD filtered list",
            f"/jobs/?family={role.family.slug}&weighting=included&sort=salary_high",
            f"/admin/jobs/jobdescription/?role__family__id__exact={role.family_id}&london_weighting__exact=included",
        ),
        Page(
            "Role page with benchmark",
            f"/jobs/roles/{role.slug}/",
            f"/admin/jobs/jobdescription/?role__id__exact={role.pk}",
        ),
        # Every role on one page, in both.
        Page("Salaries", "/jobs/salaries/", "/admin/jobs/role/?all="),
        Page("Vacancies", "/jobs/vacancies/", "/admin/jobs/vacancy/"),
        Page("Ideas list", "/ideas/", "/admin/ideas/idea/", user=cdio.email),
        Page(
            "Ideas results", f"/ideas/calls/{call.slug}/results/", f"/admin/ideas/vote/?idea__call__id__exact={call.pk}"
        ),
        # The open data API: list endpoints served within 3x the floor (issue 16).
        Page("API job descriptions search", "/api/v1/job-descriptions/?q=data+analyst", target=3),
        Page("API projects", "/api/v1/projects/", target=3),
        Page("API vacancies", "/api/v1/vacancies/", target=3),
        Page("API roles with benchmarks", "/api/v1/roles/", target=3),
    ]
