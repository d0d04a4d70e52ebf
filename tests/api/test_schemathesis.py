"""Schemathesis against a live server, from the OpenAPI document alone.

It generates requests from what the document says each endpoint takes
(valid and invalid), sends them over HTTP, and checks each answer: never a
server error, and status, content type, headers and body as documented.
Bounded (a fixed number of examples an endpoint, derandomised) so that
`make test` stays within minutes and gives the same cases every run.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.conftest import load_reference_data
from tests.factories import (
    CheckInFactory,
    JobDescriptionFactory,
    ParticipationFactory,
    ProjectFactory,
    RoleFactory,
    VacancyFactory,
    borough,
)

EXAMPLES_PER_ENDPOINT = 30


@pytest.fixture
def api_schema(live_server, transactional_db, settings):
    settings.API_REQUESTS_PER_MINUTE = 0  # schemathesis sends far more than a person would
    load_reference_data()
    project = ProjectFactory(slug="wifi")
    ParticipationFactory(project=project, borough=borough("camden"), role="lead")
    role = RoleFactory(slug="data-analyst")
    JobDescriptionFactory(role=role)
    VacancyFactory(role=role)
    CheckInFactory()
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


# Each endpoint in turn, by hand: schemathesis's own pytest plugin does not load under pytest 9.
def test_every_generated_request_is_answered_as_the_document_says(api_schema, live_server):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_ENDPOINT,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(base_url=live_server.url)

        check()
