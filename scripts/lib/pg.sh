# Start a throwaway PostgreSQL for this shell: `source scripts/lib/pg.sh; pg_start`.
#
# It runs the machine's server binaries (initdb, pg_ctl) in a temporary folder
# on a free loopback port, and is removed when the shell exits. The server
# refuses to run as root, so as root it runs as the `postgres` user.
# Afterwards: DATABASE_URL points at database "loti"; pg_stop and pg_start
# stop and start the same server again (the fault test uses them).
# pg_start returns 1, having started nothing, when no PostgreSQL is installed.

pg_find_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_stop() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}

pg_remove() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

pg_start_server() {
  # Durability is pointless for a throwaway database; speed is not.
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
}

pg_start() {
  PG_BIN="$(pg_find_bin || true)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    return 1
  fi
  PG_DIR="$(mktemp -d /tmp/loti-pg.XXXXXX)"
  PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  trap pg_remove EXIT
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  pg_start_server || return 1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/loti"
  export PG_BIN PG_DIR PG_PORT
  echo "Started a throwaway PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
}
