from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Path, Router

from api.endpoints.common import DETAIL_ERRORS, LIST_ERRORS, PUBLIC, PageNumber, borough_ref
from api.pagination import absolute, page_of, top_links
from api.schemas import QuarterDetail, QuarterPage
from okrs.models import CheckIn, Quarter

router = Router(tags=["OKRs"])


def _quarter(request, quarter):
    return {
        "year": quarter.year,
        "number": quarter.number,
        "heading": quarter.heading,
        "starts_on": quarter.starts_on,
        "ends_on": quarter.ends_on,
        "links": {"html": absolute(request, quarter.get_absolute_url())},
    }


def _key_result(request, kr):
    return {
        "number": kr.number,
        "title": kr.title,
        "description": kr.description,
        "status": kr.status,
        "unit": kr.unit,
        "progress": float(kr.progress_value),
        "target": float(kr.progress_target),
        "automatic": kr.is_automatic,
        "lead_borough": borough_ref(kr.lead_borough),
        "supporting_boroughs": [borough_ref(b) for b in kr.supporting_boroughs.all()],
        # Prefetched through Project.objects.visible_to: a project not public yet is never named.
        "project": kr.project.slug if kr.project else None,
        "check_ins": [
            {"checked_on": c.checked_on, "value": float(c.value), "confidence": c.confidence, "comment": c.comment}
            for c in kr.check_ins.all()
        ],
        "links": {"html": absolute(request, kr.get_absolute_url())},
    }


@router.get("/quarters/", response={200: QuarterPage, **LIST_ERRORS}, url_name="quarters")
def quarters(request, page: int = PageNumber):
    """LOTI's published quarters, newest first."""
    rows, envelope = page_of(request, Quarter.objects.visible_to(PUBLIC).order_by("-starts_on"), page)
    return {
        **envelope,
        "results": [_quarter(request, q) for q in rows],
        "links": top_links(request, reverse("okrs:current")),
    }


@router.get("/quarters/{year}/{number}/", response={200: QuarterDetail, **DETAIL_ERRORS}, url_name="quarter")
def quarter(
    request,
    year: int = Path(..., ge=1, le=1000, description="The programme year, from 1 (LOTI's first year)."),
    number: int = Path(..., ge=1, le=4, description="The quarter within the year, 1 to 4."),
):
    """One quarter's objectives and key results, with progress and every check-in (oldest first)."""
    found = get_object_or_404(Quarter.objects.visible_to(PUBLIC), year=year, number=number)
    check_ins = CheckIn.objects.order_by("checked_on", "pk")
    key_results = (
        found.key_results.with_progress()
        .with_project_for(PUBLIC)
        .select_related("quarter", "objective__theme", "lead_borough")
        .prefetch_related("supporting_boroughs", Prefetch("check_ins", queryset=check_ins))
        .order_by("number")
    )
    groups = {}
    for kr in key_results:
        groups.setdefault(kr.objective, []).append(kr)
    objectives = sorted(groups.items(), key=lambda item: (item[0].order, item[0].pk))
    return {
        **_quarter(request, found),
        "introduction": found.introduction,
        "objectives": [
            {"title": str(objective), "key_results": [_key_result(request, kr) for kr in krs]}
            for objective, krs in objectives
        ],
        "links": top_links(
            request,
            found.get_absolute_url(),
            csv=reverse("okrs:quarter_export", kwargs={"year": found.year, "number": found.number}),
        ),
    }
