"""What an ODT really holds: no macros, no scripts, no event handlers, nothing loaded from elsewhere.

LibreOffice keeps Basic macros under Basic/ and other scripts under Scripts/,
lists them in the manifest, and runs them from event listeners (a document's
"on load" among them) or from links with a script: or macro: address. Any of
these is refused wherever it sits, including inside embedded objects. So are
DDE links (they ask another program for data), applets, plugins and OLE
objects, and content fetched when the file is opened (a linked section or
an image with a web address): that reports who opened the file.
"""

from urllib.parse import urlsplit

from jobs.uploads import xmlparts
from jobs.uploads.refusals import active_content, damaged

ODT = "odt"
MIMETYPE = b"application/vnd.oasis.opendocument.text"
MANIFEST_PART = "META-INF/manifest.xml"

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SCRIPT = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
XLINK = "http://www.w3.org/1999/xlink"

SCRIPT_FOLDERS = {"basic", "scripts"}
ACTIVE_ELEMENTS = {
    (OFFICE, "event-listeners"),
    (OFFICE, "script"),
    (SCRIPT, "event-listener"),
    (PRESENTATION, "event-listener"),
    (DRAW, "applet"),
    (DRAW, "plugin"),
    (DRAW, "object-ole"),
    (DRAW, "floating-frame"),
    (TEXT, "section-source"),
}
DDE_NAMESPACES = {OFFICE, TEXT, TABLE}
# Elements whose address is loaded when the document is shown (links are only followed when clicked).
LOADED_ELEMENTS = {(DRAW, "image"), (DRAW, "object"), (DRAW, "fill-image"), (STYLE, "background-image")}
# Addresses that run code when followed, in a link, a toolbar or a key binding.
SCRIPT_SCHEMES = ("vnd.sun.star.script:", "vnd.sun.star.basic:", "macro:", "javascript:", "vbscript:", "service:")


def check(parts):
    """Raise ValidationError unless `parts` (archive.read_parts) is a plain text document."""
    mimetype = parts.get("mimetype")
    if mimetype is None or mimetype.data is None or mimetype.data.strip() != MIMETYPE:
        raise damaged(ODT, "no text document mimetype")
    if MANIFEST_PART not in parts:
        raise damaged(ODT, "no manifest")
    for name in parts:
        if SCRIPT_FOLDERS & {segment.lower() for segment in name.split("/")[:-1]}:
            raise active_content(f"{name!r}: in a script folder")
    for name, part in parts.items():
        if part.looks_like_xml() and (tree := xmlparts.parse(part, ODT)) is not None:
            _check_elements(name, tree)


def _check_elements(name, tree):
    for element in tree.iter():
        namespace, local = xmlparts.split_tag(element.tag)
        if (namespace, local) in ACTIVE_ELEMENTS:
            raise active_content(f"{name!r}: a {local} element")
        if namespace in DDE_NAMESPACES and local.startswith("dde"):
            raise active_content(f"{name!r}: a {local} element")
        if (namespace, local) == (MANIFEST, "file-entry"):
            media_type = (element.get(f"{{{MANIFEST}}}media-type") or "").lower()
            path = element.get(f"{{{MANIFEST}}}full-path") or ""
            if "script" in media_type or "basic" in media_type:
                raise active_content(f"{name!r}: manifest lists {path!r} as {media_type!r}")
            if SCRIPT_FOLDERS & {segment.lower() for segment in path.split("/") if segment}:
                raise active_content(f"{name!r}: manifest lists {path!r}")
        for key, value in element.attrib.items():
            if xmlparts.split_tag(key) != (XLINK, "href"):
                continue
            address = value.strip().lower()
            if address.startswith(SCRIPT_SCHEMES):
                raise active_content(f"{name!r}: a link to {value[:80]!r}")
            loaded = (namespace, local) in LOADED_ELEMENTS or element.get(f"{{{XLINK}}}actuate") == "onLoad"
            if loaded and _outside_the_package(address):
                raise active_content(f"{name!r}: {local} loads {value[:80]!r}")


def _outside_the_package(address):
    return bool(urlsplit(address).scheme) or address.startswith(("/", "\\", "../"))
