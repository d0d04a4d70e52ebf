"""docker-compose.yml against the Compose Specification, without Docker.

No Docker engine or `docker compose` plugin exists on the machines that run
the tests, so `docker compose config` cannot check the file; the
specification's own JSON schema (vendored in tests/schemas/, version noted in
its README) can. The nginx settings the proxy promises are read from its config here
and shown working in tests/deploy/test_proxy.py.
"""

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "compose-spec.json").read_text())
# The proxy service's site file; tests/deploy/test_proxy.py runs it in Debian's nginx.
NGINX_CONFIG = ROOT / "deploy" / "nginx" / "loti.conf"


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


def test_the_stack_has_a_proxy_in_front_of_web_and_its_database(compose):
    assert {"proxy", "web", "db"} <= set(compose["services"])


def test_only_the_proxy_publishes_a_port(compose):
    # gunicorn's sync workers must never meet a slow client directly (tests/deploy/test_proxy.py).
    published = sorted(name for name, service in compose["services"].items() if service.get("ports"))
    assert published == ["proxy"]


def test_proxy_runs_nginx_with_the_site_config_from_the_repository(compose):
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    source, target, *_ = proxy["volumes"][0].split(":")
    assert (ROOT / source).resolve() == NGINX_CONFIG
    assert target == "/etc/nginx/conf.d/default.conf"
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def test_web_reads_the_client_address_nginx_appends(compose):
    environment = compose["services"]["web"]["environment"]
    assert environment["DJANGO_BEHIND_PROXY"].endswith(":-true}")
    assert environment["DJANGO_PROXY_COUNT"].endswith(":-1}")


def nginx_directives(text):
    """Each directive's arguments, by name, wherever it is (nested blocks flattened): enough to check settings."""
    text = re.sub(r"#[^\n]*", "", text)
    directives = {}
    for statement in re.split(r"[;{}]", text):
        words = statement.split()
        if words:
            directives.setdefault(words[0], []).append(words[1:])
    return directives


def seconds(value):
    return int(value.removesuffix("s"))


def test_nginx_buffers_slow_clients_and_caps_bodies_at_6_mb():
    directives = nginx_directives(NGINX_CONFIG.read_text())
    assert directives["proxy_request_buffering"] == [["on"]]
    assert directives["proxy_buffering"] == [["on"]]
    assert directives["client_max_body_size"] == [["6m"]]
    assert seconds(directives["client_header_timeout"][0][0]) <= 15
    assert seconds(directives["client_body_timeout"][0][0]) <= 15


def test_nginx_leaves_compression_to_the_portal_and_passes_on_the_client_address():
    directives = nginx_directives(NGINX_CONFIG.read_text())
    # The portal gzips with Django's padding against BREACH (loti.middleware.CompressTextMiddleware)
    # and whitenoise sends brotli static files: compressing again here would only cost time.
    assert directives["gzip"] == [["off"]]
    headers = {args[0]: args[1] for args in directives["proxy_set_header"]}
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert headers["Host"] == "$host"
    assert directives["proxy_pass"] and all(args == ["http://loti_web"] for args in directives["proxy_pass"])
