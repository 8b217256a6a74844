# Petrissage: `make run` serves the demo clinic, `make test` runs lint, types and every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint types pytest browser-deps install install-dev worker postgres-test bench clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# The task worker (check-in sends at their due time) runs beside the server; Ctrl-C stops both.
run: export TASKS_BACKEND = database
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo "Serving the demo clinic on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) manage.py db_worker --no-reload & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian packages the tests need: Chromium for the browser tests, poppler for PDF → PNG,
# fonts and Pango for WeasyPrint. Installed only when missing.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
	    || ! ldconfig -p | grep -q libpangoft2; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

types: install-dev
	$(VENV)/bin/mypy petrissage tests bench

pytest: install-dev browser-deps
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

test: lint types pytest

postgres-test: install-dev
	bash .ci/postgres-tests

bench: install-dev
	$(PY) -m bench

clean:
	rm -rf var/test-* test-results .pytest_cache .mypy_cache .ruff_cache
