"""The Open Government Licence v3.0, named in every response: its links and a `Link` header."""

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def add_licence_link(response):
    response["Link"] = f'<{LICENCE_URL}>; rel="license"; title="{LICENCE_NAME}"'
    return response
