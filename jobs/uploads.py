"""Job description files: where they are kept, and the checks an upload must pass first.

Files are checked by what they contain (libmagic, and for DOCX and ODT the zip
archive's table of contents), never by the name or the type the browser
claims. They are stored under random names in a private folder outside the
static and media roots, and only ever served by a view, as attachments.
"""

import contextvars
import re
import uuid
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A real DOCX or ODT has tens of parts and expands to a few megabytes; these
# leave room for embedded images while refusing zip bombs.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024

PDF, DOCX, ODT = "pdf", "docx", "odt"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
}
# What libmagic may call each kind: DOCX and ODT are zip files, and libmagic
# names them only when the archive's first member is the one it looks for.
ACCEPTED_MAGIC = {
    PDF: {"application/pdf"},
    DOCX: {CONTENT_TYPES[DOCX], "application/zip"},
    ODT: {CONTENT_TYPES[ODT], "application/zip"},
}
DOCX_REQUIRED_MEMBERS = {"[Content_Types].xml", "word/document.xml"}
# Macros make a DOCX a DOCM, whatever its name says.
DOCX_FORBIDDEN_MEMBERS = {"word/vbaproject.bin"}

# An inner extension that makes a name like `jd.exe.pdf` or `jd.html.pdf`
# misleading: someone (or something) is dressing one kind of file up as another.
MISLEADING_INNER_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "dll", "vbs", "vbe", "js", "jse", "wsf", "ps1", "sh",
    "jar", "app", "apk", "html", "htm", "xhtml", "svg", "php", "asp", "aspx", "jsp", "py", "pl", "rb",
    "pdf", "doc", "docx", "docm", "odt", "rtf", "txt", "zip", "rar", "7z", "gz", "iso", "lnk", "hta",
}  # fmt: skip


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


def file_type_for_name(name):
    """The file type an upload's name claims (pdf, docx or odt), or raise."""
    suffixes = [suffix.lower().lstrip(".") for suffix in PurePosixPath(name or "").suffixes]
    if not suffixes or suffixes[-1] not in CONTENT_TYPES:
        raise ValidationError("The selected file must be a PDF, DOCX or ODT", code="type")
    if len(suffixes) > 1 and suffixes[-2] in MISLEADING_INNER_EXTENSIONS:
        raise ValidationError(
            f"The selected file must have a name with one extension, like job-description.{suffixes[-1]}",
            code="double_extension",
        )
    return suffixes[-1]


def check_upload(uploaded):
    """Check a job description upload by its size, name and contents; return its type (pdf, docx or odt).

    Raises ValidationError with a message for the form. Nothing is written anywhere.
    """
    file_type = file_type_for_name(uploaded.name)
    if not uploaded.size:
        raise ValidationError("The selected file is empty", code="empty")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)}MB", code="too_big"
        )
    uploaded.seek(0)
    detected = magic.from_buffer(uploaded.read(8192), mime=True)
    uploaded.seek(0)
    if detected not in ACCEPTED_MAGIC[file_type]:
        raise ValidationError(
            f"The selected file must be a PDF, DOCX or ODT. It is named .{file_type} but is another kind of file",
            code="content",
        )
    if file_type in (DOCX, ODT):
        check_archive(uploaded, file_type)
    uploaded.seek(0)
    return file_type


def check_archive(uploaded, file_type):
    """DOCX and ODT files are zip archives: check their table of contents without expanding them."""
    damaged = ValidationError(
        f"The selected file could not be opened as {'an' if file_type == ODT else 'a'} {file_type.upper()}. "
        "Save it again and select it",
        code="archive",
    )
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise ValidationError(
                    f"The selected file must have fewer than {ZIP_MAX_MEMBERS:,} parts. "
                    f"Save it again as a plain {file_type.upper()}",
                    code="zip_members",
                )
            if sum(member.file_size for member in members) > ZIP_MAX_UNCOMPRESSED_BYTES:
                raise ValidationError(
                    f"The selected file must be smaller than {ZIP_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}MB "
                    "when opened. Save it again without large images",
                    code="zip_size",
                )
            names = [member.filename for member in members]
            if any(unsafe_member_name(name) for name in names):
                raise ValidationError(
                    "The selected file must not contain parts with names like ../",
                    code="zip_path",
                )
            if file_type == DOCX:
                if not DOCX_REQUIRED_MEMBERS <= set(names):
                    raise damaged
                if DOCX_FORBIDDEN_MEMBERS & {name.lower() for name in names}:
                    raise ValidationError(
                        "The selected file must not contain macros. Save it as a plain Word document (.docx)",
                        code="macros",
                    )
            elif not odt_mimetype_is_text(archive):
                raise damaged
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise damaged from None
    finally:
        uploaded.seek(0)


_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_member_name(name):
    """True for a member that would land outside the folder it was unpacked in."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or _WINDOWS_DRIVE.match(name) or "\x00" in name:
        return True
    return ".." in PurePosixPath(name).parts


def odt_mimetype_is_text(archive):
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > 100:
        return False
    with archive.open(info) as member:
        return member.read(100).strip() == CONTENT_TYPES[ODT].encode()
