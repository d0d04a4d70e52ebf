"""docker-compose.yml against the Compose Specification, without Docker.

No Docker engine or `docker compose` plugin exists on the machines that run
the tests, so `docker compose config` cannot check the file; the
specification's own JSON schema (vendored in tests/schemas/, version noted in
its README) can.
"""

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "compose-spec.json").read_text())


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def schema_errors(document):
    validator = Draft202012Validator(SCHEMA)
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


def test_vendored_schema_is_itself_a_valid_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_docker_compose_yml_follows_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_schema_refuses_a_misspelt_service_key(compose):
    # Guards the test above: a schema that accepted anything would pass it too.
    broken = {**compose, "services": {**compose["services"], "web": {**compose["services"]["web"], "helthcheck": {}}}}
    assert any("helthcheck" in error for error in schema_errors(broken))


def test_every_service_has_a_healthcheck(compose):
    # `depends_on: condition: service_healthy` and `docker compose ps` both rely on one.
    missing = [
        name
        for name, service in compose["services"].items()
        if not service.get("healthcheck", {}).get("test") or service["healthcheck"].get("disable")
    ]
    assert compose["services"]
    assert missing == []


def test_a_worker_from_the_web_image_sends_the_email_and_runs_the_daily_jobs(compose):
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    assert worker["image"] == web["image"]
    assert worker["command"][:3] == ["python", "manage.py", "run_worker"]
    assert worker["environment"]["RUN_MIGRATIONS"] == "false"  # web migrates; worker waits for it
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
