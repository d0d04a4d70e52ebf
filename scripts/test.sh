#!/usr/bin/env bash
# Run the test suite on PostgreSQL.
#
# With DATABASE_URL set, the tests use that server. Otherwise this starts a
# throwaway PostgreSQL from the machine's server binaries (initdb, pg_ctl) in a
# temporary folder, on a free loopback port, and removes it afterwards. The
# server refuses to run as root, so as root it runs as the `postgres` user.
# Only when no PostgreSQL can be found does it fall back to SQLite, loudly.
#
# Arguments go to pytest: scripts/test.sh tests/boroughs -k login
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "${DATABASE_URL:-}" ]; then
  PG_BIN="$(find_pg_bin || true)"
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    PG_DIR="$(mktemp -d /tmp/loti-pgtest.XXXXXX)"
    PG_PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    AS=()
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$PG_DIR"
      AS=(runuser -u postgres --)
    fi
    stop_pg() {
      "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$PG_DIR"
    }
    trap stop_pg EXIT
    "${AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { cat "$PG_DIR/initdb.log"; exit 1; }
    # Durability is pointless for a throwaway test database; speed is not.
    "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$PG_DIR/server.log"; exit 1; }
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/loti"
    export LOTI_TEST_PG_CTL="${AS[*]} $PG_BIN/pg_ctl -D $PG_DIR/data"
    echo "Started a throwaway PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
  else
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
fi

"$PY" -m pytest "$@"
