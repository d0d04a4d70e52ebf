# The LOTI Portal. Two commands matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The first Python that is 3.12 or newer (Django 6.1 needs it). With pyenv,
# .python-version makes `python` resolve to 3.13.
PYTHON ?= $(shell for p in python3.13 python3.12 python python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: help install run test test-fast lint lint-imports check-migrations ci bench loadtest backup restore browser libmagic nginx redis-server check-deploy refresh-govuk-frontend clean

help:
	@echo "make run      set up, load demo data and serve on http://127.0.0.1:8000, with the task worker"
	@echo "make test     run the whole test suite on a throwaway PostgreSQL"
	@echo "make test-fast  the suite without browser, load and deployment tests"
	@echo "make lint     ruff checks"
	@echo "make bench    production-scale benchmark (a few minutes)"
	@echo "make loadtest load and database-outage test, then the two-server test (about 4 minutes)"
	@echo "make backup   database and uploads into var/backups (make restore BACKUP=...)"
	@echo "make lint-imports  import-linter: the import contracts in pyproject.toml"
	@echo "make check-migrations  fails when a model change has no migration"
	@echo "make ci       what CI runs (.ci/run): lint, lint-imports, check-migrations, test"

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python 3.12+ found. Install Python 3.13 (pyenv install 3.13)."; exit 1; }
	@$(MAKE) --no-print-directory libmagic
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@echo "The task worker (emails, printed here; daily jobs) runs beside the server. Ctrl+C stops both."
	$(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

# Upload checks read files' content with libmagic (python-magic).
libmagic:
	@ldconfig -p 2>/dev/null | grep -q "libmagic.so.1" || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libmagic1 >/dev/null; \
		else echo "libmagic is missing: sudo apt-get install libmagic1"; exit 1; fi; }

# Browser tests drive Debian's Chromium; never a browser downloaded by Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium is missing: sudo apt-get install chromium"; exit 1; fi; }

# The proxy, two-server and shared cache tests (tests/deploy/, tests/servers.py) run Debian's
# nginx and redis-server on loopback, started by the tests themselves; the packages' own services never start here.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 nginx >/dev/null; \
		else echo "nginx is missing: sudo apt-get install nginx"; exit 1; fi; }

redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 redis-server >/dev/null; \
		else echo "redis-server is missing: sudo apt-get install redis-server"; exit 1; fi; }

test: install browser nginx redis-server
	scripts/test.sh $(ARGS)

test-fast: install redis-server
	scripts/test.sh -m "not e2e and not load and not deploy" $(ARGS)

# A production-scale benchmark on gunicorn; writes bench/results.* and the README table.
bench: install redis-server
	scripts/bench.sh $(ARGS)

# 50 users for 60 s on gunicorn, PostgreSQL stopped for 10 s midway; every acknowledged write checked.
# `make loadtest PROXY=nginx SERVERS=2`: through nginx over two gunicorn sharing one Redis.
# Then the two-server test (tests/deploy/test_two_servers.py), five rounds instead of one.
loadtest: install nginx redis-server
	scripts/loadtest.sh
	TWO_SERVERS_ROUNDS=5 scripts/test.sh -q tests/deploy/test_two_servers.py

# The database (pg_dump -Fc) and the private uploads in one folder under BACKUP_ROOT, with checksums;
# backups older than BACKUP_KEEP_DAYS (30) are deleted. README: Backups.
backup: install
	$(PY) manage.py backup

# make restore BACKUP=var/backups/loti-backup-<time>: into an empty database and storage.
restore: install
	@test -n "$(BACKUP)" || { echo "Say which: make restore BACKUP=var/backups/loti-backup-<time>"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"

# The whole tree, as CI checks it. `ruff format .` fixes what the second command reports.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Dependencies point downward only (DESIGN.md section 3); the contracts are in pyproject.toml.
lint-imports: install
	$(VENV)/bin/lint-imports

# A model change without its migration fails here rather than on a deploy.
check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

ci:
	.ci/run

check-deploy: install
	set -a && source .env.example && set +a && $(PY) manage.py check --deploy --fail-level WARNING

refresh-govuk-frontend:
	scripts/refresh-govuk-frontend.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pgtest
