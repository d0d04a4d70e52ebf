"""Counting what a client did in the last hour, without a race between counting and recording.

The password reset (boroughs) and the anonymous forms (jobs) each keep a
table of what was done, by whom, when; `serialised` makes "count, then
record" one step for everyone who shares a key, so that twenty-four posts
at once cannot all read "nine so far".
"""

from django.db import connection


def serialised(*keys):
    """Wait until no other transaction holds these keys, then hold them until this one ends.

    PostgreSQL: transaction-level advisory locks, taken in a fixed order so
    that two callers never wait on each other. SQLite writes one transaction
    at a time anyway. Call inside transaction.atomic().
    """
    if not connection.in_atomic_block:
        raise RuntimeError("serialised() holds its keys until the transaction ends: call it inside one.")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
