"""Job description files: where they are kept, and (in the modules beside this one) the checks an upload must pass.

Files are checked by what they contain (libmagic, then what the archive or
PDF really holds: checks.py says in what order), never by the name or the
type the browser claims. They are stored under random names in the private
storage (jobs.storage: a folder outside the static and media roots, or a
bucket), and only ever served by a view, as attachments.
"""

import uuid

from jobs.storage import PrivateStorage, private_storage, uploads_kept_only_if_committed
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


def random_upload_name(instance, filename):
    """A random name: what the contributor called the file is never used on disk."""
    return f"job-descriptions/{uuid.uuid4().hex}.{instance.file_type}"
