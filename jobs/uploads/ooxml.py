"""What a DOCX really holds: its content types, every relationship, and every XML part.

A macro-enabled document renamed .docx, or with its VBA project stored under
an innocent name, is still found: through the content types it declares, the
relationships that point to it, or the OLE container its bytes are (checked
in archive.py for every member). Also refused: relationships that reach
outside the file (a remote template runs the macros Word loads with it, and
a remote image or frame reports who opened the file), DDE fields (they ask to
run a program), ActiveX controls and OLE objects, and imported chunks of
foreign content (altChunk: HTML, RTF or another document pulled in on open).
Hyperlinks are external relationships too, but only followed when clicked:
they are kept, for web and email addresses only.
"""

import posixpath
from urllib.parse import urlsplit

from jobs.uploads import xmlparts
from jobs.uploads.refusals import active_content, damaged

DOCX = "docx"
CONTENT_TYPES_PART = "[Content_Types].xml"
ROOT_RELATIONSHIPS_PART = "_rels/.rels"
MAIN_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Transitional and Strict OOXML name the same things in two sets of namespaces.
WORDPROCESSING_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
OFFICE_DOCUMENT_RELATIONSHIPS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
}
# Words in a content type that mean code or an embedded program, wherever they are used.
ACTIVE_CONTENT_TYPE_WORDS = ("macroenabled", "vba", "activex", "oleobject", "keymapcustomizations")
# The last segment of a relationship type that points to code, controls, embedded
# or imported documents, or content fetched from elsewhere.
ACTIVE_RELATIONSHIP_TYPES = {
    "activex",
    "activexcontrolbinary",
    "afchunk",
    "attachedtemplate",
    "control",
    "frame",
    "keymapcustomizations",
    "oleobject",
    "package",
    "subdocument",
}
# WordprocessingML elements for OLE objects, ActiveX controls and imported content.
ACTIVE_ELEMENTS = {"object", "control", "objectEmbed", "objectLink", "altChunk"}
OTHER_ACTIVE_ELEMENTS = {
    ("urn:schemas-microsoft-com:office:office", "OLEObject"),
    ("http://schemas.microsoft.com/office/2006/activeX", "ocx"),
}
ACTIVE_NAME_WORDS = ("vbaproject", "vbadata", "activex", "oleobject", "/embeddings/")
# Fields that ask Word to start another program and read what it says.
DDE_FIELDS = {"DDE", "DDEAUTO"}
HYPERLINK_SCHEMES = {"http", "https", "mailto"}


def check(parts):
    """Raise ValidationError unless `parts` (archive.read_parts) is a plain Word document."""
    if CONTENT_TYPES_PART not in parts or ROOT_RELATIONSHIPS_PART not in parts:
        raise damaged(DOCX, "no content types or package relationships")
    for name in parts:
        if any(word in name.lower() for word in ACTIVE_NAME_WORDS):
            raise active_content(f"{name!r}: named as a macro project or embedded object")
    trees = {name: xmlparts.parse(part, DOCX) for name, part in parts.items() if part.looks_like_xml()}
    trees = {name: tree for name, tree in trees.items() if tree is not None}
    if CONTENT_TYPES_PART not in trees:
        raise damaged(DOCX, "empty content types")
    content_types = _content_types(trees[CONTENT_TYPES_PART])
    main = None
    for name, tree in trees.items():
        if _is_relationships_part(name):
            for target, relationship_type in _internal_targets(name, tree):
                if relationship_type in OFFICE_DOCUMENT_RELATIONSHIPS and name == ROOT_RELATIONSHIPS_PART:
                    main = target
        _check_elements(name, tree)
    if main is None or main not in parts:
        raise damaged(DOCX, "no main document")
    # Macro-enabled types were refused above; anything else (a template, a
    # spreadsheet) is not a Word document.
    if _content_type_of(main, content_types) != MAIN_DOCUMENT_TYPE:
        raise damaged(DOCX, f"{main!r}: main document is {_content_type_of(main, content_types)!r}")


def _content_types(tree):
    """{"defaults": {extension: type}, "overrides": {part name: type}}, every type checked on the way."""
    defaults, overrides = {}, {}
    for element in tree.iter():
        _, local = xmlparts.split_tag(element.tag)
        content_type = (element.get("ContentType") or "").strip()
        if local not in ("Default", "Override"):
            continue
        if any(word in content_type.lower() for word in ACTIVE_CONTENT_TYPE_WORDS):
            raise active_content(f"content type {content_type!r}")
        if local == "Default":
            defaults[(element.get("Extension") or "").lower()] = content_type
        else:
            overrides[(element.get("PartName") or "").lstrip("/").lower()] = content_type
    return {"defaults": defaults, "overrides": overrides}


