#!/usr/bin/env bash
# make bench: generate a small and a production-scale dataset in a throwaway
# PostgreSQL, then measure the main pages on gunicorn (manage.py bench), which
# also copies the production one and grows the copies to 3x and 10x.
# Results: bench/results.md, bench/results.json and the README's performance section.
# Arguments go to manage.py bench: make bench ARGS="--allow-misses --requests 400".
set -euo pipefail
cd "$(dirname "$0")/.."
STARTED_AT="$(date +%s)"
# The portal's settings plus the benchmark's commands and floor view (perf/).
export DJANGO_SETTINGS_MODULE=perf.settings
source scripts/lib/pg.sh
pg_start || { echo "make bench needs PostgreSQL server binaries (apt-get install postgresql)"; exit 1; }

PY=.venv/bin/python
BASE="postgres://postgres@127.0.0.1:$PG_PORT"
createdb() { pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

# Migrated once, then copied: a template database is copied in a second.
echo "== Migrating"
createdb loti_bench_empty
DATABASE_URL="$BASE/loti_bench_empty" $PY manage.py migrate -v0
createdb -T loti_bench_empty loti_bench_small
createdb -T loti_bench_empty loti_bench

echo "== Small dataset"
DATABASE_URL="$BASE/loti_bench_small" $PY manage.py bench_data --scale small
echo "== Production-scale dataset"
DATABASE_URL="$BASE/loti_bench" $PY manage.py bench_data --scale production
DATABASE_URL="$BASE/loti_bench" $PY manage.py shell -c "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"

# As production runs (docker-compose.yml): Redis is the cache every worker shares, so
# sessions, second-factor devices and fragments kept for signed-in people are measured too.
# The fresh phase replaces it with a dummy cache: every cache empty.
if command -v redis-server >/dev/null; then
  REDIS_DIR="$(mktemp -d)"
  REDIS_PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  $PY -m perf.servers redis --dir "$REDIS_DIR" --port "$REDIS_PORT" >/dev/null &
  REDIS_PID=$!
  trap 'kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$REDIS_DIR"; pg_remove' EXIT
  $PY -c "from perf.servers import wait_for_port; wait_for_port($REDIS_PORT)"
  export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
else
  echo "redis-server is missing (make redis-server): measuring with each worker's own memory cache"
fi

echo "== Growing and measuring"
DATABASE_URL="$BASE/loti_bench" $PY manage.py bench --small-database-url "$BASE/loti_bench_small" \
  --started-at "$STARTED_AT" "$@"
