"""CSV downloads that are safe to open in a spreadsheet.

It lives in boroughs, the app every other app builds on, so that all of
them export the same way.
"""

import csv

from django.http import StreamingHttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a quote to text a spreadsheet would run as a formula; leave numbers alone."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream rows as a CSV attachment, so memory does not grow with the export's size."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a byte order mark, so Excel reads the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
