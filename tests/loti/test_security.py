"""The security baseline: a hash-based CSP, headers, and `check --deploy` under production variables."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # No nonce: a page served from the cache is the same bytes under the same policy.
    assert "nonce" not in policy and "nonce" not in response.text
    assert f"script-src 'self' {settings.GOVUK_FRONTEND_INLINE_SCRIPT_HASH}" in policy


def test_the_inline_script_hash_in_the_policy_is_the_layouts_script():
    """Change a byte of GOV.UK Frontend's js-enabled script and the hash must change with it."""
    layout = (ROOT / "templates" / "base.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", layout, re.DOTALL)
    assert len(inline) == 1, "the layout has one inline script"
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert settings.GOVUK_FRONTEND_INLINE_SCRIPT_HASH == f"'sha256-{digest}'"


def test_templates_have_no_other_inline_scripts():
    # Any other would need a hash of its own; scripts belong in static/js.
    for path in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
            assert path.name == "base.html" or "src=" in tag or "application/json" in tag, (path, tag)


def test_templates_have_no_inline_styles_or_event_handlers():
    # CSP would block them: style-src and script-src allow no inline code of ours.
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"\sstyle=", text), path
        assert not re.search(r"\son[a-z]+=", text), path


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_forms_carry_a_csrf_token(client):
    assert 'name="csrfmiddlewaretoken"' in client.get("/accounts/login/").text


def test_posting_without_a_csrf_token_is_refused():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a@b.example", "password": "x"})
    assert response.status_code == 403


def production_environment():
    """The process environment with .env.example's production values on top."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value.strip('"')
    # The test runner's own switches are not production's.
    local_only = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in values and k not in local_only}
    return {**env, **values}


def test_check_deploy_is_clean_with_the_production_variables_from_env_example():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_variable_the_settings_read_is_documented_in_env_example():
    settings_text = (ROOT / "loti" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_text))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()
    # and each documented variable has a comment line just above it
    lines = (ROOT / ".env.example").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            assert lines[i - 1].startswith("#"), line


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/no-such-page/", "/projects/export.csv", "/healthz"])
def test_every_response_says_the_portal_uses_no_camera_microphone_location_or_payments(client, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
        assert feature in policy
