# Everything a fresh machine with Python 3.11 needs; see README.md.
#   make run   - set up, migrate, load the demo region and a generated one, serve on http://127.0.0.1:8000
#   make test  - set up and run the whole test suite (SQLite; browser tests in Chromium)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python src/manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run demo-code test bench lint format restore-drill check-architecture check-migrations messages makemessages check-messages schema check-schema assets browser-deps clean audit

help:
	@echo "make run    - set up and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run all tests"
	@echo "make lint   - ruff check and format check"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

# Compiled message catalogues are built, not committed (pure Python: no gettext tools needed to run).
messages: $(VENV)/.base-installed
	$(BIN)/python scripts/compile_messages.py

run: $(VENV)/.base-installed messages | var
	DJANGO_SETTINGS_MODULE=overstap.conf.dev $(MANAGE) migrate --no-input
	DJANGO_SETTINGS_MODULE=overstap.conf.dev OVERSTAP_BASE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo
	DJANGO_SETTINGS_MODULE=overstap.conf.dev $(MANAGE) generate_region --pupils 2000 --seed 1 --existing skip
	DJANGO_SETTINGS_MODULE=overstap.conf.dev $(MANAGE) runserver $(HOST):$(PORT)

# The current log-in code of a demo account, e.g. make demo-code USER=ib.regenboog
demo-code: $(VENV)/.base-installed
	@DJANGO_SETTINGS_MODULE=overstap.conf.dev $(MANAGE) demo_code $(USER)

# Browser tests need Debian's Chromium; install it when we are allowed to (root or sudo), else say how.
browser-deps:
	@bash scripts/ensure-chromium

test: $(VENV)/.dev-installed messages browser-deps
	cd src && ../$(BIN)/python -m pytest -c ../pyproject.toml --rootdir .. $(PYTEST_ARGS)

# Every pinned dependency against the public vulnerability database. Exit 2 says it could not be checked.
audit: $(VENV)/.dev-installed
	$(BIN)/python scripts/audit_dependencies.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The apps import each other in one direction only (the layers are in pyproject.toml, explained in
# docs/architecture.md), and no view writes to the database itself.
check-architecture: $(VENV)/.dev-installed
	cd src && ../$(BIN)/lint-imports --config ../pyproject.toml --no-cache
	$(BIN)/python scripts/check_view_writes.py

# Back up a throw-away demo database, change it, restore and verify (SQLite; PostgreSQL when DATABASE_URL is one).
restore-drill: $(VENV)/.base-installed messages
	bash scripts/restore-drill

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

var:
	mkdir -p var

check-migrations: $(VENV)/.dev-installed | var
	DJANGO_SETTINGS_MODULE=overstap.conf.ci $(MANAGE) makemigrations --check --dry-run

# Extract UI strings into the Dutch catalogue (needs GNU gettext), then fill in the Dutch translations.
makemessages: $(VENV)/.dev-installed
	cd src && ../$(BIN)/python manage.py makemessages --locale nl --no-obsolete --add-location file

# Fails when a UI string in the code is missing from the Dutch catalogue or has no Dutch translation.
check-messages: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=overstap.conf.ci $(MANAGE) check_messages

schema: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=overstap.conf.ci $(MANAGE) spectacular --validate --fail-on-warn --file docs/api/openapi.yaml

check-schema: $(VENV)/.dev-installed | var
	DJANGO_SETTINGS_MODULE=overstap.conf.ci $(MANAGE) spectacular --validate --fail-on-warn --file var/openapi.generated.yaml
	diff -u docs/api/openapi.yaml var/openapi.generated.yaml || (echo "docs/api/openapi.yaml is out of date: run 'make schema' and commit it." && exit 1)

# Benchmarks with a realistic region (see docs/benchmarks.md); PUPILS=100000 by default.
PUPILS ?= 100000
bench: $(VENV)/.dev-installed messages | var
	$(BIN)/python benchmarks/bench_region.py --pupils $(PUPILS)

# Rebuild the committed NL Design System CSS and htmx from npm (build time only).
assets:
	cd frontend && npm ci --no-audit --no-fund && node build.mjs

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
	find src -name '*.mo' -delete
