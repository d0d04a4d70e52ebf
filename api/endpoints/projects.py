from typing import Literal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from api.endpoints.common import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    PUBLIC,
    PageNumber,
    Slug,
    borough_ref,
    choice,
    or_none,
    text,
)
from api.endpoints.filtering import filtered
from api.pagination import absolute, page_of, top_links
from api.responses import encode, json_array, json_object, json_text
from api.schemas import ProjectDetail, ProjectPage
from projects.filters import ProjectFilter
from projects.models import Project
from projects.models.summaries import borough_parts
from projects.reports import ProjectDashboard

router = Router(tags=["Projects"])

Phase = Literal["discovery", "alpha", "beta", "live", "closed"]
Health = Literal["on_track", "at_risk", "off_track"]
PHASE = choice("The project's phase, as on the portfolio page.")
HEALTH = choice("The project's health, as on the portfolio page.")


class _PartsJSON(dict):
    """Each different borough part's JSON text, encoded once: the 660 parts of a page of
    20 projects are a few dozen different ones (33 boroughs, their roles and statuses)."""

    def __missing__(self, part):
        text = self[part] = encode(
            {
                "borough": {"slug": part.borough_slug, "name": part.borough_name},
                "role": part.role,
                "status": part.shown_status.value,
            }
        )
        return text

    def array(self, parts):
        return json_array([self[part] for part in parts])


def _project(request, project):
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "theme": {"slug": project.theme.slug, "name": project.theme.name},
        "phase": project.phase,
        "health": project.health,
        "lead_borough": borough_ref(project.lead_borough),
        "started_on": project.started_on,
        "ends_on": project.ends_on,
        "last_updated_at": project.last_updated_at,
    }


# What the list shows of each project, read as values: model instances (with their
# theme and lead borough) and the query that builds them were a fifth of the list.
LISTED = (
    "id",
    "slug",
    "title",
    "summary",
    "theme__slug",
    "theme__name",
    "phase",
    "health",
    "lead_borough__slug",
    "lead_borough__name",
    "started_on",
    "ends_on",
    "last_updated_at",
)


def _listed(row):
    """_project()'s fields from a row of LISTED (tests compare the two)."""
    _, slug, title, summary, theme_slug, theme_name, phase, health, lead_slug, lead_name, *dates = row
    started_on, ends_on, last_updated_at = dates
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "theme": {"slug": theme_slug, "name": theme_name},
        "phase": phase,
        "health": health,
        "lead_borough": None if lead_slug is None else {"slug": lead_slug, "name": lead_name},
        "started_on": started_on,
        "ends_on": ends_on,
        "last_updated_at": last_updated_at,
    }


@router.get("/projects/", response={200: ProjectPage, **LIST_ERRORS}, url_name="projects")
def projects(
    request,
    theme: str | None = text("A theme's slug."),
    phase: Phase | None = PHASE,
    health: Health | None = HEALTH,
    borough: str | None = text("The slug of a borough taking part."),
    page: int = PageNumber,
):
    """Public projects in title order, filtered as on the portfolio page (theme and borough by slug)."""
    queryset = Project.objects.visible_to(PUBLIC)
    found = filtered(ProjectFilter(request.GET or None, queryset=queryset))
    rows, envelope = page_of(request, found, page, values=LISTED)
    # Every borough's status on the page's projects from grouped counts: with_status()'s
    # correlated subqueries for 660 participations took half a second.
    parts = borough_parts(row[0] for row in rows)
    # Each project's address from one reverse() rather than one a project.
    page_address = reverse("projects:detail", kwargs={"slug": "__slug__"})
    # In ProjectPage's field order and types, put together from JSON text (api/responses.py).
    boroughs = _PartsJSON()
    results = json_array(
        [
            json_object(
                _listed(row),
                boroughs=boroughs.array(parts.get(row[0], ())),
                links=encode({"html": absolute(request, page_address.replace("__slug__", row[1]))}),
            )
            for row in rows
        ]
    )
    links = top_links(request, reverse("projects:list"), csv=reverse("projects:export"), atom=reverse("projects:feed"))
    return json_text(json_object({**envelope, "links": links}, results=results))


@router.get("/projects/{slug}/", response={200: ProjectDetail, **DETAIL_ERRORS}, url_name="project")
def project(request, slug: str = Slug):
    """One public project: each borough's part and commitments, its measures and agreements, its latest updates."""
    found = get_object_or_404(Project.objects.visible_to(PUBLIC).with_list_data(), slug=slug)
    dashboard = ProjectDashboard(found)
    updates = found.updates.order_by("-published_at")[:20]
    return {
        **_project(request, found),
        "description": found.description,
        "website": or_none(found.website),
        "boroughs": [
            {
                "borough": borough_ref(row.borough),
                "role": row.participation.role,
                "status": row.status,
                "note": row.participation.note,
                "last_changed_at": row.last_changed_at,
                "deliverables": [{"deliverable": d.name, "state": state} for d, state in row.deliverables],
                "pledges": [{"measure": m.name, "unit": m.unit, "value": value} for m, value in row.pledges],
                "signatures": [
                    {"agreement": s.agreement.title, "state": s.state, "signed_on": s.signed_on} for s in row.signatures
                ],
            }
            for row in dashboard.rows
        ],
        "measures": [
            {
                "name": m.measure.name,
                "unit": m.measure.unit,
                "target": m.measure.target,
                "total": m.total,
                "due_on": m.measure.due_on,
            }
            for m in dashboard.measures
        ],
        "agreements": [
            {
                "title": a.agreement.title,
                "kind": a.agreement.kind,
                "opened_on": a.agreement.opened_on,
                "document_url": or_none(a.agreement.document_url),
                "parties": [
                    {
                        "name": s.party_name(),
                        "borough": borough_ref(s.borough) if s.borough_id else None,
                        "state": s.state,
                        "signed_on": s.signed_on,
                    }
                    for s in a.signatories
                ],
            }
            for a in dashboard.agreements
        ],
        "updates": [
            {"title": u.title, "body": u.body, "phase": u.phase, "health": u.health, "published_at": u.published_at}
            for u in updates
        ],
        "links": top_links(
            request,
            found.get_absolute_url(),
            csv=reverse("projects:boroughs_export", kwargs={"slug": found.slug}),
            atom=reverse("projects:project_feed", kwargs={"slug": found.slug}),
        ),
    }
