# The two front-door commands: `make run` and `make test`. Both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate clean loadtest bench messages release backup restore cluster-check restore-drill

# The interface's translations: locale/<language>/LC_MESSAGES/django.po, compiled by gettext's msgfmt
# whenever a .po file is newer than its .mo (the .mo files are not committed).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	msgfmt --check-format -o $@ $<

# Gather the interface's strings into the .po files after changing templates or code.
messages: $(STAMP)
	DEBUG=True $(PY) manage.py makemessages -l nb -l zh_Hans --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --ignore=tests

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Designsystemet's CSS (served as static files), Natural Earth's outlines for the map (world-atlas),
# and the browser tests' axe-core and vnu-jar.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

run: $(STAMP) $(NODE_STAMP) $(MO_FILES)
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py load_directory
	DEBUG=True $(PY) manage.py createlocaladmin
	@echo "Serving the directory at http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(NODE_STAMP) $(MO_FILES)
	DEBUG=True $(PY) -m pytest $(PYTEST_ARGS)

# The benchmark (`python -m bench.run`: bench/run.py, with bench/report.py and bench/against_datasette.py):
# 10,000 synthetic partnerships in a database of their own (SQLite under var/bench/, or DATABASE_URL's),
# served by gunicorn, loaded with wrk; writes BENCHMARKS.md. How cost grows, and
# against Datasette on the same rows (installed in var/bench/tools, not in the site's .venv):
#   make bench BENCH_ARGS="--sizes 1000 10000 100000 --datasette"
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench: $(STAMP) $(NODE_STAMP)
	command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk; }
	$(PY) -u -m bench.run $(BENCH_ARGS)

lint: $(STAMP) $(NODE_STAMP) $(MO_FILES)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=True $(PY) manage.py check
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run

# Production mode (gunicorn, DEBUG off, plain HTTP on 127.0.0.1:8702) under wrk; writes BENCHMARKS.md.
LOADTEST_DATABASE_URL ?= sqlite:///$(CURDIR)/var/loadtest.sqlite3
loadtest: $(STAMP)
	DEBUG=False SECRET_KEY=loadtest-only-key-not-for-any-real-site ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=False \
	DATABASE_URL=$(LOADTEST_DATABASE_URL) $(PY) manage.py loadtest --output BENCHMARKS.md $(LOADTEST_ARGS)

# A release on a server (README, "Deploying"): static files, migrations, the listed agreements, the release id
# (RELEASE_ID, else the time). Run with the server's settings in the environment.
release: $(STAMP) $(NODE_STAMP) $(MO_FILES)
	$(PY) manage.py release $(if $(RELEASE_ID),--id $(RELEASE_ID))

# The whole PostgreSQL database and the directory's JSON in one checked file under var/backups
# (BACKUP_DIR), and its restore into an empty database: `make restore FILE=var/backups/twinning-....tar`.
BACKUP_DIR ?= var/backups
backup: $(STAMP)
	$(PY) manage.py backup --output-dir $(BACKUP_DIR)
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=var/backups/twinning-....tar"; exit 2; }
	$(PY) manage.py restore $(FILE)

# nginx in front of two gunicorn app servers on loopback, under wrk: a rolling release, a killed app server,
# an edit across app servers, a backup restored and compared (deploy/cluster_check.py). Needs nginx, wrk,
# PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (database 11).
cluster-check: $(STAMP) $(NODE_STAMP) $(MO_FILES)
	$(PY) -u deploy/cluster_check.py

# How long a backup and a restore of 10,000 synthetic partnerships take (deploy/restore_drill.py).
restore-drill: $(STAMP)
	$(PY) -u deploy/restore_drill.py

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var node_modules
