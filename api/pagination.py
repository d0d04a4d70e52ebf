"""Pages of results: a total, and `next`/`previous` as full addresses that keep every other parameter."""

from django.core.paginator import EmptyPage, Paginator
from django.urls import reverse

from api.licence import LICENCE_URL
from api.problems import Problem
from govuk.pagination import IdsFirstPaginator

PAGE_SIZE = 20


def absolute(request, path):
    return request.build_absolute_uri(path)


def top_links(request, html, *, csv=None, atom=None):
    return {
        "html": absolute(request, html),
        "licence": LICENCE_URL,
        "csv": absolute(request, csv) if csv else None,
        "atom": absolute(request, atom) if atom else None,
    }


class ValuesPaginator(Paginator):
    """Counts the queryset as it is, then reads the page as values_list(*fields) tuples.

    A values_list() queryset's count keeps the joins its related fields need:
    the projects list's counted every project joined to its theme and lead
    borough, which grows with the projects.
    """

    def __init__(self, object_list, per_page, *, fields):
        super().__init__(object_list, per_page)
        self.fields = fields

    def _get_page(self, object_list, *args, **kwargs):
        return super()._get_page(object_list.values_list(*self.fields), *args, **kwargs)


def page_of(request, queryset, number, *, size=PAGE_SIZE, rows=None, values=None):
    """(the rows of page `number`, the envelope's count/next/previous); a page past the end is a 404.

    With `rows`, the page is sorted and cut from ids alone, then its rows come from `rows` (IdsFirstPaginator).
    With `values` (field names), the page's rows are tuples of them (ValuesPaginator).
    """
    if rows is not None:
        paginator = IdsFirstPaginator(queryset, size, rows=rows)
    elif values is not None:
        paginator = ValuesPaginator(queryset, size, fields=values)
    else:
        paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Problem(
            404,
            "Page not found",
            f"There {'is' if paginator.num_pages == 1 else 'are'} {paginator.num_pages} "
            f"page{'' if paginator.num_pages == 1 else 's'} of results.",
            kind="page-not-found",
        ) from None

    def link(n):
        query = request.GET.copy()
        query["page"] = n
        return absolute(request, f"{request.path}?{query.urlencode()}")

    envelope = {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), envelope


def html_link(request, name, **kwargs):
    return {"html": absolute(request, reverse(name, kwargs=kwargs or None))}
