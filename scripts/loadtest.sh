#!/usr/bin/env bash
# make loadtest: 50 simulated people for 60 s against gunicorn on loopback, with
# PostgreSQL stopped for 10 s in the middle. Then every write that was told it
# succeeded must be in the database, and none that failed.
#
# Options (environment): USERS=50 DURATION=60 OUTAGE_AT=25 OUTAGE_FOR=10 (OUTAGE_FOR=0: no fault)
set -euo pipefail
cd "$(dirname "$0")/.."
# The portal's settings plus the load test's commands (perf/); gunicorn too (loti/wsgi.py only sets a default).
export DJANGO_SETTINGS_MODULE=perf.settings
source scripts/lib/pg.sh
USERS="${USERS:-50}" DURATION="${DURATION:-60}" OUTAGE_AT="${OUTAGE_AT:-25}" OUTAGE_FOR="${OUTAGE_FOR:-10}"
PY=.venv/bin/python
pg_start || { echo "make loadtest needs PostgreSQL server binaries (apt-get install postgresql)"; exit 1; }
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres loti

WORK="$(mktemp -d /tmp/loti-load.XXXXXX)"
export LOADTEST_LOG="$WORK/log.jsonl" LOADTEST_PASSWORD="load-test-password-$RANDOM$RANDOM"
export DJANGO_SECRET_KEY="load-test-only-$(head -c 24 /dev/urandom | base64)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export STATIC_ROOT="$WORK/static" LOG_LEVEL=ERROR DATABASE_CONN_MAX_AGE=60
# Every simulated person signs in from 127.0.0.1: lockout and throttles are not under test here.
export AXES_FAILURE_LIMIT=100000 JOBS_SUBMISSIONS_PER_IP_PER_HOUR=100000

DJANGO_DEBUG=true $PY manage.py migrate -v0
DJANGO_DEBUG=true $PY manage.py load_demo_data >/dev/null
ACCOUNTS="$(DJANGO_DEBUG=true $PY manage.py loadtest_prepare --password "$LOADTEST_PASSWORD")"
export LOADTEST_ACCOUNTS="$ACCOUNTS"
DJANGO_DEBUG=false $PY manage.py collectstatic --noinput -v0

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DJANGO_DEBUG=false .venv/bin/gunicorn loti.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --worker-class gthread --threads 8 --timeout 30 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true; pg_remove; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "== $USERS users for ${DURATION}s on 127.0.0.1:$PORT$( [ "$OUTAGE_FOR" != 0 ] && echo ", PostgreSQL down from ${OUTAGE_AT}s for ${OUTAGE_FOR}s")"
.venv/bin/locust -f perf/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" \
  --host "http://127.0.0.1:$PORT" --only-summary --exit-code-on-error 0 --loglevel WARNING &
LOCUST=$!
CHECK_ARGS=()
if [ "$OUTAGE_FOR" != 0 ]; then
  sleep "$OUTAGE_AT"
  OUTAGE_START="$(date +%s.%N)"
  pg_stop
  echo "   PostgreSQL stopped"
  sleep "$OUTAGE_FOR"
  pg_start_server
  OUTAGE_END="$(date +%s.%N)"
  echo "   PostgreSQL started again"
  CHECK_ARGS=(--outage-start "$OUTAGE_START" --outage-end "$OUTAGE_END")
fi
wait $LOCUST
DJANGO_DEBUG=true $PY manage.py loadtest_check "$LOADTEST_LOG" "${CHECK_ARGS[@]}"
