"""What every endpoint shares: the error responses each may give, and small converters."""

from django.contrib.auth.models import AnonymousUser
from ninja import Path, Query

from api.schemas import ProblemDetails

# Every endpoint answers as a signed-out visitor sees the HTML pages, whoever asks:
# the API is public data only, so a session cookie must never widen it.
PUBLIC = AnonymousUser()

LIST_ERRORS = {400: ProblemDetails, 404: ProblemDetails, 429: ProblemDetails}
DETAIL_ERRORS = {404: ProblemDetails, 429: ProblemDetails}

PageNumber = Query(1, ge=1, le=100_000, description="Which page of results, from 1.")
# Text the database can store: PostgreSQL refuses the NUL character in a string.
NO_NUL = r"^[^\x00]*$"
Slug = Path(..., pattern=r"^[-\w]+$", max_length=200, description="The record's slug, as in its page's address.")


def choice(description):
    """An optional query parameter limited to its type's choices (a Literal), described."""
    return Query(None, description=description)


def text(description):
    """An optional text query parameter: anything but the NUL character."""
    return Query(None, max_length=200, pattern=NO_NUL, description=description)


Id = Path(..., ge=1, le=2_147_483_647, description="The record's number, as in its page's address.")


def borough_ref(borough):
    return {"slug": borough.slug, "name": borough.name} if borough else None


def or_none(text):
    """Blank text fields as null, so a client tests one thing for 'not given'."""
    return text or None
