"""DOCX and ODT files are zip archives: unpack one in memory, safely, trusting none of its own numbers.

A zip says twice how big each member is (in the central directory at the end
and in each member's local header) and word processors disagree on which to
believe. So the sizes are never trusted: every member is inflated here, from
its local header, with a running total capped for the whole archive, and the
archive is refused when the members do not follow one another exactly (a gap
or an overlap is how entries get hidden from one reader and shown to another,
and how one compressed block is counted many times).
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from jobs.uploads.refusals import PARENT_PATHS, TOO_LONG, active_content, damaged, fewer_parts, refused, smaller_than

# A real DOCX or ODT has tens of parts and expands to a few megabytes; these
# leave room for embedded images while refusing zip bombs.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# XML parts are parsed whole; a long job description's text is well under a megabyte.
XML_PART_MAX_BYTES = 10 * 1024 * 1024

# Archives and OLE compound files (the container of VBA projects, OLE objects
# and old .doc files) inside the archive: embedded documents bring their own
# macros and objects, and are refused whatever the member is called.
NESTED_CONTAINER_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
)

_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
_DATA_DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
_CHUNK = 64 * 1024
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Part:
    """One member of the archive, as inflated here: its first bytes, and all of it when it may be XML."""

    name: str
    size: int
    head: bytes
    data: bytes | None
    # By its name or its first bytes: parsed as XML (and refused if it has a DOCTYPE).
    xml: bool

    def looks_like_xml(self):
        return self.xml


def unsafe_member_name(name):
    """True for a member that would land outside the folder it was unpacked in."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or _WINDOWS_DRIVE.match(name) or "\x00" in name:
        return True
    return ".." in PurePosixPath(name).parts


