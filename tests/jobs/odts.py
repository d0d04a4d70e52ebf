"""ODT files made by odfpy (which writes OpenDocument as LibreOffice does), and hostile variants of them.

Each hostile variant changes one thing in a real document, so that a test
shows which rule refuses it.
"""

import io
import zipfile

from odf import draw, opendocument, table, text

from tests.jobs.documents import members, png_1x1


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
