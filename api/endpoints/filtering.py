"""The HTML pages' own filter sets, applied to the API's query parameters, so both give the same results."""

from api.problems import invalid_parameters

# A slug or name that names nothing (an unknown theme, a council with no job descriptions)
# matches nothing: a 200 with no results, as a search for it would be. Anything else
# wrong with a parameter is the client's mistake, and a 400 says which.
MATCHES_NOTHING = {"invalid_choice"}


def filtered(filterset):
    """The filter set's rows; none for a value that names nothing; a 400 naming any other bad parameter."""
    if not (filterset.is_bound and filterset.form.errors):
        return filterset.qs
    errors = {
        name: problems for name, problems in filterset.form.errors.as_data().items() if name in filterset.form.fields
    }
    if all(error.code in MATCHES_NOTHING for problems in errors.values() for error in problems):
        return filterset.queryset.none()
    raise invalid_parameters(
        [
            {"parameter": name, "message": " ".join(message for error in problems for message in error.messages)}
            for name, problems in errors.items()
        ]
    )
