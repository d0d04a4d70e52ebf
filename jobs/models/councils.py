"""The councils named by job descriptions or vacancies: the council filters' choices, read from indexes.

`SELECT DISTINCT council_name` reads every row it filters, so the library's
council list grew with the library (6 ms at production scale, 49 ms at ten
times that). PostgreSQL cannot skip through an index to its next distinct
value by itself, but a recursive query can ask it to, one value at a time
(a "loose index scan"): the cost then grows with the number of councils, a
few dozen, and only by a logarithm with the number of rows.

A table of councils kept up to date on every write would read as little,
but every path that writes a job description or a vacancy (the admin, the
moderation steps, imports, bulk inserts, queryset updates, deletes) would
have to keep it right; reading the indexes is right by construction.
"""

from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.expressions import RawSQL

FIELD = "council_name"


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


@cache
def _steps(model, using):
    """The first council's query and the next one's: the same for every list, so compiled once per process."""
    everything = model._base_manager.using(using).order_by(FIELD).values(FIELD)
    return _sql(everything[:1]), _sql(everything.filter(**{f"{FIELD}__gt": RawSQL("found.name", ())})[:1])


def council_names(rows):
    """The distinct `council_name`s of `rows` (a queryset of a model with that field), A to Z.

    Steps through the model's index on council_name (every row, whatever
    `rows` filters on, so the index serves every step), and keeps each name
    that some row of `rows` has: one more index look-up per name, into the
    index behind `rows`' own filter (jd_published_council, vacancy_open_council).
    """
    (first, first_params), (step, step_params) = _steps(rows.model, rows.db)
    found = RawSQL("found.name", ())
    try:
        kept, kept_params = _sql(rows.order_by().filter(**{FIELD: found}).values("pk"))
    except EmptyResultSet:  # rows is .none(), or filters on an empty list
        return []
    # A scalar subquery in each term: SQLite (the demo's database) allows no LIMIT in a compound's own terms.
    sql = (
        f"WITH RECURSIVE found(name) AS (SELECT ({first}) UNION ALL "
        f"SELECT ({step}) FROM found WHERE found.name IS NOT NULL) "
        f"SELECT found.name FROM found WHERE found.name IS NOT NULL AND EXISTS ({kept}) ORDER BY found.name"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, (*first_params, *step_params, *kept_params))
        return [name for (name,) in cursor.fetchall()]
