"""Uploads are checked by what they contain, not by their names.

Each bad file gets a clear error, and nothing is stored.
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError

from jobs.models import JobDescription
from jobs.uploads import MAX_UPLOAD_BYTES, PrivateStorage, check_upload, unsafe_member_name
from jobs.uploads.refusals import ACTIVE_CONTENT as ACTIVE
from tests.jobs import files
from tests.jobs.conftest import contribution, stored_files

URL = "/jobs/contribute/"

HTML_PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
)


def too_big_pdf():
    return files.PDF + b"%" + b"0" * (MAX_UPLOAD_BYTES - len(files.PDF))


NOT_A_REAL_PDF = "The selected file must be a PDF, DOCX or ODT. It is named .pdf but is another kind of file"
DAMAGED_DOCX = "The selected file could not be opened as a DOCX. Save it again and select it"
BAD_UPLOADS = [
    ("page.pdf", HTML_PAGE, NOT_A_REAL_PDF),
    ("setup.pdf", WINDOWS_EXE, NOT_A_REAL_PDF),
    ("jd.pdf.exe", files.PDF, "The selected file must be a PDF, DOCX or ODT"),
    (
        "jd.exe.pdf",
        files.PDF,
        "The selected file must have a name with one extension, like job-description.pdf",
    ),
    (
        "jd.html.docx",
        files.docx_bytes(),
        "The selected file must have a name with one extension, like job-description.docx",
    ),
    ("jd.txt", b"Data analyst", "The selected file must be a PDF, DOCX or ODT"),
    ("no-extension", files.PDF, "The selected file must be a PDF, DOCX or ODT"),
    ("empty.pdf", b"", "The selected file is empty"),
    ("huge.pdf", too_big_pdf(), "The selected file must be smaller than 5MB"),
    (
        "pdf-as-docx.docx",
        files.PDF,
        "The selected file must be a PDF, DOCX or ODT. It is named .docx but is another kind of file",
    ),
    (
        "docx-as-odt.odt",
        files.docx_bytes(),
        "The selected file must be a PDF, DOCX or ODT. It is named .odt but is another kind of file",
    ),
    (
        "bomb.docx",
        files.zip_bomb_docx(),
        "The selected file must be smaller than 50MB when opened. Save it again without large images",
    ),
    (
        "parts.docx",
        files.many_parts_docx(),
        "The selected file must have fewer than 1,000 parts. Save it again as a plain DOCX",
    ),
    (
        "escape.docx",
        files.traversal_docx(),
        "The selected file must not contain parts with names like ../",
    ),
    ("plain.docx", files.zip_bytes([("hello.txt", b"hi")]), DAMAGED_DOCX),
    ("truncated.docx", files.docx_bytes()[:300], DAMAGED_DOCX),
    (
        "macros.docx",
        files.docx_bytes(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]),
        ACTIVE,
    ),
    (
        "spreadsheet.odt",
        files.odt_bytes(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
        "The selected file must be a PDF, DOCX or ODT. It is named .odt but is another kind of file",
    ),
    (
        "unstored-sheet.odt",
        files.zip_bytes(
            [
                ("META-INF/manifest.xml", files.ODT_MANIFEST),
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ]
        ),
        "The selected file could not be opened as an ODT. Save it again and select it",
    ),
    (
        "nomime.odt",
        files.zip_bytes([("content.xml", files.ODT_CONTENT)]),
        "The selected file could not be opened as an ODT. Save it again and select it",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_check_upload_refuses(name, data, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(files.upload(name, data))
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [("jd.pdf", files.PDF, "pdf"), ("JD.DOCX", files.docx_bytes(), "docx"), ("jd.v2.odt", files.odt_bytes(), "odt")],
)
def test_check_upload_accepts_real_files_and_leaves_them_readable_from_the_start(name, data, expected):
    upload = files.upload(name, data)
    assert check_upload(upload) == expected
    assert upload.read() == data


@pytest.mark.parametrize(
    ("member", "unsafe"),
    [
        ("word/document.xml", False),
        ("a/b/../c.xml", True),
        ("../evil", True),
        ("/etc/passwd", True),
        ("\\windows\\evil", True),
        ("C:/evil", True),
        ("word\\..\\..\\evil", True),
        ("", True),
    ],
)
def test_unsafe_member_names(member, unsafe):
    assert unsafe_member_name(member) is unsafe


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_the_form_shows_each_bad_upload_as_an_error_and_stores_nothing(
    client, data_analyst, private_store, name, data, message
):
    post = contribution(data_analyst, external_url="", document=files.upload(name, data))
    response = client.post(URL, post)
    assert response.status_code == 400
    summary = response.text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert f'<a href="#id_document">{html.escape(message)}</a>' in summary
    assert (
        'class="govuk-file-upload govuk-file-upload--error"' in response.text
        or "govuk-file-upload--error" in response.text
    )
    assert JobDescription.objects.count() == 0
    assert stored_files(private_store) == []
    # The rest of what was typed is still there; only the file must be chosen again.
    assert re.search(r'name="title"[^>]*value="Data Analyst \(Housing\)"', response.text)
    assert "select the file again" in response.text


def test_private_storage_has_no_public_url(settings, tmp_path):
    settings.PRIVATE_UPLOADS_ROOT = tmp_path
    storage = PrivateStorage()
    assert storage.location == str(tmp_path.resolve())
    with pytest.raises(ValueError):
        storage.url("job-descriptions/x.pdf")


def test_private_storage_defaults_to_var_uploads_under_the_project(settings, monkeypatch):
    # The default lives in settings only: read the module as production would, without the variable.
    import loti.settings as production

    monkeypatch.delenv("PRIVATE_UPLOADS_ROOT", raising=False)
    assert str(production.PRIVATE_UPLOADS_ROOT) == str(production.BASE_DIR / "var" / "uploads")
    settings.PRIVATE_UPLOADS_ROOT = production.PRIVATE_UPLOADS_ROOT
    assert PrivateStorage().location == str((settings.BASE_DIR / "var" / "uploads").resolve())
