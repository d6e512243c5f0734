# Socle — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := .tools/bin/uv
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install lint test-sqlite test-postgres test-browser migrate demo clean

# The virtual environment, from the lock file (uv.lock) only.
$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

install: $(VENV)/.installed

# Embedded mode: SQLite (WAL), database-backed task queue with its worker, demo territory.
# Plain HTTP on the loopback address, so cookies are not marked Secure here (SOCLE_HTTPS=0).
run: export SOCLE_HTTPS ?= 0
run: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) import_referentiel
	$(MANAGE) load_referentiels
	$(MANAGE) load_demo --no-accounts
	$(MANAGE) load_demo_donnees
	$(MANAGE) load_demo_sobriete
	$(MANAGE) load_demo_diagnostic
	$(MANAGE) assistant_load_starter --background
	$(MANAGE) load_demo_courrier
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) run_platform --host $(HOST) --port $(PORT)

migrate: install
	$(MANAGE) migrate --noinput

lint: install
	$(VENV)/bin/ruff check .

# Lint; the whole suite on SQLite, browser tests included; then the same suite on PostgreSQL with
# the task tests through real RQ workers, when DATABASE_URL and REDIS_URL are set (CI sets and
# requires them, see .ci/run). Browser tests run once (SQLite run), RQ tests once (PostgreSQL run).
test: lint test-sqlite test-postgres

test-sqlite: install
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest -q -p no:cacheprovider -m "not rq"

test-postgres: install
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== Same suite on PostgreSQL ($${DATABASE_URL##*@}), tasks through RQ workers =="; \
		$(VENV)/bin/pytest -q -p no:cacheprovider -m "not browser"; \
	else \
		echo "DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)."; \
	fi

# Browser tests only (Playwright + /usr/bin/chromium), on SQLite.
test-browser: install
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest -q -p no:cacheprovider -m browser

# Benchmarks: each figure with its baseline; results in var/bench/results.json. On SQLite, and on
# PostgreSQL too when DATABASE_URL is set (throwaway databases, created and dropped by the run).
bench: install
	$(VENV)/bin/python -m benchmarks

clean:
	rm -rf $(VENV) .tools var
