"""Responses already in their schema's shape, sent without pydantic validating them again.

django-ninja checks every response against its schema: for a page of 20
projects, each with its 33 boroughs (about 2,000 small objects), that check
cost more than reading the page from the database. An endpoint that builds
its response from plain values, in its schema's field order and types, can
send it with `as_json` instead: the same bytes as ninja's own renderer
(NinjaJSONEncoder, the same content type), and its schema still published
in the OpenAPI document. Tests validate such a response against its schema
and compare it with ninja's rendering of the same data, so the two cannot
drift apart unnoticed.
"""

import json

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

RENDERER = JSONRenderer()


def as_json(data, *, status=200):
    """`data` (dicts, lists, strings, numbers, dates and datetimes) as ninja would send it."""
    return HttpResponse(
        json.dumps(data, cls=RENDERER.encoder_class, **RENDERER.json_dumps_params),
        status=status,
        content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}",
    )
