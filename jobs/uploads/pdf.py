"""What a PDF really holds, read with qpdf (pikepdf): nothing that runs, launches or hides a file.

Names in a PDF can be spelt with escapes (/J#61vaScript is /JavaScript) and
objects can sit inside compressed object streams, so a search of the bytes
misses them; qpdf reads the file as a viewer would, and every object it finds
is looked at. Refused: JavaScript, actions run on opening the file or a page
or on any event (/OpenAction unless it only says which page to show, /AA),
actions that launch programs, fetch other files or send form data, embedded
files and attachments, XFA forms (they carry scripts) and rich media. So is
anything before the %PDF header or after the last %%EOF: that is how one file
is made to be a PDF to one program and an HTML page or archive to another.
"""

import io
from urllib.parse import urlsplit

import pikepdf

from jobs.uploads.refusals import PASSWORD, active_content, damaged, disguised, fewer_parts, refused

PDF = "pdf"
# A 5 MB job description has a few thousand objects; millions would take the
# check itself too long to walk.
PDF_MAX_OBJECTS = 100_000
TRAILING_WHITESPACE = b" \t\r\n\x00\x0c"

ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/RichMediaExecute",
    "/Movie",
    "/Sound",
}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
LINK_SCHEMES = {"http", "https", "mailto"}


def check(raw):
    """Raise ValidationError unless `raw` is a PDF with nothing active in it, and nothing around it."""
    if not raw.startswith(b"%PDF-"):
        raise _foreign("content before the %PDF header")
    end = raw.rfind(b"%%EOF")
    if end < 0:
        raise damaged(PDF, "no %%EOF")
    if raw[end + len(b"%%EOF") :].strip(TRAILING_WHITESPACE):
        raise _foreign("content after the last %%EOF")
    try:
        with pikepdf.open(io.BytesIO(raw)) as pdf:
            objects = pdf.objects
            if len(objects) > PDF_MAX_OBJECTS:
                raise refused(
                    fewer_parts(PDF),
                    code="pdf_objects",
                    reason=f"{len(objects)} objects",
                )
            for number, obj in enumerate(objects):
                _check_object(obj, number)
    except pikepdf.PasswordError:
        raise refused(
            PASSWORD,
            code="password",
            reason="encrypted PDF",
        ) from None
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError) as error:
        # qpdf gives up on some damage with errors other than PdfError.
        raise damaged(PDF, f"qpdf: {type(error).__name__}: {error}") from None


def _foreign(reason):
    return refused(
        disguised(PDF),
        code="content",
        reason=reason,
    )


def _check_object(obj, number):
    """Walk one indirect object and the direct objects inside it (indirect ones are walked in their turn)."""
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, (pikepdf.Dictionary, pikepdf.Stream)):
            _check_dictionary(current, number)
            values = [current[key] for key in current.keys()]
        elif isinstance(current, pikepdf.Array):
            values = list(current)
        else:
            continue
        # Numbers, strings and names come back as Python values: only containers hold more.
        pending.extend(
            value
            for value in values
            if isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect
        )


def _check_dictionary(dictionary, number):
    keys = set(dictionary.keys())
    if found := keys & ACTIVE_KEYS:
        raise active_content(f"object {number}: {sorted(found)}")
    action = dictionary.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in ACTIVE_ACTIONS:
        raise active_content(f"object {number}: a {action} action")
    if str(action) == "/URI":
        address = str(dictionary.get("/URI", ""))
        if urlsplit(address).scheme.lower() not in LINK_SCHEMES:
            raise active_content(f"object {number}: a link to {address[:80]!r}")
    subtype = dictionary.get("/Subtype")
    if isinstance(subtype, pikepdf.Name) and str(subtype) in ACTIVE_SUBTYPES:
        raise active_content(f"object {number}: a {subtype} annotation or object")
    if str(dictionary.get("/Type", "")) == "/EmbeddedFile":
        raise active_content(f"object {number}: an embedded file")
    # An array only names the page and zoom to open at (LibreOffice writes
    # one); a dictionary is an action, run when the file opens.
    open_action = dictionary.get("/OpenAction")
    if isinstance(open_action, pikepdf.Dictionary) and str(open_action.get("/S", "")) != "/GoTo":
        raise active_content(f"object {number}: an /OpenAction")
