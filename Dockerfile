# LOTI Portal image: gunicorn serving loti.wsgi, static files by whitenoise.
# Configuration comes from environment variables at run time (.env.example
# lists them all); docker-compose.yml shows a complete deployment.

# --- Stage 1: the dependencies from pyproject.toml, in a virtualenv. ---------
FROM python:3.13-slim-bookworm AS deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
RUN python -m venv /opt/venv
# pyproject.toml alone first, so this layer is rebuilt only when it changes.
# `[tool.setuptools] packages = []` makes `pip install .` install exactly the
# [project.dependencies] (not the test extras) and none of the project's code.
COPY pyproject.toml .
RUN /opt/venv/bin/pip install --no-cache-dir .

# --- Stage 2: the runtime image. ---------------------------------------------
FROM python:3.13-slim-bookworm

# libmagic1: python-magic identifies uploaded files by their content.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and pg_restore for manage.py backup and restore, from PostgreSQL's own
# Debian repository: they must be as new as the server (docker-compose.yml's is 16),
# and bookworm's are 15. The repository's key ships inside postgresql-common.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /app/var/backups && chown 10001:10001 /app/var/backups

# A fixed id, so that platforms enforcing "run as non-root" can verify it.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app

# XDG_RUNTIME_DIR: where gunicorn (25.1+) puts its control socket, instead of
# the app user's home, which is the read-only /app.
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STATIC_ROOT=/app/staticfiles \
    XDG_RUNTIME_DIR=/tmp

COPY --from=deps /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the app user can read it, not change it.
COPY . .

# Collect static files into the image (hashed and compressed: DEBUG is off).
# The secret key is a throwaway for this one command, never in the image's env.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time \
    python manage.py collectstatic --noinput \
    && chmod 0755 scripts/docker-entrypoint.sh \
    && mkdir -p /app/var/uploads && chown 10001:10001 /app/var/uploads

# The app user, by number (see above).
USER 10001:10001
EXPOSE 8000

# No curl in slim images: Python's urllib does the probe. The Host header is the
# first of DJANGO_ALLOWED_HOSTS, so the probe passes whatever hosts are allowed;
# /healthz is exempt from the HTTPS redirect. A 503 (database down) fails it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '127.0.0.1').split(',')[0].strip().lstrip('.').replace('*', '') or '127.0.0.1'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
# A shell only to expand WEB_CONCURRENCY. The entrypoint and the shell both
# `exec`, so gunicorn ends up as PID 1 and gets SIGTERM from `docker stop`.
CMD ["sh", "-c", "exec gunicorn loti.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --timeout 30 --worker-tmp-dir /dev/shm --access-logfile -"]
