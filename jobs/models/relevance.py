"""The library search's relevance order, worked out as far as the page shown and no further.

Matches whose title has every search word come first, then the others,
newest first within each (as the library's default order). Ranking every
match with ts_rank read and sorted all of them before the limit: 600
matches at production scale, 6,000 at ten times that, and the search page
grew with them (99 -> 135 ms drawn afresh in `make bench`).

Here each group's first rows are looked for among the newest WALK rows the
other filters keep (jd_published_newest), stopping at the page's last row:
when the matches are common that finds them all, at the same cost at any
size. Only a group with fewer than a page's worth among those rows is read
from its GIN index (jd_published_title_search for the titles, jd_search_gin
for the rest), which is cheap because it is rare. Neither step relies on the
planner's guess of how common the words are: a guess that they are common
when none match would walk every row (seconds at ten times the data).

One statement, whatever the data: each step runs only when the one before
it did not fill the page (a one-time filter on the rows it found).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections

# How many of the newest rows to look through before asking the GIN indexes.
WALK = 2000

TSQUERY = "websearch_to_tsquery(%s::regconfig, %s)"
# The search with each word asked for at weight A, the title's and the role's (the weights of
# update_search_vectors): every row whose title has every word passes it, so it spares to_tsvector()
# (tens of microseconds a row) the rows that cannot be in the first group.
IN_A = "walk.search_vector @@ regexp_replace(" + TSQUERY + r"::text, '''((?:[^'']|'''')*)''', '''\1'':A', 'g')::tsquery"
IN_TITLE = f"to_tsvector(%s::regconfig, COALESCE(walk.title, '')) @@ {TSQUERY}"  # as jd_published_title_search
IN_TEXT = f"walk.search_vector @@ {TSQUERY}"
IN_FIRST = f"{IN_TEXT} AND {IN_A} AND {IN_TITLE}"
IN_SEARCH_FIRST = f"{IN_TEXT} AND {IN_TITLE}"  # the first group, when the search excludes a word
NEWEST = "ORDER BY advertised_on DESC, published_at DESC, pk DESC"
# Every row the other filters keep, newest first (jd_published_newest), as far as WALK; or all of them.
WALKED = (
    "({rows} ORDER BY 2 DESC, 3 DESC, 1 DESC LIMIT %s) AS walk (pk, advertised_on, published_at, title, search_vector)"
)
ALL = "({rows}) AS walk (pk, advertised_on, published_at, title, search_vector)"
FOUND = "walk.pk, walk.advertised_on, walk.published_at"

PAGE_SQL = f"""
WITH
walk1 AS MATERIALIZED (SELECT {FOUND} FROM {WALKED} WHERE {IN_FIRST} {NEWEST} LIMIT %s),
found1 AS MATERIALIZED (SELECT {FOUND} FROM {ALL} WHERE (SELECT count(*) FROM walk1) < %s AND {{found1}}),
first AS MATERIALIZED (
  SELECT * FROM walk1 WHERE (SELECT count(*) FROM walk1) >= %s
  UNION ALL
  (SELECT * FROM found1 {NEWEST} LIMIT %s)),
walk2 AS MATERIALIZED (
  SELECT {FOUND} FROM {WALKED}
  WHERE (SELECT count(*) FROM first) < %s AND {IN_TEXT} AND NOT ({IN_A} AND {IN_TITLE}) {NEWEST} LIMIT %s),
found2 AS MATERIALIZED (
  SELECT {FOUND} FROM {ALL}
  WHERE (SELECT count(*) FROM first) < %s AND (SELECT count(*) FROM walk2) < %s
  AND {IN_TEXT} AND NOT ({IN_A} AND {IN_TITLE})),
rest AS MATERIALIZED (
  SELECT * FROM walk2 WHERE (SELECT count(*) FROM walk2) >= %s
  UNION ALL
  (SELECT * FROM found2 {NEWEST} LIMIT %s))
SELECT ranked.pk FROM (SELECT 1, * FROM first UNION ALL SELECT 0, * FROM rest)
  AS ranked (tier, pk, advertised_on, published_at)
ORDER BY ranked.tier DESC, ranked.advertised_on DESC, ranked.published_at DESC, ranked.pk DESC
LIMIT %s OFFSET %s
"""


def page_ids(*, searched, config, text, excludes, start, stop):
    """The ids of rows [start, stop) of the matches of `text` among `searched`, in relevance order.

    `searched` is every row the search looks in (the other filters applied);
    `text` the search's words in websearch syntax, `excludes` whether it
    excludes a word (-word), when a title with every word may still fail
    the search. One compiled query (the rows searched) serves every step:
    the ORM built three before, a third of what the page's search cost in Python.
    """
    try:
        rows, rows_params = _sql(
            searched.order_by().values_list("pk", "advertised_on", "published_at", "title", "search_vector")
        )
    except EmptyResultSet:  # a filter on an empty list: nothing matches
        return []
    query = (config, text)
    title = (config, *query)
    in_first = (*query, *query, *title)
    not_first = (*query, *query, *title)  # IN_TEXT AND NOT (IN_A AND IN_TITLE)
    # Without excluded words, a title with every word matches the whole search (its words are in
    # search_vector too): testing the title alone lets the title's GIN index find the group.
    found1, found1_params = (IN_SEARCH_FIRST, (*query, *title)) if excludes else (IN_TITLE, title)
    sql = PAGE_SQL.format(rows=rows, found1=found1)
    walked = (*rows_params, WALK)
    params = (
        *walked, *in_first, stop,
        *rows_params, stop, *found1_params,
        stop, stop,
        *walked, stop, *not_first, stop,
        *rows_params, stop, stop, *not_first,
        stop, stop,
        stop - start, start,
    )  # fmt: skip
    with connections[searched.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()
