# The documented commands. Each creates and uses .venv itself: run nothing before them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-calendar lint format bench migrate shell messages install clean-data smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: embedded PostgreSQL (unless DATABASE_URL), migrate, demo, worker, server on :8000
run: $(STAMP)
	$(BIN)/python -m infra.devserver

# One pytest worker per core (pytest-xdist), each on its own copy of the test database;
# `make test PYTEST_WORKERS=0` runs in a single process.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist loadgroup

## make test: the whole suite against a real PostgreSQL and Redis (browser tests if Chromium)
test: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

## make test-calendar: the whole suite with the clock at the year's last minute, then a leap day
test-calendar: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	COOPERE_TEST_CLOCK=2026-12-31T23:59:00+01:00 $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	COOPERE_TEST_CLOCK=2028-02-29T12:00:00+01:00 $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

## make smoke: start `make run` for real, check 200/200/404, stop it with Ctrl-C
smoke: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m infra.smoke

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: provisioning and routing figures (prints; asserts nothing)
bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(BIN)/python -m tests.bench.run

migrate: $(STAMP)
	$(MANAGE) migrate_schemas --noinput
	$(MANAGE) setup_platform

shell: $(STAMP)
	$(MANAGE) shell

## make messages: refresh the French and English catalogues from the code
messages: $(STAMP)
	$(MANAGE) makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=.data --ignore=tests
	$(MANAGE) compile_catalogues

clean-data:
	rm -rf .data
