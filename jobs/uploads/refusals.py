"""What a contributor is told when their file is refused, and what the log is told.

Every sentence a refused upload shows is written here, once, in the GOV.UK
Design System's file upload wording ("The selected file ..."), so that the
checks in this package and the form cannot drift apart.

The contributor gets one plain sentence they can act on; it never names the
part of the file or the rule that caught it, which would only help someone
probing the checks. The reason goes to the log (and to tests, through the
error's params) so that a moderator can explain a refusal if asked.
"""

import logging

from django.core.exceptions import ValidationError

logger = logging.getLogger("jobs.uploads")

ACTIVE_CONTENT = "The selected file contains macros or active content. Save it as a plain document and try again"
WRONG_TYPE = "The selected file must be a PDF, DOCX or ODT"
EMPTY = "The selected file is empty"
NOT_UPLOADED = "The selected file could not be uploaded – try again"
PASSWORD = "The selected file is protected with a password. Remove the password and try again"
TOO_LONG = "The selected file is too long. Split it into shorter documents and try again"
PARENT_PATHS = "The selected file must not contain parts with names like ../"


def one_extension(file_type):
    return f"The selected file must have a name with one extension, like job-description.{file_type}"


def smaller_than(megabytes, when=""):
    return f"The selected file must be smaller than {megabytes}MB{when}"


def disguised(file_type):
    """Named as one type, but its bytes are another."""
    return f"{WRONG_TYPE}. It is named .{file_type} but is another kind of file"


def fewer_parts(file_type, limit=None):
    fewer = f"fewer than {limit:,} parts" if limit else "fewer parts"
    return f"The selected file must have {fewer}. Save it again as a plain {file_type.upper()}"


def refused(message, *, code, reason):
    """A ValidationError for the form, with the reason logged and kept in params["reason"]."""
    logger.warning("Upload refused (%s): %s", code, reason)
    # The message has no %(...)s placeholders, so the params never show in it.
    return ValidationError(message, code=code, params={"reason": reason})


def active_content(reason):
    return refused(ACTIVE_CONTENT, code="active_content", reason=reason)


def damaged(file_type, reason):
    article = "an" if file_type.lower() == "odt" else "a"
    message = f"The selected file could not be opened as {article} {file_type.upper()}. Save it again and select it"
    return refused(message, code="archive", reason=reason)
