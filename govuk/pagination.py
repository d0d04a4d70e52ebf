"""Which page numbers a GOV.UK pagination component shows, where the ellipses go; a paginator joining only its page."""

from django.core.paginator import Paginator


def page_items(number, last, *, around=1):
    """Page numbers to link to, with None where an ellipsis stands for pages left out.

    The first and last pages are always shown, and the pages within `around` of
    the current one, as the GOV.UK Design System advises. An ellipsis never
    stands for a single page: that page is shown instead, as it takes the same room.

    >>> page_items(5, 10)
    [1, None, 4, 5, 6, None, 10]
    """
    wanted = {1, last, *range(number - around, number + around + 1)}
    shown = sorted(page for page in wanted if 1 <= page <= last)
    items = []
    previous = None
    for page in shown:
        if previous is not None and page - previous == 2:
            items.append(page - 1)
        elif previous is not None and page - previous > 2:
            items.append(None)
        items.append(page)
        previous = page
    return items


class IdsFirstPaginator(Paginator):
    """Sorts and cuts a page from the rows' ids alone, then fetches that page's rows from `rows`, joins and all.

    Sorting a queryset with select_related joins every match and carries every
    column through the sort before the limit; a search also ranks each match
    there. Here the sort carries only the keys and ids (the ranking, which
    finding the best twenty needs, stays), the count reads no joins it does
    not filter on, and only the page's twenty rows are joined and fetched: one
    more short query for a page that no longer grows with the matches.

    `object_list` is the filtered, ordered queryset; `rows` a queryset of the
    same model with what the page shows (select_related, annotations).
    """

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list.values_list("pk", flat=True), per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        page = super().page(number)
        ids = list(page.object_list)
        found = self.rows.order_by().in_bulk(ids)
        # A row deleted between the two queries is left out rather than failing the page.
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page
