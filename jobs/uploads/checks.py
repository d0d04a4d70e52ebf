"""The checks a job description upload must pass, in order, before anything is written.

First what is cheap and certain (the name, the size, libmagic's reading of
the first bytes), then what the file really holds: for DOCX and ODT the zip
archive is unpacked in memory with a cap (archive.py) and its parts read
(ooxml.py, odf.py); a PDF is read with qpdf (pdf.py). Each refusal is a
ValidationError with a sentence for the contributor.
"""

from pathlib import PurePosixPath

import magic
from django.core.exceptions import ValidationError

from jobs.uploads import archive, odf, ooxml, pdf, refusals

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

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
ARCHIVE_CHECKS = {DOCX: ooxml.check, ODT: odf.check}

# An inner extension that makes a name like `jd.exe.pdf` or `jd.html.pdf`
# misleading: someone (or something) is dressing one kind of file up as another.
MISLEADING_INNER_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "dll", "vbs", "vbe", "js", "jse", "wsf", "ps1", "sh",
    "jar", "app", "apk", "html", "htm", "xhtml", "svg", "php", "asp", "aspx", "jsp", "py", "pl", "rb",
    "pdf", "doc", "docx", "docm", "odt", "rtf", "txt", "zip", "rar", "7z", "gz", "iso", "lnk", "hta",
}  # fmt: skip


def file_type_for_name(name):
    """The file type an upload's name claims (pdf, docx or odt), or raise."""
    suffixes = [suffix.lower().lstrip(".") for suffix in PurePosixPath(name or "").suffixes]
    if not suffixes or suffixes[-1] not in CONTENT_TYPES:
        raise ValidationError(refusals.WRONG_TYPE, code="type")
    if len(suffixes) > 1 and suffixes[-2] in MISLEADING_INNER_EXTENSIONS:
        raise ValidationError(refusals.one_extension(suffixes[-1]), code="double_extension")
    return suffixes[-1]


def check_upload(uploaded):
    """Check a job description upload by its size, name and contents; return its type (pdf, docx or odt).

    Raises ValidationError with a message for the form. Nothing is written
    anywhere, and the upload is left readable from its start.
    """
    file_type = file_type_for_name(uploaded.name)
    if not uploaded.size:
        raise ValidationError(refusals.EMPTY, code="empty")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(refusals.smaller_than(MAX_UPLOAD_BYTES // (1024 * 1024)), code="too_big")
    uploaded.seek(0)
    # At most 5 MB: read once, and every check works on the same bytes.
    raw = uploaded.read(MAX_UPLOAD_BYTES + 1)
    uploaded.seek(0)
    detected = magic.from_buffer(raw[:8192], mime=True)
    if detected not in ACCEPTED_MAGIC[file_type]:
        raise ValidationError(refusals.disguised(file_type), code="content")
    if file_type == PDF:
        pdf.check(raw)
    else:
        ARCHIVE_CHECKS[file_type](archive.read_parts(raw, file_type))
    return file_type
