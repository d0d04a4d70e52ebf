"""SQL written out by hand, its values converted as the ORM converts them: for reads the ORM builds too slowly.

Building a small query with the ORM costs more than running it (about a
millisecond each on the project page, whose dashboard, updates, lookup and
"began as" idea are read this way). The written-out statements here are
run as they are, but a cursor returns what the database driver gives: on
PostgreSQL that is what the ORM gives too, while SQLite (the demo's
database) returns datetimes without a time zone. `fetch` applies the
backend's own converters for the fields each column reads, so both
databases give the same values.
"""

from functools import cache

from django.db import connection


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def columns(model, *names):
    """The fields of `model` that a statement's columns read, in order ("borough_id" for a foreign key's column)."""
    return tuple(model._meta.get_field(name) for name in names)


@cache
def _expressions(fields):
    """(position, column expression) for each column a model field reads."""
    return tuple(
        (position, field.get_col(field.model._meta.db_table)) for position, field in enumerate(fields) if field
    )


def _converters(fields):
    """(position, converter, expression) for each column whose values this connection's backend converts.

    Looked up on each call, not kept: a converter is a method of one
    connection (SQLite's reads its time zone). None on PostgreSQL.
    """
    return [
        (position, converter, expression)
        for position, expression in _expressions(fields)
        for converter in connection.ops.get_db_converters(expression) + expression.field.get_db_converters(connection)
    ]


def fetch(sql, params, fields):
    """The rows of `sql` (tuples), each value as the ORM reads the field its column reads (`fields`, in order, None
    for a column read as it comes)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _converters(fields)
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, converter, expression in converters:
            values[position] = converter(values[position], expression, connection)
        converted.append(tuple(values))
    return converted
