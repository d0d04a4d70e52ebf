"""The SQLite demo (`make run`) takes parallel writes: they wait their turn instead of failing.

Without WAL, IMMEDIATE transactions and a busy timeout (loti/settings.py),
the same run answers most of its 24 parallel requests with a 500 "database
is locked" (python -m tests.loti.sqlite_parallel_writes FILE --without-options).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_on_sqlite(module, tmp_path):
    """Run a tests.loti script against a new SQLite file, as `make run` uses; its last line of JSON."""
    result = subprocess.run(
        [sys.executable, "-m", module, str(tmp_path / "demo.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_parallel_votes_and_submissions_on_sqlite_all_succeed(tmp_path):
    outcome = run_on_sqlite("tests.loti.sqlite_parallel_writes", tmp_path)
    assert outcome["statuses"] == [302] * 24, outcome  # 16 votes and 8 ideas, sent at once
    assert outcome["locked"] == 0
    assert (outcome["votes"], outcome["submitted"]) == (16, 8)
    assert outcome["journal_mode"] == "wal"


def test_the_demos_public_pages_and_api_lists_draw_on_sqlite(tmp_path):
    statuses = run_on_sqlite("tests.loti.sqlite_demo_pages", tmp_path)
    assert statuses == dict.fromkeys(statuses, 200), statuses
