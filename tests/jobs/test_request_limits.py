"""Bodies over the limit are refused while they stream, with a GOV.UK 413 page (issue 14, item 6).

A 1 GB upload used to be read to the end and written to a temporary file
before the form said it was too big. These post a body a little over the
6 MB limit and count what Django read of it and wrote to temporary files.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart

from loti.request_limits import BodyLimitUploadHandler, BodyTooLarge
from tests.jobs import files
from tests.jobs.conftest import contribution

URL = "/jobs/contribute/"
LIMIT = 6 * 1024 * 1024


@pytest.fixture
def io_counts(monkeypatch, settings, tmp_path):
    """How many body bytes Django read, and wrote to temporary upload files (every file goes to one here)."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    counts = {"read": 0, "written": 0}
    read = FakePayload.read

    def counting_read(self, size=-1):
        data = read(self, size)
        counts["read"] += len(data)
        return data

    receive = TemporaryFileUploadHandler.receive_data_chunk

    def counting_receive(self, raw_data, start):
        counts["written"] += len(raw_data)
        return receive(self, raw_data, start)

    monkeypatch.setattr(FakePayload, "read", counting_read)
    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting_receive)
    return counts


def oversized_contribution(role):
    """A contribution whose file makes the body about 7 MB: over the 6 MB limit."""
    data = files.PDF + b"%" + b"0" * (7 * 1024 * 1024)
    return contribution(role, external_url="", document=files.upload("huge.pdf", data))


def test_the_limits_are_what_the_readme_and_the_proxy_say(settings):
    assert settings.REQUEST_BODY_MAX_BYTES == LIMIT
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 3 * 1024 * 1024
    assert settings.FILE_UPLOAD_HANDLERS[0] == "loti.request_limits.BodyLimitUploadHandler"


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_answered_413_without_reading_it(client, data_analyst, io_counts):
    response = client.post(URL, oversized_contribution(data_analyst))
    assert response.status_code == 413
    assert io_counts == {"read": 0, "written": 0}
    assert "The file or form you sent is too large" in response.text
    assert "A file must be smaller than 5 MB" in response.text
    assert "smaller than 6 MB" in response.text
    assert '<h1 class="govuk-heading-l">' in response.text
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_without_the_middleware_the_upload_handler_refuses_before_reading(client, data_analyst, io_counts, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "loti.request_limits.RequestBodyLimitMiddleware"]
    response = client.post(URL, oversized_contribution(data_analyst))
    assert response.status_code == 413
    assert "A file must be smaller than 5 MB" in response.text
    # CSRF reads the form first; the handler stops the parser before a byte of the body.
    assert io_counts == {"read": 0, "written": 0}


def test_a_body_longer_than_it_says_is_stopped_at_the_limit_while_it_streams(io_counts, settings, tmp_path):
    # A server that passes a body without an honest length: the handler counts what arrives.
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    body = encode_multipart(BOUNDARY, {"document": files.upload("huge.pdf", b"%PDF-1.4\n" + b"0" * 8 * 1024 * 1024)})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": "1000"}
    # As Django sets them up: each handler knows the request, and through it the others.
    request = SimpleNamespace()
    handlers = request.upload_handlers = [BodyLimitUploadHandler(request), TemporaryFileUploadHandler(request)]
    with pytest.raises(BodyTooLarge):
        MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    # Written up to the limit at most, never the 8 MB, and the partial file is gone.
    assert io_counts["written"] <= settings.REQUEST_BODY_MAX_BYTES
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_form_fields_over_their_memory_limit_get_the_413_page(client, data_analyst):
    # Under the body limit, over DATA_UPLOAD_MAX_MEMORY_SIZE: Django's own check, shown as a 413.
    post = contribution(data_analyst, summary="x" * (4 * 1024 * 1024))
    response = client.post(URL, post)
    assert response.status_code == 413
    assert "The text typed into a form must be smaller than 3 MB" in response.text


@pytest.mark.django_db
def test_a_file_just_under_the_body_limit_still_reaches_the_form(client, data_analyst, io_counts):
    # 5 MB and a byte: read, and refused by the form with its own message, not by the body limit.
    data = files.PDF + b"%" + b"0" * (5 * 1024 * 1024 - len(files.PDF))
    response = client.post(URL, contribution(data_analyst, external_url="", document=files.upload("big.pdf", data)))
    assert response.status_code == 400
    assert "The selected file must be smaller than 5MB" in response.text
    assert io_counts["read"] > len(data)
