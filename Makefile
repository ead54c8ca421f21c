# Quartiersnetz — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# pytest-xdist workers for `make unit`/`make test`: one per CPU, at most 4 (`TEST_WORKERS=0`: one process).
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test setup assets migrate bootstrap lint format typecheck check-security unit e2e api-fuzz \
	bench demo messages lock clean

## Set-up -----------------------------------------------------------------
$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

quartiersnetz/static/vendor/.built: node_modules/.installed scripts/copy-assets.mjs
	node scripts/copy-assets.mjs
	touch $@

assets: quartiersnetz/static/vendor/.built

setup: $(VENV)/.installed assets

## Run --------------------------------------------------------------------
migrate: setup
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

bootstrap: migrate
	$(PY) manage.py bootstrap

run: bootstrap
	$(PY) manage.py collectstatic --noinput -v0
	# Embedded setup: apply the registrations' retention period at every start (production
	# runs the same command daily, see docs/operations.md).
	$(PY) manage.py remove_event_personal_data -v0
	$(PY) manage.py remove_expired_messages -v0
	# News left waiting while no worker ran (production: cron, docs/operations.md).
	$(PY) manage.py handle_news -v0
	# The worker mails the daily and weekly digests and schedules each next one itself.
	$(PY) manage.py schedule_digests -v0
	# The worker builds the open-data dump every night and schedules each next build itself.
	$(PY) manage.py schedule_opendata_dump -v0
	# Web server and task worker together (Procfile); Ctrl-C stops both. honcho numbers the
	# processes' PORTs from -p; links in e-mails the worker sends keep the web server's port.
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(VENV)/bin/honcho start -f Procfile -p $(PORT)

demo: migrate
	$(PY) manage.py demo_data

## Checks -----------------------------------------------------------------
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: setup
	$(VENV)/bin/mypy

# Security checks (docs/architecture.md, "Security checks"): bandit (config in pyproject.toml),
# Semgrep with the rules in .semgrep/ (first the rules' own tests against the annotated examples
# beside them, then the code; local rules only, no metrics, no version check: runs offline) and
# Django's deploy check on the production settings with throwaway values for what production
# reads from the environment (no service needs to be reachable).
SEMGREP_FLAGS := --metrics=off --disable-version-check --quiet
SECURITY_PATHS := quartiersnetz config
check-security: setup
	$(VENV)/bin/bandit -c pyproject.toml -r $(SECURITY_PATHS) -q
	cd .semgrep && ../$(VENV)/bin/semgrep --test $(SEMGREP_FLAGS) .
	$(VENV)/bin/semgrep scan --config .semgrep/ $(SEMGREP_FLAGS) --error \
		--exclude=tests --exclude=static $(SECURITY_PATHS)
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=quartiersnetz.example SITE_URL=https://quartiersnetz.example \
	REDIS_URL=redis://127.0.0.1:6379/0 \
		$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.production

unit: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/pytest --ds=config.settings.test -n $(TEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

test: lint typecheck check-security unit

# Only the real-browser tests (Debian chromium; Java + vnu.jar from `npm ci` for the HTML check).
# `make unit` runs them too; REQUIRE_BROWSER_TESTS=1 turns their skips into failures.
e2e: setup
	$(VENV)/bin/pytest --ds=config.settings.test -m e2e $(PYTEST_ARGS)

# schemathesis against /api/v1/openapi.json of a running gunicorn (production settings, a throwaway
# database with the demo data: SQLite, or the empty database of DATABASE_URL), 100 generated
# requests per operation (API_FUZZ_EXAMPLES), port API_FUZZ_PORT (8765); see scripts/api_fuzz.sh.
api-fuzz: setup
	scripts/api_fuzz.sh

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

## Maintenance ------------------------------------------------------------
# Catalogues live in quartiersnetz/locale/<lang>/LC_MESSAGES/django.po (settings.LOCALE_PATHS[0]); run from the
# repository root so config/ is scanned too. compilemessages has no default ignores and would otherwise walk .venv.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=quartiersnetz/static/vendor \
	--ignore=htmlcov --ignore=test-results
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l de -l en --no-obsolete $(I18N_IGNORE)
	$(PY) manage.py compilemessages -l de -l en $(I18N_IGNORE)

lock: $(VENV)/.installed
	(echo "# Full pin set of the environment (transitive dependencies included); regenerate with 'make lock'."; \
	 $(PY) -m pip freeze --exclude-editable | sort -f) > constraints.txt

clean:
	rm -rf var/static var/bench .pytest_cache .mypy_cache .ruff_cache
