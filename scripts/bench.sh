#!/usr/bin/env bash
# make bench: generate a small and a production-scale dataset in a throwaway
# PostgreSQL, then measure the main pages on gunicorn (manage.py bench).
# Results: bench/results.md, bench/results.json and the README's performance section.
set -euo pipefail
cd "$(dirname "$0")/.."
# The portal's settings plus the benchmark's commands and floor view (perf/).
export DJANGO_SETTINGS_MODULE=perf.settings
source scripts/lib/pg.sh
pg_start || { echo "make bench needs PostgreSQL server binaries (apt-get install postgresql)"; exit 1; }

PY=.venv/bin/python
BASE="postgres://postgres@127.0.0.1:$PG_PORT"
for db in loti_bench_small loti_bench; do
  pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
done

echo "== Small dataset"
DATABASE_URL="$BASE/loti_bench_small" $PY manage.py migrate -v0
DATABASE_URL="$BASE/loti_bench_small" $PY manage.py bench_data --scale small
echo "== Production-scale dataset"
DATABASE_URL="$BASE/loti_bench" $PY manage.py migrate -v0
DATABASE_URL="$BASE/loti_bench" $PY manage.py bench_data --scale production
DATABASE_URL="$BASE/loti_bench" $PY manage.py shell -c "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"

echo "== Measuring"
DATABASE_URL="$BASE/loti_bench" $PY manage.py bench --small-database-url "$BASE/loti_bench_small" "$@"
