"""A short run of `make loadtest`: a few simulated people, with PostgreSQL stopped briefly midway.

It starts its own PostgreSQL and gunicorn (scripts/loadtest.sh) and checks
afterwards that every write told it succeeded is in the database, that none
that failed is half there, and that the outage got friendly 503s, not errors.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.load,  # make test-fast skips it
    pytest.mark.skipif(
        not shutil.which("pg_ctl") and not list(Path("/usr/lib/postgresql").glob("*/bin")),
        reason="needs PostgreSQL server binaries",
    ),
]


def test_short_load_with_a_database_outage_loses_nothing():
    env = {**os.environ, "USERS": "6", "DURATION": "20", "OUTAGE_AT": "4", "OUTAGE_FOR": "3"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        ["bash", "scripts/loadtest.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Load test passed." in output
    assert "succeeded and are all in the database: True" in output
    assert "friendly 503s during the outage" in output
