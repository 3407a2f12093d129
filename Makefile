# The documented commands. Each creates and uses .venv itself: run nothing before them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# Some machines set PYTHONDONTWRITEBYTECODE: every process (each test worker, each run)
# would then compile the project and rewrite the tests' asserts again from source.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: prod test-prod run test test-calendar lint format bench bench-chromium test-chromium bench-console bench-scale fuzz load migrate shell messages install clean-data smoke \
	citus citus-stop citus-clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: embedded PostgreSQL (unless DATABASE_URL), migrate, demo, worker, server on :8000
run: $(STAMP)
	$(BIN)/python -m infra.devserver

## make prod: production settings on this machine: gunicorn on 127.0.0.1:8001, PostgreSQL, Redis, Celery worker and beat, demo data
prod: $(STAMP)
	$(BIN)/python -m infra.prodserver --demo

## make test-prod: start `make prod` for real and drive it over HTTP (tests/test_make_prod.py, a few minutes)
test-prod: $(STAMP)
	COOPERE_MAKE_PROD_TEST=1 $(BIN)/python -m pytest tests/test_make_prod.py $(PYTEST_ARGS)

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
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench-console: the console's pages at 3, 300 and 2,000 networks, p50/p95 (prints only)
bench-console: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(BIN)/python -m tests.bench.console

## make bench-chromium: a page visit's wall time and machine CPU in each Debian Chromium (prints only)
bench-chromium: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	$(BIN)/python -m pytest tests/bench/chromium_pages.py -n0 -q -s $(PYTEST_ARGS)

## make test-chromium: the browser journeys again, in the full Chromium (make test prefers the headless shell)
test-chromium: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	COOPERE_CHROMIUM=chromium $(BIN)/python -m pytest $(XDIST) -m browser $(PYTEST_ARGS)

## make bench: provisioning and routing figures (prints; asserts nothing)
bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(BIN)/python -m tests.bench.run

## make fuzz: the API fuzzed longer (schemathesis, every check, FUZZ_EXAMPLES per operation and mode), prints a summary
fuzz: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	COOPERE_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),50) COOPERE_FUZZ_CHECKS=all $(BIN)/python -m pytest tests/test_api_fuzz.py -s -q --show-capture=no $(PYTEST_ARGS)

## make load: a café evening + console + portal over 500 networks, gunicorn on loopback, locust for LOAD_SECONDS (90); prints p50/p95/errors per page type
load: $(STAMP)
	DJANGO_SETTINGS_MODULE=coopere.settings.test $(MANAGE) compile_catalogues --verbosity 0
	LOAD_SECONDS=$(or $(LOAD_SECONDS),90) $(BIN)/python -m tests.load.run

## make bench-scale N=1000: 10 networks against N side by side (pages, console, portal,
## catalogue, memory, migrations); databases coopere_scale_10 and coopere_scale_N are kept
## and reused; needs pg_dump and psql; SCALE_ARGS="--sample 100" samples the stock runs
N ?= 1000
bench-scale: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.bench.scale_settings $(BIN)/python -m tests.bench.scale --networks $(N) $(SCALE_ARGS)

## make citus: build Citus 13.2.2 from source into .data/citus (~4 min the first time), start
## a coordinator, two workers and a plain PostgreSQL 16 on 127.0.0.1:9700-9703, run the
## platform on both side by side (migrations, pool, networks, member pages) and browser
## journeys on Citus; figures in .data/citus/figures.json. Opt-in (not in CI): ~20 min.
## Offline: CITUS_SOURCE=/path/to/citus-13.2.2.tar.gz make citus. See infra/SCALING.md.
citus: $(STAMP)
	$(BIN)/python -m infra.citus up
	$(BIN)/python -m infra.citus_check

## make citus-stop: stop the Citus cluster's four servers (data kept; citus-clean drops it)
citus-stop:
	test ! -x $(BIN)/python || $(BIN)/python -m infra.citus stop

## make citus-clean: stop the Citus cluster and remove its nodes' data (the build stays)
citus-clean:
	test ! -x $(BIN)/python || $(BIN)/python -m infra.citus clean

## make migrate: public, then every network behind (current ones skipped), in parallel
migrate: $(STAMP)
	$(MANAGE) migrate_networks --noinput
	$(MANAGE) setup_platform

shell: $(STAMP)
	$(MANAGE) shell

## make messages: refresh the French and English catalogues from the code
messages: $(STAMP)
	$(MANAGE) makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=.data --ignore=tests
	$(MANAGE) compile_catalogues

clean-data:
	rm -rf .data
