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
IN_TITLE = f"to_tsvector(%s::regconfig, COALESCE(walk.title, '')) @@ {TSQUERY}"
IN_TEXT = f"walk.search_vector @@ {TSQUERY}"
IN_FIRST = f"{IN_TEXT} AND {IN_A} AND {IN_TITLE}"
NEWEST = "ORDER BY advertised_on DESC, published_at DESC, pk DESC"
COLUMNS = "(pk, advertised_on, published_at)"
WALKED = "({newest}) AS walk (pk, advertised_on, published_at, title, search_vector)"

PAGE_SQL = f"""
WITH
walk1 AS MATERIALIZED (
  SELECT walk.pk, walk.advertised_on, walk.published_at FROM {WALKED}
  WHERE {IN_FIRST} {NEWEST} LIMIT %s),
found1 AS MATERIALIZED (SELECT * FROM ({{first}}) AS found {COLUMNS} WHERE (SELECT count(*) FROM walk1) < %s),
first AS MATERIALIZED (
  SELECT * FROM walk1 WHERE (SELECT count(*) FROM walk1) >= %s
  UNION ALL
  (SELECT * FROM found1 {NEWEST} LIMIT %s)),
walk2 AS MATERIALIZED (
  SELECT walk.pk, walk.advertised_on, walk.published_at FROM {WALKED}
  WHERE (SELECT count(*) FROM first) < %s AND {IN_TEXT} AND NOT ({IN_A} AND {IN_TITLE}) {NEWEST} LIMIT %s),
found2 AS MATERIALIZED (
  SELECT * FROM ({{rest}}) AS found {COLUMNS}
  WHERE (SELECT count(*) FROM first) < %s AND (SELECT count(*) FROM walk2) < %s),
rest AS MATERIALIZED (
  SELECT * FROM walk2 WHERE (SELECT count(*) FROM walk2) >= %s
  UNION ALL
  (SELECT * FROM found2 {NEWEST} LIMIT %s))
SELECT ranked.pk FROM (SELECT 1, * FROM first UNION ALL SELECT 0, * FROM rest)
  AS ranked (tier, pk, advertised_on, published_at)
ORDER BY ranked.tier DESC, ranked.advertised_on DESC, ranked.published_at DESC, ranked.pk DESC
LIMIT %s OFFSET %s
"""


def page_ids(*, searched, first, rest, config, text, start, stop):
    """The ids of rows [start, stop) of the matches in `first` (newest first), then those in `rest`.

    `searched` is every row the search looked in (the other filters
    applied), `first` and `rest` the two groups of its matches, each a
    queryset of (pk, advertised_on, published_at); `text` the search's words
    in websearch syntax.
    """
    try:
        newest, newest_params = _sql(
            searched.order_by("-advertised_on", "-published_at", "-pk").values_list(
                "pk", "advertised_on", "published_at", "title", "search_vector"
            )[:WALK]
        )
        first_sql, first_params = _sql(first.order_by())
        rest_sql, rest_params = _sql(rest.order_by())
    except EmptyResultSet:  # a filter on an empty list: nothing matches
        return []
    query = (config, text)
    in_first = (*query, *query, config, *query)
    sql = PAGE_SQL.format(newest=newest, first=first_sql, rest=rest_sql)
    params = (
        *newest_params, *in_first, stop,
        *first_params, stop,
        stop, stop,
        *newest_params, stop, *query, *query, config, *query, stop,
        *rest_params, stop, stop,
        stop, stop,
        stop - start, start,
    )  # fmt: skip
    with connections[searched.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()
