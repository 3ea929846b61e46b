# Aktenbund — entry points for developers and CI (`make help` lists them).
#
# Meant for Debian 12 as root (or with sudo): `make demo` and `make test`
# install what they need themselves and are quick when it is already there.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV  := .venv
PY    := $(VENV)/bin/python
# Inside the venv, so a new venv means a new install.
STAMP := $(VENV)/.installed-pyproject

export AKTENBUND_DATA_DIR ?= $(CURDIR)/data
export DEBIAN_FRONTEND := noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

# Debian 12 package names (checked with apt-cache policy).
# Runtime: venv + headers/compiler for wheels that build from source, libpq
# for psycopg, the OCR pipeline (ocrmypdf, Tesseract + German, Ghostscript,
# qpdf), poppler for PDF text/previews, libmagic for type sniffing, and
# Pango/HarfBuzz + a font for WeasyPrint's PDF output, and the German Hunspell
# dictionary the search's decompounder checks parts against (docs/search.md).
RUNTIME_DEBS := python3-venv python3-dev build-essential libpq-dev \
	tesseract-ocr tesseract-ocr-deu ocrmypdf ghostscript qpdf poppler-utils \
	libmagic1 fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
	hunspell-de-de
# A PostgreSQL server on this machine gets the RUM extension the search
# needs (search migration 0006), for each major version installed.
PG_DEBS := $(foreach bin,$(wildcard /usr/lib/postgresql/*/bin/postgres),\
	postgresql-$(notdir $(patsubst %/bin/postgres,%,$(bin)))-rum)
# Tests add Debian's Chromium (Playwright drives /usr/bin/chromium; it never
# downloads a browser), fonts with metric-compatible Arial/Times, and Dovecot
# (the Posteingang's IMAP tests start a real server on loopback).
TEST_DEBS := chromium fonts-liberation fonts-dejavu-core dovecot-imapd

# Lint what exists (empty folders do not survive a git clone).
LINT_PATHS := $(wildcard src tests bench)

.PHONY: help system-deps system-deps-test venv demo test lint bench migrate vendor clean

help:
	@echo "make demo              install, migrate, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test              whole suite on SQLite, then on PostgreSQL if reachable"
	@echo "                       (DATABASE_OWNER_URL, DATABASE_URL, REQUIRE_POSTGRES=1, PYTEST_WORKERS,"
	@echo "                       PYTEST_ARGS='-k ...'; see scripts/run-tests.sh)"
	@echo "make lint              ruff check + ruff format --check"
	@echo "make bench             run every bench/*.py and print its figures"
	@echo "make migrate           apply migrations to the database in AKTENBUND_DATA_DIR / DATABASE_URL"
	@echo "                       (PostgreSQL: as the owner in DATABASE_OWNER_URL)"
	@echo "make vendor            refresh vendored htmx, axe-core and Swagger UI from package-lock.json (needs npm)"
	@echo "make clean             remove data/ and test artefacts (keeps .venv)"
	@echo "make system-deps       Debian packages for running; system-deps-test adds the test ones"

system-deps:
	@scripts/apt-install.sh $(RUNTIME_DEBS) $(PG_DEBS)

system-deps-test: system-deps
	@scripts/apt-install.sh $(TEST_DEBS)

venv: $(STAMP)

# Reinstall only when pyproject.toml is newer than the last install.
# `python3` is Debian's /usr/bin/python3 (3.11) on a plain machine.
$(STAMP): pyproject.toml | system-deps
	@test -x $(PY) || { echo "==> Creating $(VENV)"; python3 -m venv $(VENV); }
	@echo "==> Installing the project and its test tools into $(VENV)"
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

demo: system-deps venv
	scripts/demo.sh

test: system-deps-test venv
	scripts/run-tests.sh $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

# Benchmarks get their own data directory, so they never touch the demo's.
bench: venv
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "no bench/*.py scripts"; fi; \
	for script in "$${scripts[@]}"; do \
		echo "==> $$script"; \
		AKTENBUND_DATA_DIR=$(CURDIR)/data/bench DJANGO_SETTINGS_MODULE=aktenbund.settings \
			$(PY) "$$script" || exit $$?; \
	done

migrate: venv
	$(PY) manage.py migrate --noinput

vendor:
	scripts/vendor.sh

clean:
	rm -rf data test-artifacts .pytest_cache .ruff_cache node_modules
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
