"""Pages, API answers and CSV are sent gzipped by the portal itself (loti.middleware.CompressTextMiddleware).

The page cache stores pages as drawn, uncompressed; each copy sent is
compressed afresh, with its own random padding (Django's defence against
BREACH), so a cached page is never sent compressed to a client that did not
ask, and every compressed answer says `Vary: Accept-Encoding`.
"""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from loti.middleware import CompressTextMiddleware
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_a_page_asked_for_with_gzip_comes_back_gzipped_with_vary(client):
    ProjectFactory(title="Seamless Wi-Fi")

    response = client.get("/projects/", headers=GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content)
    assert b"Seamless Wi-Fi" in page
    assert len(response.content) * 3 < len(page)
    assert int(response["Content-Length"]) == len(response.content)


def test_a_page_from_the_cache_is_compressed_per_request_and_plain_for_clients_that_did_not_ask(client):
    ProjectFactory(title="Seamless Wi-Fi")

    drawn = client.get("/projects/", headers=GZIP)
    served = client.get("/projects/", headers=GZIP)
    plain = client.get("/projects/")

    assert (drawn["X-Page-Cache"], served["X-Page-Cache"], plain["X-Page-Cache"]) == ("miss", "hit", "hit")
    assert served["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in served["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(served.content) == gzip.decompress(drawn.content) == plain.content
    assert not plain.has_header("Content-Encoding")
    # The random padding: the same page, compressed twice, differs in length (almost always).
    lengths = {len(client.get("/projects/", headers=GZIP).content) for _ in range(5)}
    assert len(lengths) > 1


def test_compressed_api_answers_keep_their_etag_and_304s(client):
    first = client.get("/api/v1/boroughs/", headers=GZIP)
    etag = first["ETag"]

    assert first["Content-Encoding"] == "gzip"
    assert etag.startswith('W/"')  # weak, as RFC 9110 asks of a compressed representation
    again = client.get("/api/v1/boroughs/", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    assert not again.content
    # The strong form a client saw uncompressed matches too.
    assert client.get("/api/v1/boroughs/", headers={**GZIP, "If-None-Match": etag[2:]}).status_code == 304


def test_uploaded_documents_are_sent_as_they_are():
    pdf = b"%PDF-1.7 " + b"x" * 5000
    middleware = CompressTextMiddleware(lambda request: HttpResponse(pdf, content_type="application/pdf"))

    response = middleware(RequestFactory().get("/jobs/descriptions/1/file/", headers=GZIP))

    assert not response.has_header("Content-Encoding")
    assert response.content == pdf


def test_csv_is_compressed_too():
    table = "borough,projects\n" + "camden,3\n" * 500
    middleware = CompressTextMiddleware(lambda request: HttpResponse(table, content_type="text/csv; charset=utf-8"))

    response = middleware(RequestFactory().get("/projects/export.csv", headers=GZIP))

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode() == table
