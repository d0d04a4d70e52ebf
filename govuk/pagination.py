"""Which page numbers a GOV.UK pagination component shows, and where the ellipses go."""


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
