"""Small real files for upload tests: a PDF, a DOCX and an ODT, and hostile variants of them."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 18 Tf 72 770 Td (Data analyst) Tj ET
endstream endobj
xref
0 5
0000000000 65535 f
trailer << /Size 5 /Root 1 0 R >>
startxref
0
%%EOF
"""

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
RELS_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Data analyst</w:t></w:r></w:p></w:body></w:document>"
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:text><text:p>Data analyst</text:p></office:text></office:body>"
    b"</office:document-content>"
)


def zip_bytes(members, *, stored_first=False):
    """A zip of (name, bytes) pairs; with stored_first, the first is stored uncompressed (as ODT requires)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            compression = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def docx_bytes(extra=()):
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("_rels/.rels", RELS_XML),
            ("word/document.xml", DOCUMENT_XML),
            *extra,
        ]
    )


def odt_bytes(mimetype=ODT_MIMETYPE):
    return zip_bytes(
        [("mimetype", mimetype), ("META-INF/manifest.xml", ODT_MANIFEST), ("content.xml", ODT_CONTENT)],
        stored_first=True,
    )


def zip_bomb_docx():
    """A DOCX whose parts expand to 60 MB: a megabyte of zeros compresses to about a kilobyte."""
    return docx_bytes(extra=[(f"word/media/padding{n}.bin", b"\0" * (1024 * 1024)) for n in range(60)])


def many_parts_docx():
    return docx_bytes(extra=[(f"word/parts/{n}.xml", b"<x/>") for n in range(1001)])


def traversal_docx():
    return docx_bytes(extra=[("../../etc/cron.d/evil", b"* * * * * root true")])


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)
