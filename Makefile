# The portal's tasks. `make run` and `make test` each do their own set-up on a
# fresh machine: virtualenv, Python and npm packages, assets, translations, database.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
STAMPS := .stamps
export TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export PORTAL_SHARED_DIR ?= $(abspath ../shared)

.PHONY: help assets bootstrap run test test-future lint types translations translations-check tables db-upgrade demo a11y bench system-deps clean

help: ## List the tasks
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/venv: setup.cfg pyproject.toml | $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The stylesheet and scripts, their fingerprinted copies and manifest (static/build.mjs),
# then a .gz and a .br of each, which WhiteNoise sends to browsers that accept them.
static/build/manifest.json: $(STAMPS)/npm static/build.mjs static/src/portal.scss \
		$(wildcard static/src/portal/*.scss) static/portal.js static/come-back.js \
		| $(STAMPS)/venv
	npm run --silent build
	$(BIN)/python -m whitenoise.compress -q static/build
	$(BIN)/python -m whitenoise.compress -q static/images

assets: static/build/manifest.json ## Build, fingerprint and compress the CSS, JS and images

$(STAMPS)/translations: $(STAMPS)/venv $(wildcard translations/*/LC_MESSAGES/messages.po) | $(STAMPS)
	$(BIN)/pybabel compile --statistics -d translations
	@touch $@

instance/secret_key: | $(STAMPS)/venv
	@PORTAL_ENV=development $(FLASK) demo secret-key instance/secret_key

bootstrap: $(STAMPS)/venv static/build/manifest.json $(STAMPS)/translations ## Install everything the portal needs

db-upgrade: bootstrap instance/secret_key ## Create or migrate the database (DATABASE_URL, default instance/portal.db)
	@PORTAL_ENV=development $(FLASK) db upgrade

demo: db-upgrade ## Load the demo council, cases and accounts (prints the accounts)
	@PORTAL_ENV=development $(FLASK) demo load

run: demo ## Set up and serve the portal at http://127.0.0.1:5000
	@echo "Serving the portal at http://127.0.0.1:5000 (staff sign-in at /staff/). Ctrl+C stops it."
	@PORTAL_ENV=development $(FLASK) run --host 127.0.0.1 --port 5000

system-deps: ## Install the Debian packages: chromium (browser tests), Pango, DejaVu and Noto (PDFs), clamd (upload scans); needs root
	@bash .ci/system-deps

# One pytest-xdist worker per core: each has its own SQLite file, PostgreSQL schema and
# live server, so they never see each other's rows.
test: bootstrap system-deps ## Set up and run the whole suite on SQLite and PostgreSQL
	PORTAL_ENV=test $(BIN)/pytest -n auto

# The suite's clock is pinned (tests/conftest.py), so it passes on any day; this proves it
# with the machine's clock 400 days ahead. Only the xdist workers run under libfaketime:
# a controller under it can wait for ever for its workers at the end of a long run.
test-future: bootstrap system-deps ## The whole suite with the machine's clock 400 days ahead
	PORTAL_ENV=test $(BIN)/pytest -d \
	  --tx "$(shell nproc)*popen//python=faketime -f +400d $(abspath $(BIN))/python"

lint: $(STAMPS)/venv ## Ruff, and the layers' import contracts (setup.cfg)
	$(BIN)/ruff check portal tests benchmarks
	$(BIN)/lint-imports --no-cache

types: $(STAMPS)/venv ## Mypy
	$(BIN)/mypy portal

translations: $(STAMPS)/venv ## Extract messages; update every catalogue in translations/languages.toml
	PORTAL_ENV=test $(BIN)/python -m portal.catalogues update
	PORTAL_ENV=test $(BIN)/python -m portal.tables
	@rm -f $(STAMPS)/translations

translations-check: $(STAMPS)/translations ## Fail on a broken or unfinished catalogue; list what changed since each review
	PORTAL_ENV=test $(BIN)/python -m portal.catalogues check
	PORTAL_ENV=test $(BIN)/pytest -q tests/unit/i18n/test_translations.py

tables: $(STAMPS)/venv ## Write out the bank holidays and CLDR words workers read (after upgrading holidays or Babel, or adding a language)
	PORTAL_ENV=test $(BIN)/python -m portal.tables

a11y: bootstrap system-deps ## Accessibility checks only (axe-core in headless Chromium)
	PORTAL_ENV=test $(BIN)/pytest -q -m browser

# gunicorn serves both apps in bench_http.py; Debian's wrk loads their pages.
$(STAMPS)/bench: setup.cfg | $(STAMPS)/venv
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	@bash .ci/bench-deps
	@touch $@

# Every benchmark runs, whatever the one before it found; the run fails at the end if any
# missed a target, naming them.
bench: bootstrap $(STAMPS)/bench ## Benchmarks that print their figures (and the reference's)
	@missed=""; for b in benchmarks/bench_*.py; do echo "== $$b"; \
	  PORTAL_ENV=test $(BIN)/python $$b || missed="$$missed $$b"; done; \
	  if [ -n "$$missed" ]; then echo "Targets missed in:$$missed"; exit 1; fi

clean: ## Remove what the set-up made (keeps instance/ and its database)
	rm -rf $(VENV) node_modules static/build static/images static/fonts $(STAMPS)
