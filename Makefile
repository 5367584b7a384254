# Two commands on a fresh machine: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint assets deps-run deps-dev

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

static/dist/.built: node_modules/.package-lock.json scripts/build-assets.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

assets: static/dist/.built

deps-run: $(VENV)/.run-deps assets
deps-dev: $(VENV)/.dev-deps assets

run: deps-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# Two pytest-xdist workers halve the suite's time on two cores. Each has its own test database and
# live server, so browser tests may run on both. `make test PYTEST_WORKERS=` runs in one process.
PYTEST_WORKERS ?= -n 2

# pytest exits 5 when PYTEST_ARGS select no tests (e.g. `-m browser` before any exist): not a failure.
test: deps-dev
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS) || { status=$$?; [ $$status -eq 5 ] || exit $$status; }

lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
