"""The pages `make bench` measures, each with the admin changelist it compares to.

Paths are built from data both the small and the production datasets have
(and that growing the production one leaves in place), so the same page is
measured at every size.
"""

from dataclasses import dataclass

from django.urls import reverse

from boroughs.models import User
from ideas.models import Call
from jobs.models import Role
from okrs.models import KeyResult, Quarter
from perf.data import CENTRAL_TEAM_EMAIL
from projects.models import Project
from projects.reports import BoroughTasks

CDIO, CENTRAL_TEAM = "CDIO", "central-team member"


@dataclass
class Page:
    name: str
    path: str
    admin_path: str | None = None  # the Django admin's changelist of the same model, same page size
    user: str | None = None  # email of the user to sign in as, if the page needs one
    # Who else it is timed for, signed in with caches warm: API endpoints are
    # for programs, not people; My borough is for borough people only.
    signed_in: tuple = (CDIO, CENTRAL_TEAM)


def signed_in_people():
    """The email of each kind of signed-in person the benchmark times pages for."""
    cdio = User.objects.filter(role=User.Role.CDIO, email__startswith="bench").order_by("pk").first()
    return {CDIO: cdio.email, CENTRAL_TEAM: CENTRAL_TEAM_EMAIL}


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
            signed_in=(CDIO,),
        ),
        Page(
            "My borough question page",
            reverse("projects:my_borough_project", kwargs={"slug": first_task.project.slug}),
            f"/admin/projects/deliverablestatus/?borough__id__exact={cdio.borough_id}"
            f"&deliverable__project__id__exact={first_task.project_id}",
            user=cdio.email,
            signed_in=(CDIO,),
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
        # The open data API's list endpoints, served as public pages are.
        Page("API job descriptions search", "/api/v1/job-descriptions/?q=data+analyst", signed_in=()),
        Page("API projects", "/api/v1/projects/", signed_in=()),
        Page("API vacancies", "/api/v1/vacancies/", signed_in=()),
        Page("API roles with benchmarks", "/api/v1/roles/", signed_in=()),
    ]
