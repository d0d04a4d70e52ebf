#!/usr/bin/env bash
# Run the test suite on PostgreSQL.
#
# With DATABASE_URL set, the tests use that server. Otherwise this starts a
# throwaway PostgreSQL (scripts/lib/pg.sh) and removes it afterwards. Only
# when no PostgreSQL can be found does it fall back to SQLite, loudly.
#
# Arguments go to pytest: scripts/test.sh tests/boroughs -k login
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/pg.sh

if [ -z "${DATABASE_URL:-}" ] && ! pg_start; then
  cat >&2 <<'WARN'
################################################################################
# WARNING: no PostgreSQL server binaries found (initdb, pg_ctl) and no
# DATABASE_URL given. Falling back to SQLite. Tests that need PostgreSQL are
# skipped, and CI's results will differ from yours. Install PostgreSQL
# (apt-get install postgresql) or set DATABASE_URL.
################################################################################
WARN
  export DATABASE_URL="sqlite:///$(mktemp -d)/test.sqlite3"
fi

.venv/bin/python -m pytest "$@"
