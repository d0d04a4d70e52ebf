"""CSV downloads that are safe to open in a spreadsheet, and that fail loudly rather than arrive empty."""

import csv
import itertools
import unicodedata

from django.http import StreamingHttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rows read before the response starts: a database that fails by then is the 503 page, not a
# 200 with only a header row. Once streaming, a failure cuts the download short, which
# browsers report as failed.
ROWS_BEFORE_STREAMING = 500


def _as_a_spreadsheet_reads_it(text):
    """The text without leading invisible characters (format characters: zero-width space, BOM...),
    with compatibility forms folded (NFKC: fullwidth ＝ becomes =), as a spreadsheet may treat it."""
    folded = unicodedata.normalize("NFKC", text)
    start = 0
    while start < len(folded) and (unicodedata.category(folded[start]) == "Cf" or folded[start].isspace()):
        if folded[start] in FORMULA_TRIGGERS:
            break
        start += 1
    return folded[start:]


def neutralise(value):
    """Prefix a quote to text a spreadsheet would run as a formula, however disguised; leave numbers alone."""
    if value is None:
        return ""
    if isinstance(value, str) and _as_a_spreadsheet_reads_it(value).startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream rows as a CSV attachment, so memory does not grow with the export's size.

    The first rows are read here, before the response starts, so that a
    database that is down raises now (and shows the 503 page).
    """
    writer = csv.writer(_Echo())
    rows = iter(rows)
    first = list(itertools.islice(rows, ROWS_BEFORE_STREAMING))

    def lines():
        yield "\ufeff"  # a byte order mark, so Excel reads the file as UTF-8
        yield writer.writerow(header)
        for row in itertools.chain(first, rows):
            yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
