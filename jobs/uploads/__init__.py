"""Job description files: where they are kept, and (in the modules beside this one) the checks an upload must pass.

Files are checked by what they contain (libmagic, then what the archive or
PDF really holds: checks.py says in what order), never by the name or the
type the browser claims. They are stored under random names in a private
folder outside the static and media roots, and only ever served by a view,
as attachments.
"""

import contextvars
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from jobs.uploads.archive import unsafe_member_name
from jobs.uploads.checks import CONTENT_TYPES, DOCX, MAX_UPLOAD_BYTES, ODT, PDF, check_upload, file_type_for_name

__all__ = [
    "CONTENT_TYPES",
    "DOCX",
    "MAX_UPLOAD_BYTES",
    "ODT",
    "PDF",
    "PrivateStorage",
    "check_upload",
    "file_type_for_name",
    "private_storage",
    "random_upload_name",
    "unsafe_member_name",
    "uploads_kept_only_if_committed",
]


@deconstructible(path="jobs.uploads.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files kept outside STATIC_ROOT and MEDIA_ROOT, in settings.PRIVATE_UPLOADS_ROOT.

    The folder is read from the settings each time (not once at start-up), so
    tests can point it at a temporary folder. There is no public URL: files
    are served by jobs.views.description_file only.
    """

    def __init__(self):
        super().__init__(location=None, base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @property
    def base_location(self):
        return settings.PRIVATE_UPLOADS_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private uploads have no public URL: link to the download view instead.")

    def _save(self, name, content):
        name = super()._save(name, content)
        if (saved := _saved_in_this_block.get()) is not None:
            saved.append(name)
        return name


# The names of the files saved inside the innermost uploads_kept_only_if_committed().
_saved_in_this_block = contextvars.ContextVar("saved_in_this_block", default=None)


@contextmanager
def uploads_kept_only_if_committed():
    """Delete the private files saved inside the block if it fails.

    Put it around the outermost transaction.atomic(): a file is written
    before its row, and when the row never commits (the database fails, a
    later write in the transaction fails) the file would be left with
    nothing pointing to it. Nested blocks hand their files to the outer one,
    which decides.
    """
    outer = _saved_in_this_block.get()
    saved = []
    token = _saved_in_this_block.set(saved)
    try:
        yield
    except BaseException:
        for name in saved:
            private_storage.delete(name)
        raise
    finally:
        _saved_in_this_block.reset(token)
    if outer is not None:
        outer.extend(saved)


private_storage = PrivateStorage()


def random_upload_name(instance, filename):
    """A random name: what the contributor called the file is never used on disk."""
    return f"job-descriptions/{uuid.uuid4().hex}.{instance.file_type}"
