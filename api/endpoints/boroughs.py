from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from api.endpoints.common import DETAIL_ERRORS, LIST_ERRORS, PageNumber, Slug, or_none
from api.pagination import absolute, page_of, top_links
from api.schemas import BoroughDetail, BoroughPage
from boroughs.models import Borough

router = Router(tags=["Boroughs"])


def borough_data(request, borough):
    return {
        "slug": borough.slug,
        "name": borough.name,
        "official_name": borough.official_name,
        "gss_code": borough.gss_code,
        "area": borough.area,
        "is_member": borough.is_member,
        "member_since": borough.member_since,
        "website": or_none(borough.website),
        "links": {"html": absolute(request, borough.get_absolute_url())},
    }


@router.get("/boroughs/", response={200: BoroughPage, **LIST_ERRORS}, url_name="boroughs")
def boroughs(request, page: int = PageNumber):
    """The 33 London local authorities, with whether each is a LOTI member."""
    rows, envelope = page_of(request, Borough.objects.order_by("name"), page, size=50)
    return {
        **envelope,
        "results": [borough_data(request, b) for b in rows],
        "links": top_links(request, reverse("boroughs:list")),
    }


@router.get("/boroughs/{slug}/", response={200: BoroughDetail, **DETAIL_ERRORS}, url_name="borough")
def borough(request, slug: str = Slug):
    found = get_object_or_404(Borough, slug=slug)
    return {**borough_data(request, found), "links": top_links(request, found.get_absolute_url())}
