"""Job description files: where they are kept, and the checks an upload must pass first.

Files are checked by what they contain (libmagic, and for DOCX and ODT the zip
archive's table of contents), never by the name or the type the browser
claims. They are stored under random names in the private storage
(jobs.storage: a folder outside the static and media roots, or a bucket), and
only ever served by a view, as attachments.
"""

import re
import uuid
import zipfile
from pathlib import PurePosixPath

import magic
from django.core.exceptions import ValidationError

# Where files are kept is jobs.storage's; the migrations and callers name these from here.
from jobs.storage import PrivateStorage, private_storage, uploads_kept_only_if_committed  # noqa: F401

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
            "The selected file's name has two extensions, like job.exe.pdf. "
            f"Rename it so that it ends only in .{suffixes[-1]}",
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
        raise ValidationError("The selected file must be smaller than 5 MB", code="too_big")
    uploaded.seek(0)
    detected = magic.from_buffer(uploaded.read(8192), mime=True)
    uploaded.seek(0)
    if detected not in ACCEPTED_MAGIC[file_type]:
        raise ValidationError(
            f"The selected file is not a real {file_type.upper()}: its contents are a different kind of file",
            code="content",
        )
    if file_type in (DOCX, ODT):
        check_archive(uploaded, file_type)
    uploaded.seek(0)
    return file_type


def check_archive(uploaded, file_type):
    """DOCX and ODT files are zip archives: check their table of contents without expanding them."""
    damaged = ValidationError(f"The selected file is damaged or is not a real {file_type.upper()}", code="archive")
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise ValidationError(
                    f"The selected file is made of too many parts (more than {ZIP_MAX_MEMBERS:,}): "
                    f"save it again as a plain {file_type.upper()}",
                    code="zip_members",
                )
            if sum(member.file_size for member in members) > ZIP_MAX_UNCOMPRESSED_BYTES:
                raise ValidationError(
                    f"The selected file expands to more than {ZIP_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB "
                    "when opened: save it again without large embedded images",
                    code="zip_size",
                )
            names = [member.filename for member in members]
            if any(unsafe_member_name(name) for name in names):
                raise ValidationError(
                    "The selected file contains parts with unsafe names, like ../: it cannot be accepted",
                    code="zip_path",
                )
            if file_type == DOCX:
                if not DOCX_REQUIRED_MEMBERS <= set(names):
                    raise damaged
                if DOCX_FORBIDDEN_MEMBERS & {name.lower() for name in names}:
                    raise ValidationError(
                        "The selected file contains macros: save it as a plain Word document (.docx) without them",
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
