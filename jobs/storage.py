"""Where job description files are kept: the named storage STORAGES["private"].

A private folder on disk by default (settings.PRIVATE_UPLOADS_ROOT), or a
bucket on S3-compatible object storage when PRIVATE_STORAGE_BUCKET is set.
Either way there is no public URL: files are served by
jobs.views.description_file only, streamed from the storage, as attachments.
"""

import contextvars
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage


class NoPublicUrl:
    def url(self, name, *args, **kwargs):
        raise ValueError("Private uploads have no public URL: link to the download view instead.")


class PrivateFolderStorage(NoPublicUrl, FileSystemStorage):
    """A folder outside STATIC_ROOT and MEDIA_ROOT: settings.PRIVATE_UPLOADS_ROOT.

    The folder is read from the settings each time (not once at start-up), so
    tests can point it at a temporary folder.
    """

    def __init__(self, **kwargs):
        kwargs = {"file_permissions_mode": 0o640, "directory_permissions_mode": 0o750} | kwargs
        super().__init__(location=None, base_url=None, **kwargs)

    @property
    def base_location(self):
        return settings.PRIVATE_UPLOADS_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())


class PrivateBucketStorage(NoPublicUrl, S3Storage):
    """A bucket on S3-compatible object storage, private to the portal.

    Objects are written with the private ACL's effect (no ACL header: buckets
    with object ownership enforced refuse one) and never linked to: url()
    refuses, so no signed or public bucket address can reach a page.
    """

    default_acl = None
    querystring_auth = True
    # Never overwrite: the names are random, and a clash must not replace a file.
    file_overwrite = False


@deconstructible(path="jobs.uploads.PrivateStorage")
class PrivateStorage:
    """The model field's storage: whatever STORAGES["private"] is now.

    Looked up on every use rather than once when the model is defined, so a
    change of settings (the tests' S3 runs) takes effect at once. It also
    notes each saved name for uploads_kept_only_if_committed().
    """

    @property
    def backend(self):
        return storages["private"]

    def __getattr__(self, name):
        if name.startswith("__"):  # copy and pickle probe these: they are the proxy's own
            raise AttributeError(name)
        return getattr(self.backend, name)

    def save(self, name, content, max_length=None):
        name = self.backend.save(name, content, max_length=max_length)
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


def stored_names(storage=None, folder=""):
    """Every file's name in the private storage (or in folder of it), sorted."""
    storage = storage or private_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder not made yet holds nothing
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)
