"""Request bodies over settings.REQUEST_BODY_MAX_BYTES are refused before they are read.

Django on its own reads a multipart body to the end, writing each file to a
temporary file as it comes (a 1 GB upload was written in full before the
form said it was too big). Two layers stop that:

- RequestBodyLimitMiddleware answers 413 from the declared Content-Length,
  before anything reads the body. Under WSGI Django never reads more than
  Content-Length, so this is the whole answer when the middleware runs.
- BodyLimitUploadHandler, the first upload handler, refuses the same bodies
  when the multipart parser starts (for code that parses before the
  middleware, or a setting that leaves it out), and counts the file bytes
  as they stream in case a server passes a body without an honest length.

Form fields other than files are capped by DATA_UPLOAD_MAX_MEMORY_SIZE,
which Django enforces itself (RequestDataTooBig); loti.views.bad_request
turns that into the same 413 page.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class BodyTooLarge(RequestDataTooBig):
    """A request body over REQUEST_BODY_MAX_BYTES: answered with the 413 page (loti.views.bad_request)."""


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose declared body is over the limit, without reading any of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.REQUEST_BODY_MAX_BYTES:
            # Imported here: loti.views imports the apps, which must not load while settings do.
            from loti.views import request_too_large

            return request_too_large(request)
        return self.get_response(request)


class BodyLimitUploadHandler(FileUploadHandler):
    """Stop a multipart upload at REQUEST_BODY_MAX_BYTES, before the handlers after it write anything more.

    It keeps nothing itself: each chunk is passed on to the next handler
    (memory or temporary file) until the running total passes the limit.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.REQUEST_BODY_MAX_BYTES:
            raise BodyTooLarge(f"Request body of {content_length} bytes is over REQUEST_BODY_MAX_BYTES.")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_BODY_MAX_BYTES:
            self._discard_partial_files()
            raise BodyTooLarge("Uploaded files passed REQUEST_BODY_MAX_BYTES while streaming.")
        return raw_data

    def file_complete(self, file_size):
        return None

    def _discard_partial_files(self):
        # The parser closes only finished files when an error stops it; the
        # one being written is closed here, which deletes a temporary file.
        for handler in getattr(self.request, "upload_handlers", []):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
