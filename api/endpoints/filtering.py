"""The HTML pages' own filter sets, applied to the API's query parameters, so both give the same results."""

from api.problems import invalid_parameters


def filtered(filterset):
    """The filter set's rows, or a 400 naming each bad parameter (the HTML page would drop them and say so)."""
    if filterset.is_bound and filterset.form.errors:
        raise invalid_parameters(
            [
                {"parameter": name, "message": " ".join(messages)}
                for name, messages in filterset.form.errors.items()
                if name in filterset.form.fields
            ]
        )
    return filterset.qs
