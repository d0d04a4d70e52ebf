"""PDFs written by reportlab and by qpdf (pikepdf), and hostile variants of them.

Each hostile variant changes one thing in a real PDF and is saved again by
qpdf, so that a test shows which rule refuses it.
"""

import io

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.jobs.documents import real_docx


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
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [6 0 R] >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 18 Tf 72 770 Td (Data analyst) Tj ET
endstream endobj
5 0 obj << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> endobj
6 0 obj << /Type /Annot /Subtype /Link /Rect [72 760 300 790] /A 5 0 R >> endobj
trailer << /Size 7 /Root 1 0 R >>
%%EOF
"""


def pdf_after_html():
    """A page's markup before the PDF header: a browser shown this file sees a web page."""
    return b"<html><body><script>alert(1)</script></body></html>\n" + reportlab_pdf()


def pdf_before_zip():
    """A PDF with a zip archive after its end: a zip tool opened on it finds the archive."""
    return reportlab_pdf() + real_docx()