def _content_type_of(name, content_types):
    if (override := content_types["overrides"].get(name.lower())) is not None:
        return override
    return content_types["defaults"].get(posixpath.splitext(name)[1].lstrip(".").lower())


def _is_relationships_part(name):
    return name.lower().endswith(".rels")


def _internal_targets(rels_name, tree):
    """Check each relationship in a .rels part; yield (target part name, type) for those inside the package."""
    # word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
    source_folder = posixpath.dirname(posixpath.dirname(rels_name))
    for element in tree.iter():
        if xmlparts.split_tag(element.tag)[1] != "Relationship":
            continue
        relationship_type = (element.get("Type") or "").strip()
        kind = relationship_type.rstrip("/").rsplit("/", 1)[-1].lower()
        target = (element.get("Target") or "").strip()
        if "vba" in kind or kind in ACTIVE_RELATIONSHIP_TYPES:
            raise active_content(f"{rels_name!r}: a {kind} relationship")
        if (element.get("TargetMode") or "").strip().lower() == "external":
            if kind != "hyperlink" or urlsplit(target).scheme.lower() not in HYPERLINK_SCHEMES:
                raise active_content(f"{rels_name!r}: an external {kind} relationship to {target[:80]!r}")
            continue
        path = target.split("#", 1)[0]
        resolved = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(source_folder, path))
        if resolved.startswith("../") or resolved == "..":
            raise damaged(DOCX, f"{rels_name!r}: a target outside the package")
        yield resolved, relationship_type


def _tags(*locals_):
    """The ElementTree tags (or attribute names) of WordprocessingML names, in both namespaces."""
    return {f"{{{namespace}}}{local}" for namespace in WORDPROCESSING_NAMESPACES for local in locals_}


ACTIVE_TAGS = _tags(*ACTIVE_ELEMENTS) | {f"{{{namespace}}}{local}" for namespace, local in OTHER_ACTIVE_ELEMENTS}
SIMPLE_FIELD, FIELD_CHAR, INSTRUCTION = _tags("fldSimple"), _tags("fldChar"), _tags("instrText", "delInstrText")
INSTRUCTION_ATTRIBUTE, FIELD_CHAR_TYPE = _tags("instr"), _tags("fldCharType")


def _check_elements(name, tree):
    """OLE objects, ActiveX controls and imported chunks in the XML; DDE in any field."""
    for element in tree.iter():
        if element.tag in ACTIVE_TAGS:
            raise active_content(f"{name!r}: a {xmlparts.split_tag(element.tag)[1]} element")
    for instruction in _field_instructions(tree):
        if instruction is None:
            raise active_content(f"{name!r}: a field whose type is made by another field")
        words = instruction.split(maxsplit=1)
        if words and words[0].upper() in DDE_FIELDS:
            raise active_content(f"{name!r}: a {words[0]} field")


def _attribute(element, names):
    return next((element.get(name) for name in names if name in element.attrib), None)


def _field_instructions(tree):
    """Each field's instruction text, simple fields and complex ones (split over many runs) alike.

    A complex field is begin, instruction runs, separate, result, end, and
    fields nest. One whose instruction starts with a nested field has its type
    computed when Word updates it (a known way of spelling DDE without the
    letters): it is yielded as None.
    """
    stack = []  # for each open field: [instruction pieces, still in the instruction]
    for element in tree.iter():
        tag = element.tag
        if tag in SIMPLE_FIELD:
            yield _attribute(element, INSTRUCTION_ATTRIBUTE) or ""
        elif tag in FIELD_CHAR:
            kind = _attribute(element, FIELD_CHAR_TYPE)
            if kind == "begin":
                if stack and stack[-1][1] and not "".join(stack[-1][0]).strip():
                    yield None
                stack.append([[], True])
            elif kind == "separate" and stack:
                stack[-1][1] = False
            elif kind == "end" and stack:
                yield "".join(stack.pop()[0])
        elif tag in INSTRUCTION and stack and stack[-1][1]:
            stack[-1][0].append(element.text or "")
    for pieces, _ in stack:
        yield "".join(pieces)
