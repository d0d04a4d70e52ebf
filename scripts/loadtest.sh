#!/usr/bin/env bash
# make loadtest: 50 simulated people for 60 s against gunicorn on loopback, with
# PostgreSQL stopped for 10 s in the middle. Then every write that was told it
# succeeded must be in the database, and none that failed.
#
# Options (environment): USERS=50 DURATION=60 OUTAGE_AT=25 OUTAGE_FOR=10 (OUTAGE_FOR=0: no fault)
#   PROXY=nginx  through Debian's nginx on loopback, with the deployment's site file (deploy/nginx/)
#   SERVERS=2    that many gunicorn instances, sharing one Redis (Debian's redis-server) as their cache
set -euo pipefail
cd "$(dirname "$0")/.."
# The portal's settings plus the load test's commands (perf/); gunicorn too (loti/wsgi.py only sets a default).
export DJANGO_SETTINGS_MODULE=perf.settings
source scripts/lib/pg.sh
USERS="${USERS:-50}" DURATION="${DURATION:-60}" OUTAGE_AT="${OUTAGE_AT:-25}" OUTAGE_FOR="${OUTAGE_FOR:-10}"
PROXY="${PROXY:-none}" SERVERS="${SERVERS:-1}"
if [ "$SERVERS" -gt 1 ] && [ "$PROXY" != nginx ]; then
  echo "SERVERS=$SERVERS needs PROXY=nginx to share the load among them"; exit 1
fi
if [ "$PROXY" = nginx ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "PROXY=nginx needs Debian's nginx (make nginx)"; exit 1
fi
if [ "$SERVERS" -gt 1 ] && ! command -v redis-server >/dev/null; then
  echo "SERVERS=$SERVERS needs Debian's redis-server (make redis-server)"; exit 1
fi
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

free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pg_remove; rm -rf "$WORK"' EXIT
if [ "$SERVERS" -gt 1 ]; then
  # Several servers must share their cache (the page cache generation, above all).
  REDIS_PORT="$(free_port)"
  $PY -m perf.servers redis --dir "$WORK/redis" --port "$REDIS_PORT" >/dev/null &
  PIDS+=($!)
  export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi
if [ "$PROXY" = nginx ]; then
  # As in docker-compose.yml: the client is the last X-Forwarded-For entry, appended by nginx.
  export DJANGO_BEHIND_PROXY=true DJANGO_PROXY_COUNT=1
fi
UPSTREAMS=()
for _ in $(seq "$SERVERS"); do
  PORT="$(free_port)"
  DJANGO_DEBUG=false .venv/bin/gunicorn loti.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --worker-class gthread --threads 8 --timeout 30 --log-level warning &
  PIDS+=($!)
  UPSTREAMS+=(--upstream "127.0.0.1:$PORT")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
done
if [ "$PROXY" = nginx ]; then
  PORT="$(free_port)"
  $PY -m perf.servers nginx --dir "$WORK/nginx" --port "$PORT" "${UPSTREAMS[@]}" &
  PIDS+=($!)
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
fi

echo "== $USERS users for ${DURATION}s on 127.0.0.1:$PORT ($SERVERS gunicorn$( [ "$PROXY" = nginx ] && echo " behind nginx"))$( [ "$OUTAGE_FOR" != 0 ] && echo ", PostgreSQL down from ${OUTAGE_AT}s for ${OUTAGE_FOR}s")"
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
