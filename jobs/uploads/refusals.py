"""What a contributor is told when their file is refused, and what the log is told.

The contributor gets one plain sentence they can act on; it never names the
part of the file or the rule that caught it, which would only help someone
probing the checks. The reason goes to the log (and to tests, through the
error's params) so that a moderator can explain a refusal if asked.
"""

import logging

from django.core.exceptions import ValidationError

logger = logging.getLogger("jobs.uploads")

ACTIVE_CONTENT = "The selected file contains macros or active content. Save it as a plain document and try again"


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
