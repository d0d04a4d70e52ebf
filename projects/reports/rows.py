"""SQL written out by hand for the project page's reads, its values converted as the ORM converts them.

Building a small query with the ORM costs more than running it (about a
millisecond each on the project page). The written-out statements here are
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
    return tuple(model._meta.get_field(name.removesuffix("_id")) for name in names)


@cache
def _converters(vendor, fields):
    """(position, converter, expression) for each column whose values the backend converts; none on PostgreSQL."""
    found = []
    for position, field in enumerate(fields):
        if field is None:  # a column no model field reads (an EXISTS, say): read as it comes
            continue
        expression = field.get_col(field.model._meta.db_table)
        for converter in connection.ops.get_db_converters(expression) + field.get_db_converters(connection):
            found.append((position, converter, expression))
    return tuple(found)


def fetch(sql, params, fields):
    """The rows of `sql` (tuples), each value as the ORM reads the field its column reads (`fields`, in order, None
    for a column read as it comes)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _converters(connection.vendor, fields)
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, converter, expression in converters:
            values[position] = converter(values[position], expression, connection)
        converted.append(tuple(values))
    return converted
