#!/usr/bin/env bash
# Entrypoint of the LOTI Portal image: optionally apply migrations, then run
# the command (gunicorn by default, see the Dockerfile's CMD).
#
#   RUN_MIGRATIONS=true   run `manage.py migrate` first (docker-compose.yml sets
#                         it for `web`). With several web containers, migrate
#                         once per release instead and leave it false on them.
set -euo pipefail
cd "$(dirname "$0")/.."

# Without a key, settings fall back to the public development key: refuse.
if [[ -z "${DJANGO_SECRET_KEY:-}" ]]; then
  echo "docker-entrypoint: DJANGO_SECRET_KEY is not set (see .env.example); not starting." >&2
  exit 64
fi

run_migrations="${RUN_MIGRATIONS:-false}"
if [[ "${run_migrations,,}" =~ ^(true|1|yes|on)$ ]]; then
  echo "docker-entrypoint: applying database migrations" >&2
  python manage.py migrate --noinput
fi

exec "$@"
