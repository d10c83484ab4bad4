# Two entry points: `make serve` runs the site, `make test` runs every test (`make test-fast` the
# engine's quick ones, `make check` lint, format and types).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
# npm rewrites this file on every install, so it also tracks changes to package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: serve build test test-fast check validate tools lock clean

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/explainer validate data

test: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/python -m pytest

# The engine's tests without whole-site builds or the browser: under a minute, for contributors.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser" -q

# Lint, format and types, as CI runs them.
check: $(STAMP)
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/ruff format --check hooks tests benchmarks
	$(BIN)/mypy

# Chromium, Java and npm for the browser and HTML checks: apt-get as root, else Playwright's Chromium,
# else one line naming what to install (those tests then skip; under CI=true this fails).
tools: $(STAMP)
	@VENV=$(VENV) .ci/tools

# axe-core and the Nu Html Checker, pinned in package-lock.json. --ignore-scripts: vnu-jar's install
# script would download a Java runtime; the tests use the system's `java` (make tools installs it).
# Without npm, `make tools` has already said so.
$(NODE_STAMP): package-lock.json | tools
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; fi

# Every package exactly as requirements.lock pins it, each checked against its hashes; then the
# engine itself, with nothing more (pip check fails if the lock misses a dependency).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# Refresh the lock files after a change to pyproject.toml's dependencies, or to take newer releases:
# each package at the newest version pyproject.toml allows, with the hashes of all its files on PyPI.
# requirements.lock is this repository's (engine, tests, second runner); the starter's is what
# `explainer init` gives a new publication (the engine's dependencies and pytest).
LOCK_TOOLS := $(VENV)/lock-tools
PIP_COMPILE = $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --all-build-deps \
	--no-emit-index-url --no-emit-find-links --custom-compile-command "make lock"
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools; }
	$(PIP_COMPILE) --upgrade --extra test --extra runners --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --upgrade --extra publication --output-file hooks/explainer/starter/requirements.lock pyproject.toml

clean:
	rm -rf site $(VENV)
