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

Where many parts of a response repeat (each borough's part in each of 20
projects: 660 entries, a few dozen different), an endpoint can encode each
different part once and put the text together with `json_object` and
`json_array`, then send it with `json_text`. They join pieces as the encoder
itself does (its own separators), so the bytes are those of encoding the
whole at once; fast JSON libraries (orjson) cannot give these bytes: they
have no spaces after separators and send non-ASCII characters unescaped.
"""

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

RENDERER = JSONRenderer()
# One encoder, as json.dumps(data, cls=..., **params) builds for each call: it keeps no state between calls.
ENCODER = RENDERER.encoder_class(**RENDERER.json_dumps_params)
encode = ENCODER.encode


def json_text(text, *, status=200):
    """A response of JSON text already encoded (with `encode`, `json_object`, `json_array`)."""
    return HttpResponse(text, status=status, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")


def as_json(data, *, status=200):
    """`data` (dicts, lists, strings, numbers, dates and datetimes) as ninja would send it."""
    return json_text(encode(data), status=status)


def json_array(texts):
    """The JSON text of an array of items that are JSON text already."""
    return f"[{ENCODER.item_separator.join(texts)}]"


def json_object(data, **texts):
    """The JSON text of `data` (a dict) followed by the members in `texts`, each JSON text already, in order."""
    text = encode(data)
    if not texts:
        return text
    members = ENCODER.item_separator.join(f"{encode(name)}{ENCODER.key_separator}{t}" for name, t in texts.items())
    return f"{text[:-1]}{ENCODER.item_separator}{members}}}" if data else f"{{{members}}}"