def read_parts(raw, file_type):
    """The archive's members by name, checked and inflated; raise ValidationError for anything unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        struct.error,
    ) as error:
        raise damaged(file_type, f"not a zip archive: {error}") from None
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise refused(
            fewer_parts(file_type, ZIP_MAX_MEMBERS),
            code="zip_members",
            reason=f"{len(members)} members",
        )
    if any(unsafe_member_name(member.filename) for member in members):
        raise refused(
            PARENT_PATHS,
            code="zip_path",
            reason="a member's path leaves the archive",
        )
    # Part names are case-insensitive in OOXML: two spellings of one name let
    # this check read one copy and Word the other.
    if len({member.filename.lower() for member in members}) != len(members):
        raise damaged(file_type, "two members with the same name")

    parts = {}
    inflated = 0
    # In file order, each member must start exactly where the one before ended.
    expected_offset = 0
    for member in sorted(members, key=lambda member: member.header_offset):
        if member.header_offset != expected_offset:
            raise damaged(file_type, f"{member.filename!r} is not where the previous member ended")
        part, end = _inflate(raw, member, file_type, budget=ZIP_MAX_UNCOMPRESSED_BYTES - inflated)
        inflated += part.size
        parts[part.name] = part
        expected_offset = end
    if expected_offset != archive.start_dir:
        raise damaged(file_type, "data between the last member and the central directory")
    return parts


def _too_big(file_type):
    return refused(
        smaller_than(ZIP_MAX_UNCOMPRESSED_BYTES // (1024 * 1024), " when opened. Save it again without large images"),
        code="zip_size",
        reason="inflated size over the cap",
    )


def _inflate(raw, member, file_type, *, budget):
    """Inflate one member from its local header; return the Part and the offset just past it."""
    offset = member.header_offset
    header = raw[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise damaged(file_type, f"{member.filename!r}: truncated local header")
    signature, _, flags, method, _, _, _, local_compressed, _, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != _LOCAL_HEADER_SIGNATURE:
        raise damaged(file_type, f"{member.filename!r}: no local header")
    if flags & 0x1:
        raise damaged(file_type, f"{member.filename!r}: encrypted")
    name_start = offset + _LOCAL_HEADER.size
    local_name = raw[name_start : name_start + name_length].decode("utf-8" if flags & 0x800 else "cp437", "replace")
    if local_name != member.orig_filename:
        raise damaged(file_type, f"{member.filename!r}: local header names {local_name!r}")
    start = name_start + name_length + extra_length

    xml = member.filename.lower().endswith((".xml", ".rels"))
    # ODT's first member says what kind of document it is, in plain text.
    keep = xml or member.filename == "mimetype"
    if method == zipfile.ZIP_STORED:
        # Stored data has no end marker: its size is the only one there is, and
        # it cannot be bigger than the upload itself.
        size = member.compress_size
        data = raw[start : start + size]
        if len(data) != size or (local_compressed not in (0, size)):
            raise damaged(file_type, f"{member.filename!r}: stored size does not match")
        if size > budget:
            raise _too_big(file_type)
        crc = zlib.crc32(data)
        end = start + size
    elif method == zipfile.ZIP_DEFLATED:
        data, size, crc, end = _inflate_deflated(raw, start, member, file_type, budget=budget)
    else:
        raise damaged(file_type, f"{member.filename!r}: compression method {method}")
    if crc != member.CRC or size != member.file_size:
        raise damaged(file_type, f"{member.filename!r}: size or checksum differs from the directory")
    if flags & 0x8:
        end = _skip_data_descriptor(raw, end)
    head = bytes(data[:16])
    if _starts_like_xml_prolog(head):
        xml = keep = True
    if xml and size > XML_PART_MAX_BYTES:
        raise refused(
            TOO_LONG,
            code="xml_size",
            reason=f"{member.filename!r}: {size} bytes of XML",
        )
    if head.startswith(NESTED_CONTAINER_SIGNATURES):
        raise active_content(f"{member.filename!r}: an archive or OLE container inside the archive")
    return Part(name=member.filename, size=size, head=head, data=bytes(data) if keep else None, xml=xml), end


# What an XML document can start with before its root element, where a
# DOCTYPE would have to be: a declaration or processing instruction, a comment,
# or the DOCTYPE itself; in UTF-8 or UTF-16. A binary part (an obfuscated font,
# say) starts with these two bytes by chance once in 30,000.
_XML_PROLOG_STARTS = (
    b"<?",
    b"<!",
    b"\xff\xfe<\x00",
    b"\xfe\xff\x00<",
    b"<\x00?\x00",
    b"<\x00!\x00",
    b"\x00<\x00?",
    b"\x00<\x00!",
)


def _starts_like_xml_prolog(head):
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_XML_PROLOG_STARTS)


def _inflate_deflated(raw, start, member, file_type, *, budget):
    """Inflate until the deflate stream itself ends, whatever the headers say, stopping at the budget.

    The data is kept only up to the XML cap plus one chunk: beyond that only
    its size and checksum are counted.
    """
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    position = start
    size = 0
    crc = 0
    kept = []
    kept_size = 0
    pending = b""
    while not decompressor.eof:
        if pending:
            chunk = pending
        elif position < len(raw):
            chunk = raw[position : position + _CHUNK]
            position += len(chunk)
        else:
            chunk = b""
        try:
            out = decompressor.decompress(chunk, _CHUNK)
        except zlib.error as error:
            raise damaged(file_type, f"{member.filename!r}: {error}") from None
        pending = decompressor.unconsumed_tail
        if not out and not chunk and not pending and not decompressor.eof:
            raise damaged(file_type, f"{member.filename!r}: the compressed data is cut short")
        size += len(out)
        if size > budget:
            raise _too_big(file_type)
        crc = zlib.crc32(out, crc)
        if kept_size <= XML_PART_MAX_BYTES:
            kept.append(out)
            kept_size += len(out)
    end = position - len(decompressor.unused_data)
    # Cut at the XML cap at most: a part bigger than that is refused if it is
    # XML, and only its first bytes are looked at otherwise.
    return b"".join(kept), size, crc, end


def _skip_data_descriptor(raw, end):
    """The crc and sizes some writers put after the data: 12 to 24 bytes, with or without a signature."""
    if raw[end : end + 4] == _DATA_DESCRIPTOR_SIGNATURE:
        end += 4
    for length in (12, 20):
        following = raw[end + length : end + length + 4]
        if following[:2] == b"PK" or end + length == len(raw):
            return end + length
    return end + 12
