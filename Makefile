# The two commands: `make run` serves the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PORT

.PHONY: run dev test check pytest install clean bench translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

## make install: the virtual environment, then the compiled catalogues (sr_Cyrl derived from sr_Latn)
install: $(VENV)/.installed
	$(BIN)/python -m scorecard.catalogues

## make translations: extract every marked string into the template, merge it into sq and sr_Latn, rebuild
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -k Np_:1,2 --ignore-dirs=".*" --no-location --sort-output \
	  --project Scorecard -o scorecard/translations/messages.pot .
	for locale in sq sr_Latn; do \
	  $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i scorecard/translations/messages.pot \
	    -d scorecard/translations -l $$locale; done
	$(BIN)/python -m scorecard.catalogues

## make run: install, migrate, load the demo data into an empty database, make a first admin, serve on 127.0.0.1:$(PORT) with a background-job worker beside it
run: install
	$(BIN)/scorecard setup
	exec $(BIN)/scorecard serve --host 127.0.0.1 --port $(PORT)

## make dev: the same, with Flask's reloading development server and debug pages
dev: install
	$(BIN)/scorecard setup
	SCORECARD_ENV=development SCORECARD_DEBUG=true $(BIN)/scorecard run --debug --host 127.0.0.1 --port $(PORT)

## make test: lint, types, layer contracts, then the whole test suite
test: check pytest

## make test-fast: the unit and service tests for the edit-test loop, in about a minute (no pages, API,
## browser, job-queue processes, bulk or slow tests; make test runs them all)
.PHONY: test-fast
# Two workers on either engine: each xdist worker has databases of its own.
FAST_WORKERS ?= 2
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not bulk and not slow and not queue" \
	  --ignore=tests/e2e --ignore=tests/views --ignore=tests/api --ignore=tests/queue -n $(FAST_WORKERS)

check: install
	$(BIN)/ruff check scorecard tests migrations benchmarks
	$(BIN)/ruff format --check scorecard tests migrations benchmarks
	$(BIN)/mypy scorecard
	$(BIN)/lint-imports --no-cache

pytest: install
	@if [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then \
	  echo "*** Chromium not found: the browser tests will be skipped (install it: apt-get install -y chromium)."; fi
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# Two pytest-xdist workers (one per core here): the suite in about half the serial time. Tests that share
# the Redis database or a fixed port run in one worker (tests/conftest.py's work_unit). PYTEST_WORKERS=0
# runs it in one process.
PYTEST_WORKERS ?= 2

## make bench: build the 10k/50k/1M data set and measure the real server (see benchmarks/README.md)
bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
