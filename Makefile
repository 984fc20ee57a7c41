# The two front-door commands: `make run` and `make test`. Both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# npm packages (Natural Earth's outlines for the map), as package-lock.json pins them.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

run: $(STAMP) $(NPM_STAMP)
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py load_directory
	DEBUG=True $(PY) manage.py createlocaladmin
	@echo "Serving the directory at http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(NPM_STAMP)
	DEBUG=True $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=True $(PY) manage.py check
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var node_modules
