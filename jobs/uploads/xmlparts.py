"""Every XML part of an uploaded document is parsed with defusedxml, refusing any DOCTYPE.

Word and LibreOffice never write a DOCTYPE, so one in a DOCX or ODT is there
for an entity trick (billion laughs, or an external entity that reads a local
file or calls a server when the file is opened by a less careful program).
Parsing, not searching for the text, is what finds one in any encoding.
"""

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from jobs.uploads.refusals import active_content, damaged


def parse(part, file_type):
    """The part's root element, or None when it is empty; raise ValidationError for a DOCTYPE, an entity or broken XML.

    LibreOffice leaves some parts empty (Configurations2/accelerator/current.xml):
    there is nothing in them to run.
    """
    if not part.data.strip():
        return None
    try:
        return fromstring(part.data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise active_content(f"{part.name!r}: {type(error).__name__}") from None
    except (ParseError, ValueError) as error:
        raise damaged(file_type, f"{part.name!r}: {error}") from None


def split_tag(tag):
    """("namespace", "local name") of an ElementTree tag or attribute name."""
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag if isinstance(tag, str) else ""
